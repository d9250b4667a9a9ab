"""Challenges: a city's officer writes one, the national review publishes it, and the public finds
it at /challenges/ (with facets), on the city's page, in search, the API, the exports and feeds."""

import csv
import io
import json

from django.urls import reverse

from wagtail.models import WorkflowState

import pytest

from challenges.models import ChallengePage
from portal.models import Country, FocalArea
from search.query import run_search
from tests.conftest import sign_in
from tests.factories import ChallengePageFactory, translate_all, translate_portal


def challenge_form(title, action, **fields):
    return {
        "title": title,
        "slug": title.lower().replace(" ", "-"),
        "problem": "Bins in the old quarter overflow every weekend; tourists complain.",
        "status": "open",
        "currency": "VND",
        "budget_from": "100000000",
        "budget_to": "500000000",
        "time_frame": "year",
        "in_house_capacity": "some",
        "tried": "Extra collection rounds on Sundays: too costly.",
        "raised_on": "2025-03-01",
        "contact_role": "Head of DONRE",
        "contact_email": "hidden-head@danang.example",
        "focal_areas": [FocalArea.objects.get(slug="quality-environment").pk],
        action: "1",
        **fields,
    }


def add_url(parent):
    return reverse("wagtailadmin_pages:add", args=["challenges", "challengepage", parent.pk])


def approve(client, reviewer, page):
    sign_in(client, reviewer)
    state = WorkflowState.objects.get(object_id=str(page.pk)).current_task_state
    url = reverse("wagtailadmin_pages:workflow_action", args=[page.pk, "approve", state.pk])
    client.post(url, {"comment": ""})
    page.refresh_from_db()
    return page


@pytest.mark.django_db
class TestWritingAndReview:
    def test_an_officer_writes_it_the_reviewer_publishes_it_and_the_public_reads_it(
        self, client, world
    ):
        sign_in(client, world["officer"])
        response = client.post(
            add_url(world["danang"]), challenge_form("Overflowing bins", "action-submit")
        )
        assert response.status_code == 302
        page = ChallengePage.objects.get(title="Overflowing bins")
        assert not page.live
        assert page.city.specific == world["danang"] and page.country.code == "VN"

        page = approve(client, world["reviewer"], page)
        assert page.live
        client.logout()
        html = client.get(page.url).content.decode()
        assert html.count("<h1") == 1
        assert "Bins in the old quarter overflow" in html
        assert "100,000,000 – 500,000,000 VND" in html
        assert "Head of DONRE" in html
        assert "hidden-head@danang.example" not in html  # the address is never shown
        assert "Extra collection rounds" in html
        assert "Overflowing bins" in client.get("/challenges/").content.decode()
        city_html = client.get(world["danang"].url).content.decode()
        assert "Challenges Da Nang faces" in city_html and "Overflowing bins" in city_html

    def test_an_officer_cannot_write_one_for_another_city(self, client, world):
        sign_in(client, world["other_officer"])
        response = client.post(
            add_url(world["danang"]), challenge_form("Intruder", "action-submit")
        )
        assert response.status_code in (302, 403)
        assert not ChallengePage.objects.filter(title="Intruder").exists()

    def test_an_officer_cannot_publish_and_a_budget_upside_down_is_refused(self, client, world):
        sign_in(client, world["officer"])
        client.post(add_url(world["danang"]), challenge_form("Floods", "action-publish"))
        assert not ChallengePage.objects.filter(title="Floods", live=True).exists()
        response = client.post(
            add_url(world["danang"]),
            challenge_form("Upside down", "action-submit", budget_from="9", budget_to="1"),
        )
        assert response.status_code == 200
        assert "cannot be below its lower end" in response.content.decode()


@pytest.fixture
def challenges(world):
    thailand = Country.objects.get(code="TH")
    return {
        "bins": ChallengePageFactory(
            parent=world["danang"],
            title="Overflowing bins",
            focal_areas=["quality-environment"],
            topics=["waste"],
        ),
        "floods": ChallengePageFactory(
            parent=world["bangkok"],
            title="Flash floods",
            problem="Canals overflow in the rainy season.",
            status="matched",
            focal_areas=["safety-security"],
        ),
        "old": ChallengePageFactory(
            parent=world["bangkok"],
            title="Paper permits",
            problem="Building permits take months on paper.",
            status="solved",
            focal_areas=["civic-social"],
            provenance="sample",
        ),
        "thailand": thailand,
    }


