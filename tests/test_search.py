"""Search across cities and practices, in the languages of ASEAN, with facets and bad input."""

import json

from django.db import connection
from django.test import override_settings

from wagtail.search.backends import get_search_backend

import pytest

from portal.models import Country
from practices.models import PracticePage
from search.backends import segment_query
from tests.conftest import database_search_backend
from tests.factories import ChallengePageFactory, CityPageFactory, PracticePageFactory
from tests.search_corpus import CORPUS

ROUTE = "/search/"
pytestmark = pytest.mark.search


def paragraph(text):
    return json.dumps([{"type": "paragraph", "value": f"<p>{text}</p>"}])


def add_practice(city, title, body, **fields):
    return PracticePageFactory(
        parent=city, title=title, summary=body[:200], approach=paragraph(body), **fields
    )


@pytest.fixture
def corpus_city(site):
    return CityPageFactory(parent=site["cities"], title="Corpus City", slug="corpus-city")


def build_language_corpus(city, language):
    data = CORPUS[language]
    made = {kind: add_practice(city, *data[kind]) for kind in ("strong", "weak", "absent")}
    for n, filler in enumerate(data["fillers"]):
        add_practice(city, f"{filler} {n}", f"{filler} {data['fillers'][n - 1]}")
    return made


def titles(response):
    return [page.title for page in response.context["results"]]


@pytest.mark.django_db
@pytest.mark.parametrize("language", sorted(CORPUS))
def test_ranking_in_each_language(client, corpus_city, language):
    """Word in title and body ranks above one mention in the body; no mention, no result."""
    made = build_language_corpus(corpus_city, language)
    response = client.get(ROUTE, {"q": CORPUS[language]["word"]})
    assert response.status_code == 200
    found = titles(response)
    assert found[:2] == [made["strong"].title, made["weak"].title], found
    assert made["absent"].title not in found
    assert len(found) == 2


@pytest.mark.django_db
class TestLanguages:
    def test_thai_word_does_not_match_a_word_sharing_its_consonants(self, client, corpus_city):
        cut = add_practice(corpus_city, "ตัดแต่งต้นไม้ริมถนน", "การตัดแต่งต้นไม้ริมถนนอย่างปลอดภัย")
        jam = add_practice(corpus_city, "แก้ปัญหารถติด", "แก้ปัญหารถติดในเมืองด้วยสัญญาณไฟ")
        found = titles(client.get(ROUTE, {"q": "ตัด"}))
        assert found == [cut.title]
        assert jam.title not in found

    def test_thai_query_never_returns_lao_or_khmer_pages(self, client, corpus_city):
        build_language_corpus(corpus_city, "lo")
        build_language_corpus(corpus_city, "km")
        thai = build_language_corpus(corpus_city, "th")
        found = titles(client.get(ROUTE, {"q": "ขยะ"}))
        assert set(found) == {thai["strong"].title, thai["weak"].title}

    def test_accent_free_latin_finds_accented_text(self, client, site):
        danang = CityPageFactory(
            parent=site["cities"], title="Da Nang", native_name="Đà Nẵng", slug="da-nang"
        )
        practice = add_practice(danang, "Thu gom rác Đà Nẵng", "Dự án của thành phố Đà Nẵng.")
        timor = CityPageFactory(
            parent=site["cities"], title="Dili", country=Country.objects.get(code="TL")
        )
        lixu = add_practice(timor, "Jestaun lixu iha Díli", "Projetu lixu iha Díli.")
        assert practice.title in titles(client.get(ROUTE, {"q": "da nang"}))
        assert practice.title in titles(client.get(ROUTE, {"q": "Đà Nẵng"}))
        assert practice.title in titles(client.get(ROUTE, {"q": "rac"}))
        assert lixu.title in titles(client.get(ROUTE, {"q": "dili"}))

    def test_raw_unsegmented_text_through_the_backend_finds_the_page(self, corpus_city):
        """The Wagtail admin and choosers hand the backend raw text: it is segmented there too."""
        made = build_language_corpus(corpus_city, "th")
        results = get_search_backend().search("ขยะมูลฝอย ขยะ", PracticePage.objects.live())
        assert list(results) == []  # มูลฝอย is in no document: all words are required
        results = get_search_backend().search("การจัดการขยะ", PracticePage.objects.live())
        assert made["strong"] in list(results)

    def test_admin_search_finds_thai_words_inside_phrases(self, admin_client, corpus_city):
        made = build_language_corpus(corpus_city, "th")
        response = admin_client.get("/admin/pages/search/", {"q": "ขยะ"})
        assert response.status_code == 200
        assert made["strong"].title in response.content.decode()

    def test_segment_query_keeps_structure(self):
        from modelsearch.query import And, Phrase, PlainText

        query = segment_query(And([PlainText("การจัดการขยะ", operator="or"), Phrase("ขยะมูลฝอย")]))
        assert query.subqueries[0].query_string == "การ จัดการ ขยะ"
        assert query.subqueries[0].operator == "or"
        assert query.subqueries[1].query_string == "ขยะ มูลฝอย"

    def test_sqlite_fts_table_keeps_marks_in_words(self, db):
        if connection.vendor != "sqlite":
            pytest.skip("the FTS5 table exists only on SQLite")
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT sql FROM sqlite_master WHERE name = 'wagtailsearch_indexentry_fts'"
            )
            (ddl,) = cursor.fetchone()
        assert "categories 'L* N* Co M*'" in ddl
        assert "remove_diacritics 2" in ddl


