"""SDG targets (issue 19): the UN's goals and targets shipped as data, practices and challenges
tagged with them in the admin, a facet by goal and a filter by target on the practice list and
search, badges, exports, the API and the SDG 11 coverage table."""

import csv
import io
import json
import re
from html import unescape

from django.test import Client
from django.urls import reverse
from django.utils import translation

from wagtail.test.utils.form_data import inline_formset, nested_form_data, streamfield

import pytest

from portal.models import FocalArea, SDGGoal, SDGTarget
from portal.sdg import sdg_data
from practices.models import NARRATIVE_SECTIONS, PracticePage
from tests.conftest import sign_in
from tests.factories import ChallengePageFactory, PracticePageFactory

pytestmark = pytest.mark.django_db
SDG11 = ["11.1", "11.2", "11.3", "11.4", "11.5", "11.6", "11.7", "11.a", "11.b", "11.c"]


@pytest.fixture
def tagged(world):
    """Da Nang (Viet Nam): buses (11.2, 11.6) and water (6.4); Bangkok (Thailand): parking
    (11.2); a challenge of Da Nang (11.5)."""
    words = "Tagged for the coral reef study."  # what a search finds them by
    return {
        "buses": PracticePageFactory(
            parent=world["danang"],
            title="Electric buses",
            sdg_targets=["11.2", "11.6"],
            summary=words,
        ),
        "water": PracticePageFactory(
            parent=world["danang"], title="District metering", sdg_targets=["6.4"], summary=words
        ),
        "parking": PracticePageFactory(
            parent=world["bangkok"], title="Smart parking", sdg_targets=["11.2"], summary=words
        ),
        "challenge": ChallengePageFactory(
            parent=world["danang"],
            title="No warning when the river rises",
            sdg_targets=["11.5"],
            problem=words,
        ),
        **world,
    }


def facet(response, name="sdg"):
    found = next(f for f in response.context["facets"] if f.name == name)
    return {option.value: option.count for option in found.options}


def listed(response, key="practices"):
    return {page.title for page in response.context[key]}


def test_the_data_has_the_17_goals_and_169_targets_with_official_numbers():
    assert list(SDGGoal.objects.values_list("number", flat=True)) == list(range(1, 18))
    assert SDGTarget.objects.count() == 169
    assert list(SDGTarget.objects.filter(goal=11).values_list("code", flat=True)) == SDG11
    for target in SDGTarget.objects.all():
        assert target.code.split(".")[0] == str(target.goal_id)
    assert SDGTarget.objects.get(code="11.2").title.startswith(
        "By 2030, provide access to safe, affordable, accessible and sustainable transport"
    )
    assert str(SDGGoal.objects.get(number=11)) == "SDG 11: Sustainable cities and communities"
    source = sdg_data()["source"]
    assert source["commit"].startswith("0cda5858") and source["licence"].startswith("MIT")
    assert set(sdg_data()["drafts"]) >= {"km", "lo", "my"}


def test_names_follow_the_language_and_targets_fall_back_to_english():
    target, goal = SDGTarget.objects.get(code="11.2"), SDGGoal.objects.get(number=11)
    with translation.override("km"):
        assert target.label_language == "km" and target.label != target.title
        assert goal.name != "Sustainable cities and communities"
    with translation.override("th"):  # the goal's short name is a draft, the target is not
        assert goal.name != "Sustainable cities and communities"
        assert (target.label, target.label_language) == (target.title, "en")
        assert target.badge == "SDG 11.2"


def test_the_facet_counts_per_goal_each_practice_once(client, tagged):
    response = client.get("/practices/")
    counts = facet(response)
    assert counts["11"] == 2  # buses (two targets of goal 11) and parking
    assert counts["6"] == 1
    assert "5" not in counts  # no practice serves goal 5
    options = next(f for f in response.context["facets"] if f.name == "sdg").options
    assert [o.value for o in options] == ["6", "11"]  # by goal number
    assert "SDG 11: Sustainable cities and communities" in response.content.decode()


def test_the_facet_counts_stay_right_with_another_filter(client, tagged):
    counts = facet(client.get("/practices/", {"country": "TH"}))
    assert counts == {"11": 1}
    by_goal = client.get("/practices/", {"sdg": "11", "country": "VN"})
    assert listed(by_goal) == {"Electric buses"}
    # the other facets count within the goal
    assert facet(client.get("/practices/", {"sdg": "11"}), "country") == {"TH": 1, "VN": 1}


