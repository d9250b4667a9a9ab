"""The practice index: filters, facet counts, pagination, compare, exports, feeds, API."""

import csv
import datetime
import io

import pytest

from portal.models import Country
from tests.factories import (
    CityPageFactory,
    PracticeIndicatorFactory,
    PracticePageFactory,
    PracticePartnerFactory,
)


@pytest.fixture
def corpus(site):
    """Five practices over three cities in two countries, with different areas and years."""
    thailand = Country.objects.get(code="TH")
    bangkok = CityPageFactory(
        parent=site["cities"], title="Bangkok", slug="bangkok", country=thailand
    )
    phuket = CityPageFactory(parent=site["cities"], title="Phuket", slug="phuket", country=thailand)
    hanoi = CityPageFactory(parent=site["cities"], title="Hanoi", slug="hanoi")
    make = PracticePageFactory
    return {
        "canal": make(
            parent=bangkok,
            title="Canal cycling",
            status="pilot",
            start_date=datetime.date(2021, 11, 1),
            focal_areas=["civic-social", "health-wellbeing"],
        ),
        "cctv": make(
            parent=bangkok,
            title="Street safety cameras",
            status="ongoing",
            start_date=datetime.date(2020, 1, 1),
            focal_areas=["safety-security"],
        ),
        "beach": make(
            parent=phuket,
            title="Beach alerts",
            status="discontinued",
            start_date=datetime.date(2018, 6, 1),
            focal_areas=["safety-security", "industry-innovation"],
        ),
        "signals": make(
            parent=hanoi,
            title="Traffic signals",
            status="ongoing",
            start_date=datetime.date(2020, 5, 1),
            focal_areas=["built-infrastructure", "safety-security"],
        ),
        "draft": make(
            parent=hanoi, title="Unpublished draft", live=False, focal_areas=["safety-security"]
        ),
    }


def listed(response):
    return {p.title for p in response.context["practices"]}


def facet(response, name):
    found = next(f for f in response.context["facets"] if f.name == name)
    return {option.value: (option.count, option.selected) for option in found.options}


@pytest.mark.django_db
class TestFilters:
    def test_unfiltered_lists_every_live_practice_and_no_draft(self, client, corpus):
        response = client.get("/practices/")
        assert listed(response) == {
            "Canal cycling",
            "Street safety cameras",
            "Beach alerts",
            "Traffic signals",
        }
        assert "Unpublished draft" not in response.content.decode()

    @pytest.mark.parametrize(
        ("query", "expected"),
        [
            ({"country": "TH"}, {"Canal cycling", "Street safety cameras", "Beach alerts"}),
            ({"country": "th"}, {"Canal cycling", "Street safety cameras", "Beach alerts"}),
            ({"city": "hanoi"}, {"Traffic signals"}),
            (
                {"focal_area": "safety-security"},
                {"Street safety cameras", "Beach alerts", "Traffic signals"},
            ),
            ({"status": "ongoing"}, {"Street safety cameras", "Traffic signals"}),
            ({"year": "2020"}, {"Street safety cameras", "Traffic signals"}),
        ],
    )
    def test_each_filter(self, client, corpus, query, expected):
        assert listed(client.get("/practices/", query)) == expected

    def test_filters_combine_and_values_within_one_are_alternatives(self, client, corpus):
        response = client.get(
            "/practices/?country=TH&focal_area=safety-security&status=ongoing&status=discontinued"
        )
        assert listed(response) == {"Street safety cameras", "Beach alerts"}
        response = client.get("/practices/?country=TH&focal_area=safety-security&status=ongoing")
        assert listed(response) == {"Street safety cameras"}

    def test_facet_counts_follow_the_other_filters(self, client, corpus):
        response = client.get("/practices/?country=TH&focal_area=safety-security")
        assert facet(response, "country") == {"TH": (2, True), "VN": (1, False)}
        focal = facet(response, "focal_area")
        assert focal["safety-security"] == (2, True)
        assert focal["civic-social"] == (1, False)  # what adding it would bring in Thailand
        assert facet(response, "status") == {"ongoing": (1, False), "discontinued": (1, False)}
        assert facet(response, "year") == {"2020": (1, False), "2018": (1, False)}
        html = response.content.decode()
        assert "2 practices match your filters" in html

    def test_invalid_values_are_ignored_with_a_notice(self, client, corpus):
        response = client.get(
            "/practices/",
            {"country": "XX", "status": "bogus", "year": "20x1", "focal_area": "<b>x</b>"},
        )
        assert response.status_code == 200
        html = response.content.decode()
        assert "Unknown country “XX” ignored." in html
        assert "Status: ignored unknown value “bogus”." in html
        assert "Start year: ignored unknown value “20x1”." in html
        assert "&lt;b&gt;x&lt;/b&gt;" in html and "<b>x</b>" not in html
        assert len(listed(response)) == 4

    def test_pagination_and_bad_page_numbers(self, client, site):
        city = CityPageFactory(parent=site["cities"])
        for _ in range(23):
            PracticePageFactory(parent=city)
        first = client.get("/practices/")
        assert len(first.context["practices"]) == 20
        assert "Page 1 of 2" in first.content.decode()
        assert len(client.get("/practices/?page=2").context["practices"]) == 3
        for bad in ("999", "abc", "-1"):
            response = client.get("/practices/", {"page": bad})
            assert response.status_code == 200
            assert response.context["notices"]

    def test_filter_links_keep_the_other_filters(self, client, corpus):
        html = client.get("/practices/?country=TH").content.decode()
        assert 'href="?country=TH&amp;status=ongoing"' in html
        assert 'href="/practices/export/csv/?country=TH"' in html


