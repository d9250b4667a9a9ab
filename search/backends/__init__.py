"""Search backends that cut queries into words the same way pages are indexed.

Pages reach every backend already segmented (``portal.segmentation``); these subclasses do the
same to whatever text is searched, through the one hook every search goes through
(``_search``), so the Wagtail admin and choosers benefit too. They also make every backend
require all words (Elasticsearch's default is any word).

Settings name them by module (``portal/settings/base.py``): ``search.backends`` is the database
backend of whatever database is configured; ``search.backends.elasticsearch9`` (``elasticsearch8``,
``opensearch2``, ``opensearch3``) wraps Wagtail's backend of the same name. Each of those needs its
own client library: ``elasticsearch`` 9.x (installed), 8.x for an 8.x server, or ``opensearch-py``.
"""

from functools import cache

from modelsearch.query import And, Boost, Not, Or, Phrase, PlainText
from modelsearch.utils import deep_update
from wagtail.search.backends.database import SearchBackend as database_backend

from portal.segmentation import for_query


def segment_query(query):
    """The same query with its text cut into words; structure, operators and boosts kept."""
    if isinstance(query, str):
        return for_query(query)
    if isinstance(query, PlainText):
        return PlainText(for_query(query.query_string), query.operator, query.boost)
    if isinstance(query, Phrase):
        return Phrase(for_query(query.query_string))
    if isinstance(query, And | Or):
        return type(query)([segment_query(subquery) for subquery in query.subqueries])
    if isinstance(query, Not):
        return Not(segment_query(query.subquery))
    if isinstance(query, Boost):
        return Boost(segment_query(query.subquery), query.boost)
    return query


class SegmentingMixin:
    def _search(self, query_compiler_class, query, model_or_queryset, **kwargs):
        if kwargs.get("operator") is None:
            kwargs["operator"] = "and"
        return super()._search(
            query_compiler_class, segment_query(query), model_or_queryset, **kwargs
        )


@cache
def _segmenting_class(base):
    attributes = {}
    if base.__name__ == "SQLiteSearchBackend":
        from search.backends.sqlite import (
            OneMatchAutocompleteQueryCompiler,
            OneMatchQueryCompiler,
        )

        attributes = {
            "query_compiler_class": OneMatchQueryCompiler,
            "autocomplete_query_compiler_class": OneMatchAutocompleteQueryCompiler,
        }
    return type(f"Segmenting{base.__name__}", (SegmentingMixin, base), attributes)


def SearchBackend(params):  # noqa: N802 - the name modelsearch looks for in a backend module
    """The database backend for the configured database (SQLite FTS5 or PostgreSQL), segmenting."""
    base = type(database_backend(dict(params)))
    return _segmenting_class(base)(params)


# Text arrives segmented, so the standard tokenizer sees words; lowercase and fold accents so
# "da nang" also meets "Đà Nẵng" (the index holds folded copies too). No plugin is needed.
FOLDING_ANALYZER = {
    "settings": {
        "analysis": {
            "analyzer": {
                "default": {
                    "type": "custom",
                    "tokenizer": "standard",
                    "filter": ["lowercase", "asciifolding"],
                }
            }
        }
    }
}


class SegmentingElasticsearchMixin(SegmentingMixin):
    def __init__(self, params):
        super().__init__(params)
        self.settings = deep_update(self.settings, FOLDING_ANALYZER)
