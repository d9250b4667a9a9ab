"""Pages like a text, best first: how a challenge finds the practices worded like it.

On OpenSearch and Elasticsearch this is the engine's ``more_like_this`` query over the catch-all
field, given the text itself: the engine picks the text's most telling words (by tf-idf in the
index) and scores the pages by them, with the searched queryset's filters (type, language, not
the challenge's own city) applied as for any search. On the database backends, which have no
such query, it is the backend's scored any-word query (FTS5's bm25 on SQLite, ts_rank on
PostgreSQL) over the same words. If the engine is down, the backend's own fall-back answers
with the database results.
"""

from modelsearch.backends.elasticsearchbase import ElasticsearchBaseSearchResults

MAX_QUERY_TERMS = 40  # the text's most telling words the engine scores by


def similar_pages(backend, text, queryset, limit):
    """The pages of ``queryset`` most like ``text``, best first, at most ``limit``."""
    results = backend.search(text, queryset, operator="or")
    if isinstance(results, ElasticsearchBaseSearchResults):
        return _more_like_this(results, text, limit)
    return list(results[:limit])


def more_like_this_query(text):
    return {
        "more_like_this": {
            "fields": ["_all_text"],
            "like": text,
            "min_term_freq": 1,
            "min_doc_freq": 1,
            "max_query_terms": MAX_QUERY_TERMS,
            "minimum_should_match": 1,
        }
    }


def _more_like_this(results, text, limit):
    compiler = results.query_compiler
    body = {
        "query": {"bool": {"must": more_like_this_query(text), "filter": compiler.get_filters()}},
        "size": limit,
    }
    index = results.backend.get_index_for_model(compiler.queryset.model).name
    response = results._backend_do_search(
        body, index=index, _source=False, **{results.fields_param_name: "pk"}
    )
    return list(results._get_results_from_hits(response["hits"]["hits"]))
