"""Adoption records (issue 19): a city records that it adapted another city's practice; both
practices and the adopting city's profile show it, chains are followed, the practice listing
sorts and filters by it and the API counts it."""

import datetime
import re
from html import unescape

from django.urls import reverse

from wagtail.test.utils.form_data import inline_formset, nested_form_data

import pytest

from adoptions.models import AdoptionPage
from portal.models import Country, FocalArea
from tests.conftest import sign_in
from tests.factories import (
    AdoptionPageFactory,
    CityPageFactory,
    PracticePageFactory,
    translate_all,
    translate_portal,
)
from tests.test_officer_admin import act
from tests.test_publishing import refused

pytestmark = pytest.mark.django_db


def add_url(city):
    return reverse("wagtailadmin_pages:add", args=["adoptions", "adoptionpage", city.pk])


def adoption_form(title, source, action="action-submit", adapted=None, **fields):
    data = nested_form_data(
        {
            "title": title,
            "slug": re.sub(r"\W+", "-", title.lower()),
            "source_practice": source.pk,
            "adapted_practice": adapted.pk if adapted else "",
            "stage": "piloting",
            "started_on": "2024-02-01",
            "ended_on": "",
            "what_changed": "Fewer sensors, on the busiest bins only.",
            "what_did_not_work": "The first supplier's batteries lasted a month.",
            "indicators": inline_formset([]),
            **fields,
        }
    )
    return {**data, action: "1"}


BLOCKS = r"</?(?:li|ul|ol|h\d|p|dt|dd|dl|section|div|tr|td|th|table|aside|header)\b[^>]*>"


def text(response):
    """The text as read: block elements apart, inline ones (links) part of their sentence."""
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", response.content.decode(), flags=re.S)
    html = re.sub(r"<[^>]+>", "", re.sub(BLOCKS, " ", html))
    return unescape(" ".join(html.split()))