def test_a_target_filter_lists_its_practices_and_shows_as_chosen(client, tagged):
    response = client.get("/practices/", {"sdg": "11.2"})
    assert listed(response) == {"Electric buses", "Smart parking"}
    assert facet(response)["11.2"] == 2
    html = response.content.decode()
    assert "Sustainable Development Goal: SDG 11.2" in unescape(re.sub(r"<[^>]+>", "", html))
    assert listed(client.get("/practices/", {"sdg": ["6.4", "11.6"]})) == {
        "Electric buses",
        "District metering",
    }


def test_badges_link_to_the_practices_of_their_target(client, tagged):
    html = client.get(tagged["buses"].url).content.decode()
    badges = re.findall(r'<a class="sdg-badge" href="([^"]+)">SDG ([\d.a-z]+)<span', html)
    assert badges == [("/practices/?sdg=11.2", "11.2"), ("/practices/?sdg=11.6", "11.6")]
    assert "provide access to safe, affordable, accessible and sustainable transport" in html
    followed = client.get(badges[0][0])
    assert listed(followed) == {"Electric buses", "Smart parking"}
    # on the cards of the list too, the title as the link's accessible text
    listing = client.get("/practices/").content.decode()
    assert '<a class="sdg-badge" href="/practices/?sdg=6.4">SDG 6.4<span' in listing
    challenge = client.get(tagged["challenge"].url).content.decode()
    assert 'href="/practices/?sdg=11.5">SDG 11.5' in challenge


def test_exports_and_the_api_carry_the_codes(client, tagged):
    rows = client.get("/practices/export/json/").json()["results"]
    assert {row["title"]: row["sdg_targets"] for row in rows}["Electric buses"] == [
        "11.2",
        "11.6",
    ]
    text = client.get("/practices/export/csv/").content.decode("utf-8-sig")
    by_title = {row["title"]: row for row in csv.DictReader(io.StringIO(text))}
    assert by_title["Electric buses"]["sdg_targets"] == "11.2;11.6"
    assert by_title["Waste sensors"]["sdg_targets"] == ""
    filtered = client.get("/practices/export/json/", {"sdg": "6"}).json()
    assert [row["title"] for row in filtered["results"]] == ["District metering"]
    api = client.get(
        "/api/v2/pages/", {"type": "practices.PracticePage", "fields": "sdg_targets"}
    ).json()
    assert {item["title"]: item["sdg_targets"] for item in api["items"]}["Smart parking"] == [
        "11.2"
    ]
    challenge = client.get(f"/api/v2/pages/{tagged['challenge'].pk}/").json()
    assert challenge["sdg_targets"] == ["11.5"]
    rows = client.get("/challenges/export/json/").json()["results"]
    assert rows[0]["sdg_targets"] == ["11.5"]


def test_the_coverage_view_has_sdg_11_targets_by_country(client, tagged):
    html = client.get("/practices/coverage/").content.decode()
    table = re.search(r'<table class="sdg-coverage">.*?</table>', html, re.S).group(0)
    assert "<caption" in table and "SDG 11" in table
    rows = re.findall(r'<th scope="row"><a href="/practices/\?sdg=([^"]+)">', table)
    assert rows == SDG11
    headers = re.findall(r'<th scope="col"><abbr title="[^"]+">(\w\w)</abbr></th>', table)
    assert "TH" in headers and "VN" in headers and len(headers) == 11
    row = re.search(r'sdg=11\.2">.*?</tr>', table, re.S).group(0)
    cells = re.findall(r"<td>(.*?)</td>", row)
    assert cells[headers.index("VN")] == '<a href="/practices/?sdg=11.2&amp;country=VN">1</a>'
    assert cells[headers.index("TH")] == '<a href="/practices/?sdg=11.2&amp;country=TH">1</a>'
    assert cells[headers.index("ID")] == "0"
    # within a filter: Thailand's practices only
    filtered = client.get("/practices/coverage/", {"country": "TH"}).content.decode()
    row = re.search(r'sdg=11\.2">.*?</tr>', filtered, re.S).group(0)
    assert re.findall(r"<td>(.*?)</td>", row)[headers.index("VN")] == "0"


def practice_form(title, targets):
    data = nested_form_data(
        {
            "title": title,
            "slug": re.sub(r"\W+", "-", title.lower()),
            "summary": "Buses that run on electricity.",
            "status": "pilot",
            "currency": "VND",
            **{name: streamfield([]) for name, _label in NARRATIVE_SECTIONS},
            "indicators": inline_formset([]),
            "partners": inline_formset([]),
            "sources": inline_formset([]),
        }
    )
    area = FocalArea.objects.get(slug="built-infrastructure").pk
    return {**data, "focal_areas": [area], "sdg_targets": targets, "action-submit": "1"}


