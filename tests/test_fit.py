"""Fit for my city: hand-checked cases of every factor (practices/fit.py WEIGHTS), the cookie
that remembers the city, and the practice listing sorted and filtered by fit."""

import datetime
import re
from collections import Counter
from decimal import Decimal

from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

import pytest

from portal.models import Country, FocalArea
from practices import fit
from tests.factories import (
    AdoptionPageFactory,
    ChallengePageFactory,
    CityPageFactory,
    PracticePageFactory,
)


@pytest.fixture(autouse=True)
def _english():
    """Reasons are in the active language: English here, whatever an earlier test left active."""
    with translation.override("en"):
        yield


def make_city(site, title, code, population, joined=2018, priorities=()):
    city = CityPageFactory(
        parent=site["cities"],
        title=title,
        slug=title.lower().replace(" ", "-"),
        country=Country.objects.get(code=code),
        population=population,
        ascn_joined=joined,
    )
    if priorities:
        city.priority_focal_areas.set(FocalArea.objects.filter(slug__in=priorities))
        city.save()
    return city


@pytest.fixture
def towns(site):
    luang = make_city(
        site, "Luang Prabang", "LA", 60_000, priorities=["quality-environment", "civic-social"]
    )
    ChallengePageFactory(
        parent=luang,
        title="Plastic on the riverbanks",
        focal_areas=["quality-environment"],
        budget_to=Decimal("500000"),
        currency="USD",
    )
    bangkok = make_city(site, "Bangkok", "TH", 10_500_000)
    phuket = make_city(site, "Phuket", "TH", 420_000)
    vientiane = make_city(site, "Vientiane", "LA", 950_000)
    kuching = make_city(site, "Kuching", "MY", None, joined=2019)
    practices = {
        "metro": PracticePageFactory(
            parent=bangkok,
            title="Metro rail extension",
            focal_areas=["built-infrastructure"],
            capital_cost=Decimal("2000000000"),
            currency="THB",
        ),
        "beach": PracticePageFactory(
            parent=phuket,
            title="Sorting waste on the beaches",
            focal_areas=["quality-environment"],
            capital_cost=Decimal("200000"),
            currency="USD",
        ),
        "land": PracticePageFactory(
            parent=vientiane,
            title="Digital land registry",
            focal_areas=["civic-social"],
            capital_cost=Decimal("300000"),
            currency="USD",
        ),
        "rain": PracticePageFactory(
            parent=kuching,
            title="Rainwater harvesting",
            focal_areas=["quality-environment"],
            capital_cost=Decimal("1000000"),
            currency="USD",
        ),
        "own": PracticePageFactory(
            parent=luang, title="Heritage flood warning", focal_areas=["safety-security"]
        ),
    }
    return {"luang": luang, "site": site, **practices}


def fit_of(towns, name, city="luang"):
    with translation.override("en"):
        return fit.fit(towns[name], fit.FitFacts(towns[city]))


def factors(result):
    return {factor.name: (factor.points, factor.text) for factor in result.factors}


