"""Every public view runs a fixed number of SQL queries, however many practices it lists."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

import pytest

from portal.models import Country
from tests.factories import (
    AdoptionPageFactory,
    CityPageFactory,
    PracticeIndicatorFactory,
    PracticePageFactory,
    PracticePartnerFactory,
    translate_portal,
)

CEILING = 40  # no public page may need more, whatever the data


def add_practices(site, count, adoptions=True):
    """``count`` practices spread over five cities in two countries, with indicators; each
    fifth one adapted by the next city as its own practice, and that one by the city after:
    a chain of adaptations A → B → C per five practices."""
    countries = [Country.objects.get(code="TH"), Country.objects.get(code="VN")]
    cities = [CityPageFactory(parent=site["cities"], country=countries[n % 2]) for n in range(5)]
    practices = []
    for n in range(count):
        practice = PracticePageFactory(
            parent=cities[n % 5],
            focal_areas=["safety-security", "civic-social"],
            topics=["sensors"],
        )
        PracticeIndicatorFactory(page=practice)
        PracticePartnerFactory(page=practice)
        practices.append(practice)
        if adoptions and n % 5 in (1, 2):
            AdoptionPageFactory(
                parent=cities[n % 5], source_practice=practices[n - 1], adapted_practice=practice
            )
    return practices


def queries_for(client, url):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(captured)


def urls(practices):
    practice = practices[0]
    ids = "&".join(f"p={p.pk}" for p in practices[:4])
    return [
        "/",
        "/cities/",
        "/cities/?country=TH",
        practice.get_parent().url,
        practice.url,
        "/practices/",
        "/practices/?country=TH&focal_area=safety-security&status=ongoing",
        "/practices/?sort=adopted",
        "/practices/?adopted=yes",
        practice.adoptions.first().url,
        practice.adoptions.first().get_parent().url,
        "/transfers/",
        "/transfers/?focal_area=civic-social",
        f"/practices/compare/?{ids}",
        "/practices/coverage/",
        "/practices/export/csv/",
        "/practices/export/json/",
        "/practices/feed/",
        "/practices/feed/atom/",
        "/search/?q=helps",
        "/search/?q=helps&country=TH&type=practice",
        "/api/search/?q=helps",
        "/search/autocomplete/?q=pract",
        "/api/v2/pages/?type=practices.PracticePage&fields=*",
        "/api/v2/pages/?type=adoptions.AdoptionPage&fields=*",
        "/sitemap.xml",
        "/th/",
        "/th/cities/",
        "/th/practices/",
        f"{practice.url}?untranslated=lo",
    ]


@pytest.mark.django_db
def test_queries_do_not_grow_with_the_number_of_practices(client, site):
    translate_portal(site, "th")  # the Thai pages list the English practices
    small = add_practices(site, 5)
    baseline = {url: queries_for(client, url) for url in urls(small)}
    add_practices(site, 45)  # 50 practices in all, 10 per new city
    for url, count in baseline.items():
        grown = queries_for(client, url)
        assert grown <= count, f"{url}: {count} queries with 5 practices, {grown} with 50"
        assert grown <= CEILING, f"{url}: {grown} queries"


@pytest.mark.django_db
def test_practice_listing_budget(client, site, django_assert_max_num_queries):
    add_practices(site, 50)
    with django_assert_max_num_queries(CEILING):
        response = client.get("/practices/?focal_area=safety-security")
    assert response.context["practices"].paginator.count == 50


@pytest.mark.django_db
def test_chains_of_adaptations_cost_the_practice_page_at_most_one_query(client, site):
    """The practice page stays within its budget: "Adapted by" and "Adapted from" read the
    region's transfers in one query (uncached, as in every test)."""
    practices = add_practices(site, 5, adoptions=False)
    before = {p.url: queries_for(client, p.url) for p in practices[:3]}
    AdoptionPageFactory(
        parent=practices[1].get_parent(),
        source_practice=practices[0],
        adapted_practice=practices[1],
    )
    AdoptionPageFactory(
        parent=practices[2].get_parent(),
        source_practice=practices[1],
        adapted_practice=practices[2],
    )
    for practice in practices[:3]:  # the origin, the middle and the end of a chain
        shown = client.get(practice.url).content.decode()
        assert "Transfer between cities" in shown
        after = queries_for(client, practice.url)
        assert after <= before[practice.url] + 1, practice.url
        assert after <= CEILING, practice.url