@pytest.mark.django_db
def test_title_beats_body_on_postgres(client, corpus_city, on_postgres):
    """Field boosts are honoured by PostgreSQL and Elasticsearch (SQLite's bm25 ignores them)."""
    build_language_corpus(corpus_city, "en")
    in_title = add_practice(corpus_city, "Harbour cleaning", "Boats collect floating litter.")
    in_body = add_practice(corpus_city, "Floating litter", "Boats clean the harbour.")
    found = titles(client.get(ROUTE, {"q": "harbour"}))
    assert found == [in_title.title, in_body.title]


@pytest.fixture
def mixed(site):
    thailand, vietnam = Country.objects.get(code="TH"), Country.objects.get(code="VN")
    bangkok = CityPageFactory(
        parent=site["cities"], title="Bangkok", country=thailand, summary="Flood defences."
    )
    hanoi = CityPageFactory(parent=site["cities"], title="Hanoi", country=vietnam)
    return {
        "bangkok": bangkok,
        "hanoi": hanoi,
        "canal": add_practice(
            bangkok,
            "Flood canal pumps",
            "Pumps move flood water.",
            status="ongoing",
            focal_areas=["safety-security", "built-infrastructure"],
        ),
        "warning": add_practice(
            bangkok,
            "Flood warning SMS",
            "Text messages before a flood.",
            status="pilot",
            focal_areas=["safety-security"],
        ),
        "river": add_practice(
            hanoi,
            "River flood maps",
            "Maps of flood risk.",
            status="completed",
            focal_areas=["quality-environment"],
        ),
        "unrelated": add_practice(hanoi, "School meals", "Lunch for pupils.", status="ongoing"),
    }


def facet_counts(response, name):
    facet = next(f for f in response.context["facets"] if f.name == name)
    return {option.value: option.count for option in facet.options}