@pytest.mark.django_db
class TestHandCheckedCases:
    def test_a_small_city_is_not_told_that_metro_rail_fits(self, towns):
        result = fit_of(towns, "metro")
        got = factors(result)
        assert got["size"] == (
            -3,
            "size: your city has under 100 000 people, Bangkok has over 5 million people",
        )
        assert got["network"][0] == 1 and got["cohort"][0] == 1
        assert got["income"] == (
            0,
            "income group: your country is Lower-middle income, Thailand is Upper-middle income",
        )
        assert got["priorities"] == (0, "priorities: none of your city's focal areas")
        assert got["budget"] == (
            None,
            "budget: the practice's cost is in THB, your budget in USD",
        )
        assert result.score == -1 and result.verdict == "Fits your city poorly"

    def test_a_waste_practice_of_a_small_city_within_budget_fits_well(self, towns):
        result = fit_of(towns, "beach")
        got = factors(result)
        assert got["size"][0] == 0  # 60 000 and 420 000: neighbouring bands
        assert got["priorities"] == (2, "priorities: serves your city's Quality Environment")
        assert got["budget"] == (1, "budget: costs 200,000 USD, within your 500,000")
        assert result.score == 5 and result.verdict == "Fits your city well"

    def test_a_city_of_the_same_country_and_income_group(self, towns):
        got = factors(fit_of(towns, "land"))
        assert got["income"][0] == 2
        assert got["country"] == (1, "a city of your country already runs it (Vientiane)")

    def test_only_a_running_practice_counts_as_run_in_my_country(self, towns):
        for status in ("planned", "discontinued"):
            towns["land"].status = status
            assert "country" not in factors(fit_of(towns, "land")), status

    def test_country_and_network_alone_never_make_a_good_fit(self, towns, site):
        """Kuching's practice for a Malaysian city of the same cohort with no facts of its own
        (no population, priorities or budget): 5 points, all from the country and the network."""
        bare = make_city(site, "Miri", "MY", None, joined=2019)
        with translation.override("en"):
            result = fit.fit(towns["rain"], fit.FitFacts(bare))
        assert result.score >= fit.GOOD_FIT
        assert not result.fits_well and result.verdict == "Fits your city in part"

    def test_a_city_without_facts_of_its_own_is_told_why_nothing_fits_well(
        self, client, towns, site
    ):
        bare = make_city(site, "Miri", "MY", None, joined=2019)
        choose(client, bare)
        html = client.get("/practices/").content.decode()
        # The verdict and the rule printed beside the points agree.
        assert "fitting well also takes one fact of your city itself" in html
        assert "or more fit well" not in html
        html = client.get("/practices/?fit=good").content.decode()
        assert "No practice can fit Miri well yet" in html

    def test_facts_a_city_lacks_are_unknown_never_guessed(self, towns):
        result = fit_of(towns, "rain")
        got = factors(result)
        assert got["size"] == (
            None,
            "size: the population of the practice's city is not recorded",
        )
        assert "cohort" not in got  # joined in another year: no point, no claim
        assert got["budget"] == (-2, "budget: costs 1,000,000 USD, more than your 500,000")
        assert [factor.name for factor in result.unknown] == ["size"]

    def test_a_city_without_facts_gets_unknowns(self, towns, site):
        bare = make_city(site, "Nowhere", "TL", None)
        with translation.override("en"):
            got = factors(fit.fit(towns["beach"], fit.FitFacts(bare)))
        assert got["size"] == (None, "size: your city's population is not recorded")
        assert got["priorities"] == (None, "priorities: your city has not stated any")
        assert got["budget"] == (None, "budget: your city has not stated one")

    def test_my_own_practice_is_not_scored(self, towns):
        result = fit_of(towns, "own")
        assert result.own and result.factors == []
        assert result.verdict == "This is your city's practice."


def choose(client, city, next_url="/practices/"):
    return client.get("/practices/my-city/", {"city": str(city.translation_key), "next": next_url})


