"""The Elasticsearch path, checked offline: what the portal would send to a cluster.

No Elasticsearch server can run on these machines, so these tests compile the index settings,
the mapping, the documents and the query bodies with the real backend classes and assert on
them. ``test_search.py::test_ranking_on_a_real_elasticsearch`` runs against a real server when
``ELASTICSEARCH_URL`` is set.
"""

import pytest

from cities.models import CityPage
from practices.models import PracticePage
from search.backends import FACET_VALUES, FOLDING_ANALYZER, Ask, segment_query
from search.backends.elasticsearch8 import SearchBackend as Elasticsearch8
from search.backends.elasticsearch9 import SearchBackend as Elasticsearch9
from tests.factories import PracticePageFactory


@pytest.fixture(params=[Elasticsearch8, Elasticsearch9], ids=["es8", "es9"])
def backend(request):
    return request.param({"URLS": ["http://127.0.0.1:9"], "INDEX_PREFIX": "ascn_"})


def test_index_settings_fold_accents_and_lowercase_by_default(backend):
    analyzers = backend.settings["settings"]["analysis"]["analyzer"]
    assert analyzers["default"] == FOLDING_ANALYZER["settings"]["analysis"]["analyzer"]["default"]
    assert analyzers["default"]["filter"] == ["lowercase", "asciifolding"]
    assert "edgengram_analyzer" in analyzers  # Wagtail's own analyzers are kept


def test_index_name_uses_the_prefix(backend):
    assert backend.get_index_for_model(PracticePage).name == "ascn_wagtailcore_page"


def test_mapping_text_fields_use_the_default_analyzer_and_facets_are_keywords(backend):
    properties = backend.mapping_class(PracticePage).get_mapping()["properties"]
    summary = properties["practices_practicepage__summary"]
    assert summary["type"] == "text" and "analyzer" not in summary
    assert "_all_text_boost_1_5" in summary["copy_to"]
    assert properties["title"]["copy_to"] == ["_all_text", "_all_text_boost_2_0"]
    assert properties["practices_practicepage__status_filter"]["type"] == "keyword"
    assert properties["practices_practicepage__country_id_filter"]["type"] == "long"
    assert "practices_practicepage__focal_areas_filter" in properties
    focal = properties["practices_practicepage__focal_areas"]["properties"]
    assert focal["slug_filter"]["type"] == "keyword"


@pytest.mark.django_db
def test_documents_carry_segmented_text_and_facet_values(backend, city):
    practice = PracticePageFactory(
        parent=city,
        title="การจัดการขยะอัจฉริยะ",
        summary="Thu gom rác ở Đà Nẵng",
        focal_areas=["quality-environment", "safety-security"],
        status="pilot",
    )
    document = backend.mapping_class(PracticePage).get_document(practice)
    assert document["title"] == "การ จัดการ ขยะ อัจฉริยะ"
    assert document["practices_practicepage__summary"] == ("Thu gom rác ở Đà Nẵng rac o Da Nang")
    assert document["practices_practicepage__status_filter"] == "pilot"
    assert document["practices_practicepage__country_id_filter"] == city.country_id
    assert len(document["practices_practicepage__focal_areas_filter"]) == 2


@pytest.mark.django_db
def test_query_body_is_segmented_requires_every_word_and_filters(backend):
    queryset = PracticePage.objects.live().filter(
        status="ongoing", focal_areas__slug__in=["safety-security"]
    )
    compiler = backend.query_compiler_class(queryset, segment_query("การจัดการขยะ"), operator="and")
    body = compiler.get_query()
    match = body["bool"]["must"]["multi_match"]
    assert match["query"] == "การ จัดการ ขยะ"
    assert match["operator"] == "and"
    assert "_all_text_boost_2_0^2.0" in match["fields"]
    filters = str(body["bool"]["filter"])
    assert "'practices_practicepage__status_filter': 'ongoing'" in filters
    assert "practices_practicepage__focal_areas.slug_filter" in filters


@pytest.mark.django_db
def test_searching_through_the_backend_defaults_to_and(backend):
    results = backend.search("ขยะมูลฝอย", PracticePage.objects.live())
    match = results.query_compiler.get_query()["bool"]["must"]["multi_match"]
    assert match == {
        "query": "ขยะ มูลฝอย",
        "operator": "and",
        "fields": ["_all_text", "_all_text_boost_1_5^1.5", "_all_text_boost_2_0^2.0"],
    }


@pytest.mark.django_db
def test_a_search_page_is_one_multi_search_with_totals_and_every_facet_value(backend):
    """The hits, their total and the facet counts of each search of a page go in one request;
    every country is counted, not the engine's default top 10."""
    practices = backend.search("waste", PracticePage.objects.live())
    cities = backend.search("waste", CityPage.objects.live())
    lines = backend._msearch_lines(Ask(practices, 20, 40, count=True, facets=("country_id",)))
    lines += backend._msearch_lines(Ask(cities, stop=30))
    practice_header, practice_body, city_header, city_body = lines
    assert practice_header == city_header == {"index": "ascn_wagtailcore_page"}
    assert (practice_body["from"], practice_body["size"]) == (20, 20)
    assert practice_body["track_total_hits"] is True and city_body["track_total_hits"] is False
    assert practice_body["stored_fields"] == ["pk"] and practice_body["_source"] is False
    terms = practice_body["aggs"]["country_id"]["terms"]
    assert terms["field"] == "practices_practicepage__country_id_filter"
    assert terms["size"] == FACET_VALUES >= 11
    assert "aggs" not in city_body and (city_body["from"], city_body["size"]) == (0, 30)