@pytest.mark.django_db
class TestFacets:
    def test_results_show_cities_and_practices_with_counts(self, client, mixed):
        response = client.get(ROUTE, {"q": "flood"})
        assert set(titles(response)) == {
            "Bangkok",
            "Flood canal pumps",
            "Flood warning SMS",
            "River flood maps",
        }
        assert facet_counts(response, "type") == {"city": 1, "practice": 3}
        assert facet_counts(response, "country") == {"TH": 3, "VN": 1}
        assert facet_counts(response, "focal_area") == {
            "safety-security": 2,
            "built-infrastructure": 1,
            "quality-environment": 1,
        }
        assert facet_counts(response, "status") == {"ongoing": 1, "pilot": 1, "completed": 1}
        html = response.content.decode()
        assert "Bangkok, Thailand" in html  # city and country on practice results
        assert "Safety &amp; Security" in html
        # What a screen reader hears after each count: "1 result", "3 results"
        assert '(1<span class="visually-hidden"> result</span>)' in html
        assert '(3<span class="visually-hidden"> results</span>)' in html

    def test_each_facet_filters_and_they_combine(self, client, mixed):
        by_country = client.get(ROUTE, {"q": "flood", "country": "TH"})
        assert set(titles(by_country)) == {"Bangkok", "Flood canal pumps", "Flood warning SMS"}
        by_type = client.get(ROUTE, {"q": "flood", "type": "city"})
        assert titles(by_type) == ["Bangkok"]
        by_area = client.get(ROUTE, {"q": "flood", "focal_area": "safety-security"})
        assert set(titles(by_area)) == {"Flood canal pumps", "Flood warning SMS"}
        combined = client.get(
            ROUTE,
            {"q": "flood", "country": "TH", "focal_area": "safety-security", "status": "pilot"},
        )
        assert titles(combined) == ["Flood warning SMS"]
        html = combined.content.decode()
        assert 'name="status" value="pilot"' in html  # the selection survives a new query

    def test_focal_areas_count_and_find_challenges_too(self, client, mixed):
        ChallengePageFactory(
            parent=mixed["hanoi"],
            title="Flood in the old quarter",
            problem="The old quarter floods every rainy season.",
            focal_areas=["safety-security"],
        )
        response = client.get(ROUTE, {"q": "flood"})
        assert facet_counts(response, "type")["challenge"] == 1
        assert facet_counts(response, "focal_area")["safety-security"] == 3
        by_area = client.get(ROUTE, {"q": "flood", "focal_area": "safety-security"})
        assert set(titles(by_area)) == {
            "Flood canal pumps",
            "Flood warning SMS",
            "Flood in the old quarter",
        }
        assert facet_counts(by_area, "type") == {"practice": 2, "challenge": 1}
        only = client.get(
            ROUTE, {"q": "flood", "focal_area": "safety-security", "type": "challenge"}
        )
        assert titles(only) == ["Flood in the old quarter"]
        cities = client.get(ROUTE, {"q": "flood", "focal_area": "safety-security", "type": "city"})
        assert titles(cities) == []  # a city has no focal area
        # A status is a practice's: choosing one leaves the practices
        by_status = client.get(
            ROUTE, {"q": "flood", "focal_area": "safety-security", "status": "pilot"}
        )
        assert titles(by_status) == ["Flood warning SMS"]

    def test_facet_links_keep_query_and_other_facets(self, client, mixed):
        html = client.get(ROUTE, {"q": "flood", "country": "TH"}).content.decode()
        assert 'href="?q=flood&amp;country=TH&amp;status=pilot"' in html
        assert 'href="?q=flood"' in html  # un-ticking Thailand

    def test_json_endpoint_has_results_and_facets(self, client, mixed):
        body = client.get("/api/search/", {"q": "flood", "country": "TH"}).json()
        assert body["count"] == 3
        assert {r["title"] for r in body["results"]} == {
            "Bangkok",
            "Flood canal pumps",
            "Flood warning SMS",
        }
        canal = next(r for r in body["results"] if r["title"] == "Flood canal pumps")
        assert canal["type"] == "practice" and canal["country"] == "Thailand"
        assert canal["focal_areas"] == ["Safety & Security", "Built Infrastructure"]
        country = {f["value"]: f for f in body["facets"]["country"]}
        assert country["TH"]["selected"] is True and country["TH"]["count"] == 3

    def test_autocomplete(self, client, mixed, corpus_city):
        thai = build_language_corpus(corpus_city, "th")
        flood = client.get("/search/autocomplete/", {"q": "flo"}).json()["results"]
        # The topic of the vocabulary first: a search for it
        assert flood[0] == {"type": "topic", "title": "flood", "url": "/search/?q=flood"}
        pages = flood[1:]
        assert {r["title"] for r in pages} >= {"Flood canal pumps", "Flood warning SMS"}
        assert all(r["url"] for r in pages)
        # What the script shows beside each title: the kind of page, its city and country.
        assert all(r["type"] == "practice" and r["city"] and r["country"] for r in pages)
        thai_results = client.get("/search/autocomplete/", {"q": "การจัด"}).json()["results"]
        assert thai["strong"].title in [r["title"] for r in thai_results]
        # The suggestions' words come in the page's language (the script reads them from
        # the form): "City" and "Practice" in Thai on the Thai search page.
        form = client.get("/th/search/").content.decode()
        assert 'data-label-city="เมือง"' in form and 'data-label-suggestions="คำแนะนำ"' in form

    def test_autocomplete_offers_topics_typed_in_any_language(self, client):
        """No page's title starts with "ขยะ" or "rác" on the English site; the topic does, and
        its search finds the pages tagged with it in every language."""
        for typed, title in (("ขยะ", "waste (ขยะ)"), ("rác", "waste (rác thải)")):
            [topic] = client.get("/search/autocomplete/", {"q": typed}).json()["results"]
            assert topic == {"type": "topic", "title": title, "url": "/search/?q=waste"}
        thai = client.get("/th/search/autocomplete/", {"q": "was"}).json()["results"]
        assert (
            thai[0]["title"] == "ขยะ (waste)"
            and thai[0]["url"] == "/th/search/?q=%E0%B8%82%E0%B8%A2%E0%B8%B0"
        )
        assert client.get("/search/autocomplete/", {"q": "w"}).json()["results"] == []

    def test_every_page_has_the_search_box_with_suggestions(self, client, mixed):
        html = client.get(mixed["bangkok"].url).content.decode()
        header = html[html.index('<form class="header-search"') :]
        header = header[: header.index(">")]
        assert 'data-autocomplete="/search/autocomplete/"' in header
        assert 'data-label-topic="Topic"' in header
        # Its own name: the search page's form is another search landmark
        assert 'aria-label="Quick search"' in header
        assert "portal/js/autocomplete" in html

    def test_pagination(self, client, corpus_city):
        for n in range(25):
            add_practice(corpus_city, f"Flood project {n}", "Flood work.")
        first = client.get(ROUTE, {"q": "flood"})
        assert len(first.context["results"]) == 20
        second = client.get(ROUTE, {"q": "flood", "page": 2})
        assert len(second.context["results"]) == 5
        assert len(set(titles(first)) | set(titles(second))) == 25
        beyond = client.get(ROUTE, {"q": "flood", "page": 9})
        assert "There is no such page; showing the last one." in beyond.context["notices"]
        assert titles(beyond) == titles(second)