@pytest.mark.django_db
class TestCompare:
    def test_compares_practices_side_by_side(self, client, corpus):
        PracticeIndicatorFactory(page=corpus["canal"])
        PracticePartnerFactory(page=corpus["cctv"], name="Metro police")
        ids = [corpus["canal"].pk, corpus["cctv"].pk, corpus["beach"].pk]
        response = client.get("/practices/compare/", {"p": ids})
        assert [p.pk for p in response.context["practices"]] == ids
        html = response.content.decode()
        assert "3 practices side by side" in html
        assert "Overflowing bins: 420 → 180 reports/month (target 150)" in html
        assert "Metro police" in html
        assert "Transferability" in html

    def test_bad_missing_and_unpublished_ids_are_reported(self, client, corpus):
        response = client.get(
            "/practices/compare/",
            {"p": [corpus["canal"].pk, "abc", 999999, corpus["draft"].pk]},
        )
        assert response.status_code == 200
        notices = " ".join(response.context["notices"])
        assert "“abc” is not a practice number" in notices
        assert "No published practice has the number 999999." in notices
        assert f"No published practice has the number {corpus['draft'].pk}." in notices
        assert "Choose at least two practices" in notices

    def test_at_most_four(self, client, corpus, site):
        extra = PracticePageFactory(parent=corpus["canal"].get_parent())
        ids = [p.pk for p in (*list(corpus.values())[:4], extra)]
        response = client.get("/practices/compare/", {"p": ids})
        assert len(response.context["practices"]) == 4
        assert "At most 4 practices can be compared" in " ".join(response.context["notices"])


@pytest.mark.django_db
class TestExportsFeedsApi:
    def test_csv_export_follows_the_filters(self, client, corpus):
        response = client.get("/practices/export/csv/?country=TH&status=ongoing")
        assert response["Content-Type"] == "text/csv; charset=utf-8"
        rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
        assert [row["title"] for row in rows] == ["Street safety cameras"]
        assert rows[0]["country"] == "TH"
        assert rows[0]["focal_areas"] == "safety-security"
        assert "private.example" not in response.content.decode()

    def test_csv_neutralises_formulas(self, client, site):
        city = CityPageFactory(parent=site["cities"])
        PracticePageFactory(parent=city, title="=HYPERLINK(1)")
        rows = list(
            csv.DictReader(
                io.StringIO(client.get("/practices/export/csv/").content.decode("utf-8-sig"))
            )
        )
        assert rows[0]["title"] == "'=HYPERLINK(1)"

    def test_json_export(self, client, corpus):
        body = client.get("/practices/export/json/?focal_area=safety-security").json()
        assert body["count"] == 3
        assert {row["title"] for row in body["results"]} == {
            "Street safety cameras",
            "Beach alerts",
            "Traffic signals",
        }

    def test_rss_and_atom_feeds_list_live_practices(self, client, corpus):
        rss = client.get("/practices/feed/")
        assert rss["Content-Type"].startswith("application/rss+xml")
        assert b"<title>Canal cycling (Bangkok)</title>" in rss.content
        assert b"Unpublished draft" not in rss.content
        atom = client.get("/practices/feed/atom/")
        assert atom["Content-Type"].startswith("application/atom+xml")

    def test_api_exposes_structured_fields_and_no_private_address(self, client, corpus):
        PracticeIndicatorFactory(page=corpus["canal"])
        response = client.get(
            "/api/v2/pages/",
            {"type": "practices.PracticePage", "fields": "*"},
        )
        assert response.status_code == 200, response.content
        items = {item["title"]: item for item in response.json()["items"]}
        assert "Unpublished draft" not in items
        canal = items["Canal cycling"]
        assert canal["focal_areas"] == ["civic-social", "health-wellbeing"]
        assert canal["status"] == "pilot"
        assert canal["country_code"] == "TH"
        assert canal["indicators"][0]["actual"] == "180.00"
        assert "contact_email" not in canal
        assert "private.example" not in response.content.decode()

    def test_api_city_fields(self, client, corpus):
        response = client.get("/api/v2/pages/", {"type": "cities.CityPage", "fields": "*"})
        cities = {item["title"]: item for item in response.json()["items"]}
        assert cities["Bangkok"]["country_code"] == "TH"
        assert "contact_email" not in cities["Bangkok"]


@pytest.mark.django_db
def test_the_listing_names_its_feeds_in_its_head(client, site):
    """Feed readers find the RSS and Atom feeds from /practices/ itself (issue 19)."""
    html = client.get("/practices/").content.decode()
    head = html[: html.index("</head>")]
    assert '<link rel="alternate" type="application/rss+xml" title="Practices (RSS)" ' in head
    assert 'href="/practices/feed/"' in head and 'href="/practices/feed/atom/"' in head
    assert client.get("/practices/feed/atom/")["Content-Type"].startswith("application/atom+xml")


@pytest.mark.django_db
def test_the_challenge_listing_names_its_feeds_in_its_head(client, site):
    """/challenges/ (merged after the feeds were named) has its RSS and Atom feeds too."""
    html = client.get("/challenges/").content.decode()
    head = html[: html.index("</head>")]
    assert 'type="application/rss+xml"' in head and 'href="/challenges/feed/"' in head
    assert 'type="application/atom+xml"' in head and 'href="/challenges/feed/atom/"' in head