@pytest.mark.django_db
class TestMyCity:
    def test_chosen_once_then_every_practice_page_shows_the_factors(self, client, towns):
        html = client.get(towns["beach"].url).content.decode()
        assert "Choose your city to see how each practice fits it" in html
        response = choose(client, towns["luang"], towns["beach"].url)
        assert response.status_code == 302 and response["Location"] == towns["beach"].url
        assert response.cookies["ascn_my_city"]["httponly"]
        html = client.get(towns["beach"].url).content.decode()
        assert "Fits your city well" in html and "How it fits Luang Prabang" in html
        # Under the title too, linked to the factors (on a phone, far down the page).
        summary = '<a href="#fit-heading">Fits your city well: how it fits Luang Prabang</a>'
        assert html.index(summary) < html.index('id="fit-heading"')
        assert "or more fit well)" in html  # the total is read against its scale
        assert "within your 500,000" in html and "+2" in html
        html = client.get(towns["rain"].url).content.decode()
        assert "unknown" in html and "is not recorded" in html

    def test_it_can_be_changed_and_forgotten(self, client, towns):
        choose(client, towns["luang"])
        response = client.get("/practices/my-city/", {"city": "", "next": "/practices/"})
        assert response.cookies["ascn_my_city"].value == ""
        assert "Fits your city" not in client.get(towns["beach"].url).content.decode()

    def test_changeable_from_any_page_through_the_footer(self, client, towns):
        city_page = towns["luang"].url
        html = client.get(city_page).content.decode()
        link = f"/practices/my-city/?next={city_page}"
        assert f'<a href="{link}">Choose your city</a>' in html
        chooser = client.get(link).content.decode()
        assert "<h1>Your city</h1>" in chooser
        assert f'name="next" value="{city_page}"' in chooser  # the form comes back here
        assert f'<a href="{city_page}">Back to the page you were on</a>' in chooser
        assert "Luang Prabang (Lao PDR)" in chooser
        assert choose(client, towns["luang"], city_page)["Location"] == city_page
        html = client.get(city_page).content.decode()
        assert ">Change your city</a>" in html
        chooser = client.get(link).content.decode()
        assert f'value="{towns["luang"].translation_key}" selected' in chooser
        away = client.get("/practices/my-city/", {"next": "https://evil.example/"})
        away = away.content.decode()
        assert '<a href="/practices/">Back to the page you were on</a>' in away
        assert 'name="next" value="/practices/"' in away

    def test_bad_values_change_nothing_and_never_fail(self, client, towns):
        for value in ("not-a-uuid", "0" * 400, "00000000-0000-0000-0000-000000000000", "%00"):
            response = client.get("/practices/my-city/", {"city": value, "next": "/practices/"})
            assert response.status_code == 302
            assert "ascn_my_city" not in response.cookies
        response = choose(client, towns["luang"], "https://evil.example/")
        assert response["Location"] == "/practices/"
        client.cookies["ascn_my_city"] = "garbage"
        assert client.get(towns["beach"].url).status_code == 200
        assert client.get("/practices/?sort=fit&fit=good").status_code == 200

    def test_the_listing_sorts_and_filters_by_fit(self, client, towns):
        choose(client, towns["luang"])
        html = client.get("/practices/?sort=fit").content.decode()
        assert "Best fit for Luang Prabang first." in html  # says whose fit, and the order
        assert "Your city: Luang Prabang." in client.get("/practices/").content.decode()
        at = {name: html.index(towns[name].title) for name in ("beach", "land", "rain", "metro")}
        # beach and land score 5, rain 1, metro -1 (hand-checked above); my own practice last
        assert max(at["beach"], at["land"]) < at["rain"] < at["metro"]
        assert html.index(towns["own"].title) > at["metro"]
        html = client.get("/practices/?fit=good").content.decode()
        assert towns["beach"].title in html and towns["metro"].title not in html

    def test_without_a_city_the_listing_is_as_before(self, client, towns):
        html = client.get("/practices/?sort=fit").content.decode()
        assert "Fits your city" not in html
        assert "Choose your city to see how each practice fits it" in html
        assert "Unknown order ignored" not in html  # a link kept from when a city was chosen
        assert "Choose your city (below the list) to order the practices by how well" in html
        assert "best fit for my city first" not in html  # no city: no such order offered
        assert '<a href="#my-city-select">best fit for my city (choose your city below)</a>' in html

    def test_the_fit_is_one_of_the_orders_beside_the_most_adopted(self, client, towns):
        choose(client, towns["luang"])
        response = client.get("/practices/?sort=fit")
        html = response.content.decode()
        order = re.search(r'<p class="sort">.*?</p>', html, re.S).group()
        assert '<strong aria-current="true">best fit for my city first</strong>' in order
        # Above the results: on a phone, choosing an order needs no scrolling past twenty cards.
        assert html.index('<p class="sort">') < html.index('<ul class="cards">')
        assert 'href="?sort=adopted"' in order and 'href="?"' in order
        adopted = client.get("/practices/?sort=adopted").content.decode()
        order = re.search(r'<p class="sort">.*?</p>', adopted, re.S).group()
        assert 'href="?sort=fit"' in order
        assert '<strong aria-current="true">most adopted by other cities</strong>' in order

    def test_only_good_fits_keep_the_order_chosen(self, client, towns):
        """The beach fits Luang Prabang by 5; the same kind of practice without a recorded cost
        by 4 (its budget unknown): still well. Adapted by Bangkok, it comes first by most
        adopted, with or without ?fit=good, and after the beach by fit."""
        lamps = PracticePageFactory(
            parent=towns["beach"].get_parent(),
            title="Beach lamps",
            focal_areas=["quality-environment"],
        )
        assert fit_of({**towns, "lamps": lamps}, "lamps").score == 4
        AdoptionPageFactory(parent=towns["metro"].get_parent(), source_practice=lamps)
        choose(client, towns["luang"])
        for query in ("?sort=adopted", "?sort=adopted&fit=good"):
            html = client.get(f"/practices/{query}").content.decode()
            assert html.index(lamps.title) < html.index(towns["beach"].title), query
        html = client.get("/practices/?sort=fit&fit=good").content.decode()
        assert html.index(towns["beach"].title) < html.index(lamps.title)


@pytest.mark.django_db
def test_the_listing_with_my_city_reads_as_many_queries_for_5_as_for_50(client, towns):
    bangkok = towns["metro"].city

    def count():
        cache.clear()  # both counts from a cold cache
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/practices/?sort=fit").status_code == 200
        return [query["sql"] for query in queries]

    choose(client, towns["luang"])
    # The process's first listings read what it then keeps (content types, the site settings,
    # what is kept per content generation); so do the first after the 45 publishes below.
    count()
    count()
    few = count()
    for n in range(45):
        PracticePageFactory(
            parent=bangkok,
            title=f"Practice {n}",
            focal_areas=["quality-environment"],
            start_date=datetime.date(2020, 1, 1),
        )
    count()  # what each process keeps per content generation is read again after the publishes
    many = count()
    extra = Counter(many) - Counter(few)
    assert len(many) <= len(few), "\n\n".join(sql[:600] for sql in extra)