BAD_QUERIES = [
    "",
    "x" * 2000,
    "x" * 5000,
    "(",
    "\\",
    "\x00",
    "!!! ... ???",
    '"',
    "*",
    "AND OR NOT",
    "' OR 1=1; DROP TABLE wagtailcore_page; --",
    'title:(flood OR "x")^3 AND body:[* TO *] ~2 \\',
    "<script>alert(1)</script>",
    "ขยะ\u200bมูลฝอย\x00",
]


@pytest.mark.django_db
@pytest.mark.parametrize("query", BAD_QUERIES)
def test_bad_queries_give_a_normal_page(client, mixed, query):
    for url in (ROUTE, "/api/search/", "/search/autocomplete/"):
        response = client.get(url, {"q": query, "country": "ZZ", "status": "<b>", "page": "x"})
        assert response.status_code == 200, (url, query)
        if url == ROUTE:
            assert "<script>alert(1)</script>" not in response.content.decode()
        else:
            assert response["Content-Type"] == "application/json"


@pytest.mark.django_db
def test_bad_input_explains_itself(client, mixed):
    long = client.get(ROUTE, {"q": "flood " * 400}).content.decode()
    assert "only its first 200 characters were used" in long
    punct = client.get(ROUTE, {"q": "!!! ..."}).content.decode()
    assert "Your search has no letters or numbers in it" in punct
    unknown = client.get(ROUTE, {"q": "flood", "country": "ZZ", "focal_area": "nope"})
    notices = " ".join(unknown.context["notices"])
    assert "Unknown country “ZZ” ignored." in notices
    assert "Unknown focal area “nope” ignored." in notices
    assert len(titles(unknown)) == 4


# What each query finds in a fixed corpus (every language of tests/search_corpus.py), written by
# hand. Every pass of `make test` runs this test: SQLite, PostgreSQL and OpenSearch give the same
# hits (their order may differ among equal scores, so sets are compared).
EXPECTED_HITS = {
    "waste": {"Smart waste management", "Green city parks"},
    "WASTE sorting": {"Smart waste management"},
    "ขยะ": {"การจัดการขยะอัจฉริยะ", "สวนสาธารณะในเมือง"},
    "การจัดการขยะ": {"การจัดการขยะอัจฉริยะ"},
    "street lights": {"Solar street lights"},
    "nothing-matches-this": set(),
}