@pytest.mark.django_db
class TestListing:
    def test_facets_count_and_filter(self, client, challenges):
        html = client.get("/challenges/").content.decode()
        assert "3 challenges" in html
        assert 'Thailand <span class="count">(2' in html
        html = client.get("/challenges/?country=TH&status=open&status=matched").content.decode()
        assert "1 challenge matches your filters" in html
        assert "Flash floods" in html and "Overflowing bins" not in html

    def test_bad_input_gives_notices_not_errors(self, client, challenges):
        for query in (
            "?country=ZZ",
            "?status=nonsense",
            "?focal_area=%00",
            "?page=abc",
            "?page=99999999999999999999",
            "?country=" + "x" * 500,
        ):
            response = client.get("/challenges/" + query)
            assert response.status_code == 200, query
        html = client.get("/challenges/?status=nonsense").content.decode()
        assert "ignored unknown value" in html

    def test_a_sample_says_so(self, client, challenges):
        html = client.get(challenges["old"].url).content.decode()
        assert "Sample content." in html and "not raised by the city" in html

    def test_exports_and_feeds(self, client, challenges):
        response = client.get("/challenges/export/csv/?country=TH")
        rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
        assert {row["title"] for row in rows} == {"Flash floods", "Paper permits"}
        assert "contact_email" not in rows[0] and "@" not in response.content.decode()
        data = json.loads(client.get("/challenges/export/json/?status=open").content)
        assert data["count"] == 1 and data["results"][0]["focal_areas"] == ["quality-environment"]
        rss = client.get("/challenges/feed/").content.decode()
        assert "Flash floods" in rss and "Canals overflow" in rss
        atom = client.get("/challenges/feed/atom/")
        assert atom["Content-Type"].startswith("application/atom+xml")

    def test_the_api_gives_challenges_without_the_address(self, client, challenges):
        response = client.get(
            "/api/v2/pages/?type=challenges.ChallengePage&fields=problem,status,focal_areas"
        )
        items = response.json()["items"]
        assert {item["title"] for item in items} == {
            "Overflowing bins",
            "Flash floods",
            "Paper permits",
        }
        assert "private.example" not in response.content.decode()

    def test_the_header_links_to_the_listing(self, client, challenges):
        assert 'href="/challenges/"' in client.get("/").content.decode()

    def test_the_home_page_counts_the_challenges_waiting_for_a_practice(self, client, challenges):
        html = client.get("/").content.decode()  # bins (open) and floods (matched), not solved
        assert '<a href="/challenges/"><strong>2</strong> challenges cities face</a>' in html


@pytest.mark.django_db
@pytest.mark.search
def test_search_finds_a_challenge_and_counts_it_as_its_type(rf, challenges):
    outcome = run_search(rf.get("/search/", {"q": "rainy"}).GET)
    titles = [page.title for page in outcome.results]
    assert titles == ["Flash floods"]
    types = {facet.name: facet for facet in outcome.facets}["type"]
    assert [(option.value, option.count) for option in types.options] == [("challenge", 1)]
    outcome = run_search(rf.get("/search/", {"q": "rainy", "type": "city"}).GET)
    assert list(outcome.results) == []


@pytest.mark.django_db
def test_a_challenge_follows_its_city_to_another_country(challenges, world):
    city = world["danang"]
    city.country = Country.objects.get(code="LA")
    city.save()
    assert ChallengePage.objects.get(pk=challenges["bins"].pk).country.code == "LA"


@pytest.mark.django_db
def test_a_challenge_is_translated_like_a_practice(client, challenges, world):
    translate_portal(world["site"], "th")
    translate_all(world["danang"], "th")
    thai = translate_all(challenges["bins"], "th")
    assert thai.city.locale.language_code == "th" and thai.country.code == "VN"
    html = client.get("/th/challenges/").content.decode()
    assert "Overflowing bins [th]" in html
    assert "Flash floods" in html  # not translated: listed in English