def page_text(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return text(response)


@pytest.fixture
def chain(world):
    """Bangkok's practice A, adapted by Da Nang as its practice B, adapted by Jakarta (C)."""
    indonesia = Country.objects.get(code="ID")
    jakarta = CityPageFactory(
        parent=world["site"]["cities"], title="Jakarta", slug="jakarta", country=indonesia
    )
    a = world["bangkok_practice"]
    b = world["danang_practice"]
    c = PracticePageFactory(parent=jakarta, title="Jakarta canal lanes")
    ab = AdoptionPageFactory(
        parent=world["danang"],
        title="Da Nang adapts canal cycling",
        source_practice=a,
        adapted_practice=b,
        stage="running",
        started_on=datetime.date(2021, 5, 1),
    )
    bc = AdoptionPageFactory(
        parent=jakarta,
        title="Jakarta adapts Da Nang's lanes",
        source_practice=b,
        adapted_practice=c,
        stage="exploring",
        started_on=datetime.date(2024, 9, 1),
    )
    return {**world, "jakarta": jakarta, "a": a, "b": b, "c": c, "ab": ab, "bc": bc}


class TestRecording:
    def test_officer_records_an_adoption_that_passes_review_and_both_pages_show_it(
        self, client, world
    ):
        source = world["bangkok_practice"]
        sign_in(client, world["officer"])
        client.post(add_url(world["danang"]), adoption_form("Canal cycling in Da Nang", source))
        record = AdoptionPage.objects.get(title="Canal cycling in Da Nang")
        assert not record.live  # waiting for Viet Nam's national review
        assert record.city.specific == world["danang"] and record.country.code == "VN"
        assert "Adapted by" not in page_text(client, source.url)

        sign_in(client, world["reviewer"])
        act(client, record, "approve")
        record.refresh_from_db()
        assert record.live

        shown = page_text(client, source.url)
        assert "Adapted by Da Nang (Piloting, since February 2024)" in shown
        profile = page_text(client, world["danang"].url)
        assert "Adapted from Canal cycling (Bangkok): Canal cycling in Da Nang" in profile
        bangkok = page_text(client, world["bangkok"].url)
        assert "Practices of Bangkok adapted by other cities Canal cycling: Da Nang" in bangkok
        own = page_text(client, record.url)
        assert "Fewer sensors, on the busiest bins only." in own
        assert "The first supplier's batteries lasted a month." in own

    @pytest.mark.parametrize(
        ("outsider", "action"),
        [("other_officer", "action-submit"), ("other_reviewer", "action-publish")],
    )
    def test_an_officer_or_reviewer_of_elsewhere_cannot_record_for_a_city_not_theirs(
        self, client, world, outsider, action
    ):
        sign_in(client, world[outsider])  # Bangkok's officer, Thailand's reviewer
        assert refused(client.get(add_url(world["danang"])))
        response = client.post(
            add_url(world["danang"]), adoption_form("Intruder", world["bangkok_practice"], action)
        )
        assert refused(response)
        assert not AdoptionPage.objects.filter(title="Intruder").exists()

    def test_the_source_must_be_another_citys_and_the_version_the_citys_own(self, client, world):
        sign_in(client, world["officer"])
        own = world["danang_practice"]
        response = client.post(add_url(world["danang"]), adoption_form("Self", own))
        assert response.status_code == 200
        assert "Choose a practice of another city" in text(response)
        response = client.post(
            add_url(world["danang"]),
            adoption_form(
                "Wrong version", world["bangkok_practice"], adapted=world["bangkok_practice"]
            ),
        )
        assert "Choose a practice of your own city" in text(response)
        assert not AdoptionPage.objects.exists()

    def test_a_city_records_a_practice_once_and_dates_are_checked(self, client, world):
        AdoptionPageFactory(
            parent=world["danang"], title="First record", source_practice=world["bangkok_practice"]
        )
        sign_in(client, world["officer"])
        response = client.post(
            add_url(world["danang"]), adoption_form("Second", world["bangkok_practice"])
        )
        assert "already recorded adapting this practice: “First record”" in text(response)
        response = client.post(
            add_url(world["danang"]),
            adoption_form(
                "Backwards", world["bangkok_practice"], stage="stopped", ended_on="2020-01-01"
            ),
        )
        assert "It cannot stop before it started." in text(response)
        # Every problem in one answer, not one per round: own city, future start, stray end.
        response = client.post(
            add_url(world["danang"]),
            adoption_form(
                "Many", world["danang_practice"], started_on="2999-01-01", ended_on="2999-02-01"
            ),
        )
        for problem in (
            "Choose a practice of another city",
            "The start cannot be in the future.",
            "Give a stop date only when the stage is stopped.",
        ):
            assert problem in text(response)
        assert AdoptionPage.objects.count() == 1

    def test_a_record_moved_to_another_city_takes_that_citys_facts(self, chain):
        """Wagtail saves a moved page as a plain Page: the record's copied city follows anyway."""
        chain["bc"].move(chain["bangkok"], pos="last-child")
        moved = AdoptionPage.objects.get(pk=chain["bc"].pk)
        assert moved.city_id == chain["bangkok"].pk
        assert moved.country.code == "TH"


class TestChains:
    def test_the_origin_shows_the_whole_chain_downstream(self, client, chain):
        shown = page_text(client, chain["a"].url)
        assert "Adapted by Da Nang (Running, since May 2021)" in shown
        assert "then, from Waste sensors: Jakarta (Exploring, since September 2024)" in shown
        assert shown.index("Da Nang (Running") < shown.index("Jakarta (Exploring")

    def test_the_end_of_the_chain_shows_where_it_came_from_origin_first(self, client, chain):
        shown = page_text(client, chain["c"].url)
        start = shown.index("Adapted from")
        assert shown.index("Canal cycling (Bangkok) → adapted by Da Nang", start) < shown.index(
            "Waste sensors (Da Nang) → adapted by Jakarta", start
        )
        middle = page_text(client, chain["b"].url)
        assert "Adapted from Canal cycling (Bangkok) → adapted by Da Nang" in middle
        assert "Adapted by Jakarta (Exploring" in middle

    def test_a_record_shows_its_chain(self, client, chain):
        shown = page_text(client, chain["bc"].url)
        assert "Where the source came from Canal cycling (Bangkok) → Da Nang" in shown
        assert "Adapted from Waste sensors (Da Nang)" in shown

    def test_a_loop_ends(self, client, chain):
        """Bangkok adapting Jakarta's version back into its own practice A makes a loop."""
        AdoptionPageFactory(
            parent=chain["bangkok"],
            title="Bangkok takes the lanes back",
            source_practice=chain["c"],
            adapted_practice=chain["a"],
        )
        shown = page_text(client, chain["a"].url)
        assert shown.count("Jakarta (Exploring, since") == 1  # "Adapted by" ends
        assert "Jakarta canal lanes (Jakarta) → adapted by Bangkok" in shown  # so does "from"
        assert page_text(client, chain["c"].url)

    def test_unpublished_and_draft_records_are_not_shown(self, client, chain):
        chain["bc"].unpublish()
        shown = page_text(client, chain["a"].url)
        assert "Jakarta (Exploring" not in shown  # (the "my city" chooser names every city)
        assert "Adapted by Da Nang" in shown

    def test_a_translated_record_counts_once_and_shows_in_the_language(self, client, chain):
        translate_portal(chain["site"], "th")
        translate_all(chain["ab"], "th")
        response = client.get("/practices/?sort=adopted")
        first = response.context["practices"].object_list[0]
        assert first.translation_key == chain["a"].translation_key
        assert first.adoption_count == 1

    def test_records_naming_different_translations_of_a_practice_count_together(
        self, client, chain
    ):
        translate_portal(chain["site"], "th")
        thai = translate_all(chain["a"], "th")
        AdoptionPageFactory(
            parent=chain["jakarta"], title="From the Thai page", source_practice=thai
        )
        response = client.get("/practices/?sort=adopted")
        first = response.context["practices"].object_list[0]
        assert first.translation_key == chain["a"].translation_key
        assert first.adoption_count == 2
        shown = page_text(client, chain["a"].url)
        assert "Adapted by Da Nang (Running" in shown and "Jakarta (Piloting" in shown


class TestListingAndApi:
    def test_sort_by_adoptions_and_the_facet(self, client, chain):
        PracticePageFactory(parent=chain["bangkok"], title="Never adapted")
        AdoptionPageFactory(
            parent=chain["jakarta"], title="Jakarta too", source_practice=chain["a"]
        )
        response = client.get("/practices/?sort=adopted")
        titles = [p.title for p in response.context["practices"].object_list]
        assert titles[:2] == ["Canal cycling", "Waste sensors"]  # 2, then 1 adoption
        assert "Adopted by 2 other cities" in text(response)

        response = client.get("/practices/?adopted=yes")
        assert {p.title for p in response.context["practices"].object_list} == {
            "Canal cycling",
            "Waste sensors",
        }
        (facet,) = [f for f in response.context["facets"] if f.name == "adopted"]
        assert [(o.label, o.count, o.selected) for o in facet.options] == [
            ("Adopted by other cities", 2, True)
        ]
        response = client.get("/practices/?adopted=yes&country=ID")
        assert list(response.context["practices"].object_list) == []
        assert "2 practices adopted by other cities" in page_text(client, "/practices/coverage/")

    def test_unknown_sort_and_facet_values_are_ignored_with_a_notice(self, client, chain):
        response = client.get("/practices/?sort=%27;drop&adopted=maybe")
        assert response.status_code == 200
        shown = text(response)
        assert "Unknown order ignored; newest first." in shown
        assert "ignored unknown value “maybe”" in shown

    def test_the_api_counts_adoptions_and_lists_the_records(self, client, chain):
        data = client.get("/api/v2/pages/?type=practices.PracticePage&fields=adoption_count").json()
        counts = {item["title"]: item["adoption_count"] for item in data["items"]}
        assert counts == {"Canal cycling": 1, "Waste sensors": 1, "Jakarta canal lanes": 0}
        detail = client.get(f"/api/v2/pages/{chain['a'].pk}/").json()
        assert detail["adoption_count"] == 1
        records = client.get("/api/v2/pages/?type=adoptions.AdoptionPage&fields=*").json()
        by_title = {item["title"]: item for item in records["items"]}
        assert by_title["Da Nang adapts canal cycling"]["source_practice_id"] == chain["a"].pk
        assert by_title["Da Nang adapts canal cycling"]["stage"] == "running"
        assert by_title["Jakarta adapts Da Nang's lanes"]["country_code"] == "ID"


class TestRegionView:
    def test_each_transfer_is_a_labelled_link_on_the_map_and_a_row_beside_it(self, client, chain):
        response = client.get(reverse("transfers"))
        html = response.content.decode()
        start = html.index('class="map-svg"')  # the header has icons drawn in SVG too
        svg = html[start : html.index("</svg>", start)]
        assert "<script" not in svg
        assert (
            f'<a href="{chain["ab"].url}" aria-label="Da Nang adapted Canal cycling of Bangkok '
            '(Running)"><path class="transfer-arrow stage-running"' in svg
        )
        assert 'aria-label="Jakarta adapted Waste sensors of Da Nang (Exploring)"' in svg
        for city in ("bangkok", "danang", "jakarta"):
            assert f'<a href="{chain[city].url}" aria-label="{chain[city].title}">' in svg
        rows = text(response)
        assert "2 transfers" in rows
        assert "Bangkok Canal cycling Da Nang Running, since May 2021" in rows
        assert "Da Nang Waste sensors Jakarta Exploring, since September 2024" in rows

    def test_filtered_by_the_focal_area_of_the_source_practice(self, client, chain):
        for practice, area in ((chain["a"], "civic-social"), (chain["b"], "quality-environment")):
            practice.focal_areas.set(FocalArea.objects.filter(slug=area))
            practice.save()  # modelcluster stores the relation with the page
        shown = page_text(client, f"{reverse('transfers')}?focal_area=civic-social")
        assert "1 transfer" in shown and "Canal cycling" in shown
        assert "Jakarta" not in shown
        shown = page_text(client, f"{reverse('transfers')}?focal_area=safety-security")
        assert "No city has recorded adapting a practice of this focal area yet." in shown

    def test_an_unknown_focal_area_is_ignored_with_a_notice(self, client, chain):
        response = client.get(f"{reverse('transfers')}?focal_area=%3Cb%3Ebold")
        assert "<b>bold" not in response.content.decode()
        shown = text(response)
        assert "Unknown focal area “<b>bold” ignored; showing every transfer." in shown
        assert "2 transfers" in shown

    def test_in_another_language(self, client, chain):
        translate_portal(chain["site"], "th")
        response = client.get("/th/transfers/")
        assert response.status_code == 200
        assert "การถ่ายทอดระหว่างเมือง" in response.content.decode()