@pytest.mark.django_db
def test_a_fixed_corpus_gives_the_same_hits_on_every_engine(client, corpus_city):
    for language in sorted(CORPUS):
        build_language_corpus(corpus_city, language)
    for language in ("lo", "km", "my", "vi", "id"):
        data = CORPUS[language]
        expected = {data["strong"][0], data["weak"][0]}
        assert set(titles(client.get(ROUTE, {"q": data["word"]}))) == expected, language
    for query, expected in EXPECTED_HITS.items():
        assert set(titles(client.get(ROUTE, {"q": query}))) == expected, query


ELASTICSEARCH_DOWN = {
    "default": {
        "BACKEND": "search.backends.elasticsearch9",
        "URLS": ["http://127.0.0.1:9"],  # a real client, and nothing listening
        "INDEX_PREFIX": "ascn_test_",
        "TIMEOUT": 1,
        "OPTIONS": {"max_retries": 0},
    },
    "database": {"BACKEND": "search.backends", "SEARCH_CONFIG": "simple"},
}


@pytest.mark.django_db
def test_unreachable_elasticsearch_falls_back_with_a_notice(client, mixed, corpus_city, caplog):
    with override_settings(WAGTAILSEARCH_BACKENDS=ELASTICSEARCH_DOWN):
        published = add_practice(corpus_city, "Flood barriers", "New flood barriers.")
        assert PracticePage.objects.get(pk=published.pk).live  # publishing still works
        response = client.get(ROUTE, {"q": "flood"})
        health = client.get("/healthz").json()
    assert response.status_code == 200
    assert "Limited search" in response.content.decode()
    assert "Flood barriers" in titles(response)  # indexed in the database backend meanwhile
    assert health["search"]["status"] == "degraded"
    assert any("Exception raised while adding" in r.message for r in caplog.records)


@pytest.mark.django_db
def test_sqlite_searches_rank_exactly_as_modelsearch_with_one_match(corpus_city):
    """search/backends/sqlite.py runs the MATCH once: the results, their order, counts and
    facets stay modelsearch's."""
    if connection.vendor != "sqlite":
        pytest.skip("the FTS5 query compiler is SQLite's: runs in the SQLite pass")
    from modelsearch.backends.database.sqlite.sqlite import SQLiteSearchQueryCompiler

    for language in ("en", "th", "vi"):
        build_language_corpus(corpus_city, language)
    backend = database_search_backend()
    for query in ("waste", "flood sensors", "ขยะ", "rác thải", "nothing-matches-this"):
        ours = backend.search(query, PracticePage.objects.live())
        theirs = backend._search(
            SQLiteSearchQueryCompiler, query, PracticePage.objects.live(), operator="and"
        )
        assert [page.pk for page in ours[:10]] == [page.pk for page in theirs[:10]], query
        assert [page.pk for page in ours[2:5]] == [page.pk for page in theirs[2:5]], query
        assert ours.count() == theirs.count(), query
        assert dict(ours.facet("status")) == dict(theirs.facet("status")), query
    assert backend.search("waste", PracticePage.objects.live()).count() >= 2  # an order to keep


@pytest.mark.django_db
def test_postgres_search_can_use_the_title_body_index(corpus_city, on_postgres):
    """The expression modelsearch matches must be one an index serves (migration search 0002)."""
    build_language_corpus(corpus_city, "en")
    results = database_search_backend().search("waste", PracticePage.objects.live())
    sql, params = results.get_queryset().query.sql_with_params()
    expression = '("wagtailsearch_indexentry"."title" || "wagtailsearch_indexentry"."body") @@'
    assert expression in sql  # what modelsearch matches ...
    with connection.cursor() as cursor:  # ... is what the index serves
        cursor.execute("SET LOCAL enable_seqscan = off")  # a tiny table: ask what is possible
        cursor.execute(
            f"EXPLAIN SELECT id FROM wagtailsearch_indexentry WHERE {expression} "  # noqa: S608
            "to_tsquery('simple', 'waste')"
        )
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "search_indexentry_title_body_gin" in plan