def test_an_officer_tags_targets_grouped_by_goal_and_review_publishes_them(
    client, admin_client, world
):
    officer = sign_in(Client(), world["officer"])
    add = reverse("wagtailadmin_pages:add", args=["practices", "practicepage", world["danang"].pk])
    form = officer.get(add).content.decode()
    assert form.count('name="sdg_targets"') == 169
    # grouped under their goals, in the goals' order
    groups = re.findall(r"<summary>SDG (\d+): [^<]+</summary>", form)
    assert groups == [str(n) for n in range(1, 18)]
    assert officer.post(add, practice_form("Electric ferries", ["11.2", "14.1"])).status_code == 302
    page = PracticePage.objects.get(slug="electric-ferries")
    assert not page.live  # in review, as every officer's page
    revision = page.get_latest_revision().as_object()
    assert sorted(t.code for t in revision.sdg_targets.all()) == ["11.2", "14.1"]
    page.get_latest_revision().publish()
    page.refresh_from_db()
    assert sorted(page.sdg_targets.values_list("code", flat=True)) == ["11.2", "14.1"]
    assert sorted(page.sdg_goals.values_list("number", flat=True)) == [11, 14]
    assert facet(client.get("/practices/")) == {"11": 1, "14": 1}
    # an edit that drops a target drops its goal
    edit = reverse("wagtailadmin_pages:edit", args=[page.pk])
    form = admin_client.get(edit).content.decode()
    opened = re.findall(r"<details open>\s*<summary>SDG (\d+): [^<]*\((\d+)\)</summary>", form)
    assert opened == [("11", "1"), ("14", "1")]  # the goals with a ticked target, open
    data = {**practice_form("Electric ferries", ["11.2"]), "action-publish": "1"}
    del data["action-submit"]
    assert admin_client.post(edit, data).status_code == 302
    page.refresh_from_db()
    assert list(page.sdg_goals.values_list("number", flat=True)) == [11]


def test_an_officer_cannot_change_the_targets_themselves(world):
    officer = sign_in(Client(), world["officer"])
    response = officer.get(reverse("wagtailsnippets_portal_sdgtarget:list"))
    assert response.status_code in (302, 403)
    edit = reverse("wagtailsnippets_portal_sdgtarget:edit", args=["11.2"])
    assert officer.post(edit, {"title": "Changed"}).status_code in (302, 403)
    assert SDGTarget.objects.get(code="11.2").title.startswith("By 2030")


@pytest.mark.parametrize("value", ["99.9", "11.z", "<script>alert(1)</script>", "0", "x" * 5000])
@pytest.mark.parametrize("address", ["/practices/", "/search/", "/practices/coverage/"])
def test_bad_sdg_values_are_ignored_with_a_notice(client, tagged, address, value):
    response = client.get(address, {"sdg": value, "q": "coral"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "<script>alert(1)" not in html
    notices = " ".join(response.context["notices"])
    assert value[:40] in notices and len(notices) < 400
    if address == "/practices/":
        assert len(listed(response)) == 5  # the filter is ignored, not applied


@pytest.mark.search  # also in the OpenSearch pass: facets and filters through the engine
def test_search_has_the_goal_facet_and_the_target_filter(client, tagged):
    counts = facet(client.get("/search/", {"q": "coral"}))
    assert counts == {"6": 1, "11": 3}  # two practices and the challenge serve goal 11
    found = client.get("/search/", {"q": "coral", "sdg": "11.2"})
    assert {page.title for page in found.context["results"]} == {
        "Electric buses",
        "Smart parking",
    }
    assert facet(found)["11.2"] == 2
    assert facet(client.get("/search/", {"q": "coral", "country": "TH"})) == {"11": 1}
    by_goal = client.get("/search/", {"q": "coral", "sdg": "11", "country": "VN"})
    assert {page.title for page in by_goal.context["results"]} == {
        "Electric buses",
        "No warning when the river rises",
    }
    body = client.get("/api/search/", {"q": "coral", "sdg": "6"}).json()
    assert [r["title"] for r in body["results"]] == ["District metering"]
    assert body["results"][0]["sdg_targets"] == ["6.4"]


def test_the_sample_data_tags_with_real_targets():
    from ops.management.commands.seed_demo import DATA_DIR

    codes = set(SDGTarget.objects.values_list("code", flat=True))
    for kind in ("practices", "challenges"):
        items = json.loads((DATA_DIR / f"sample_{kind}.json").read_text())[kind]
        assert all(item["sdg_targets"] for item in items), kind
        assert {c for item in items for c in item["sdg_targets"]} <= codes
