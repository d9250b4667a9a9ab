"""Search backends that cut queries into words the same way pages are indexed.

Pages reach every backend already segmented (``search.segmentation``); these subclasses do the
same to whatever text is searched, through the one hook every search goes through
(``_search``), so the Wagtail admin and choosers benefit too. They also make every backend
require all words (Elasticsearch's default is any word).

Settings name them by module (``portal/settings/base.py``): ``search.backends`` is the database
backend of whatever database is configured; ``search.backends.elasticsearch9`` (``elasticsearch8``,
``opensearch2``, ``opensearch3``) wraps Wagtail's backend of the same name. Each of those needs its
own client library: ``elasticsearch`` 9.x (installed), 8.x for an 8.x server, or ``opensearch-py``.
"""

import time
from dataclasses import dataclass, field
from functools import cache
from uuid import UUID

from django.conf import settings

from modelsearch.backends.elasticsearchbase import (
    ElasticsearchAtomicIndexRebuilder,
    ElasticsearchBaseSearchResults,
)
from modelsearch.query import And, Boost, Not, Or, Phrase, PlainText
from modelsearch.utils import deep_update
from wagtail.search.backends import get_search_backend
from wagtail.search.backends.database import SearchBackend as database_backend

from search.segmentation import for_query
from search.tasks import schedule_retry


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


@dataclass
class Ask:
    """One search of a batch: the hits from ``start`` to ``stop``, the total count if asked, and
    the counts per value of each facet (a ``FilterField``)."""

    results: object  # the lazy SearchResults of backend.search()
    start: int = 0
    stop: int = 0
    count: bool = False
    facets: tuple = ()


@dataclass(frozen=True)
class Hit:
    """A page the engine found, read from the index alone: its type, to fetch it as that type
    in one query per type, and its translation group (Wagtail's ``Page`` has the same three)."""

    pk: int
    content_type_id: int
    translation_key: UUID


@dataclass
class Answer:
    hits: list
    count: int | None = None
    facets: dict = field(default_factory=dict)


class SegmentingMixin:
    def search_together(self, asks):
        """Answer each of ``asks`` (a dict of name -> Ask): here one after the other, through
        Wagtail's search API; an external engine answers them all in one request."""
        return {name: self._answer(ask) for name, ask in asks.items()}

    @staticmethod
    def _answer(ask):
        return Answer(
            hits=list(ask.results[ask.start : ask.stop]) if ask.stop > ask.start else [],
            count=ask.results.count() if ask.count else None,
            facets={name: ask.results.facet(name) for name in ask.facets},
        )

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
        # Imported only on SQLite: modelsearch defines the FTS5 model it imports
        # (SQLiteFTSIndexEntry) only when the database is SQLite.
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


FACET_VALUES = 500


class SearchEngineError(Exception):
    """The engine answered a search with an error."""


# The database backend kept beside an external engine (portal/settings/base.py).
FALLBACK_BACKEND = "database"
PING_INTERVAL_SECONDS = 5
_PINGS = {}  # the engine's hosts -> (when they were pinged, whether they answered)


def forget_pings():
    """Ask the engine again at the next search (after it was started again, say)."""
    _PINGS.clear()


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


class AtomicAliasSwap(ElasticsearchAtomicIndexRebuilder):
    """A rebuild's new index replaces the old one behind the alias in one step.

    modelsearch points the alias at the new index and then deletes the old one: in between, the
    alias covers both and every search counts each page twice. One ``update_aliases`` call, which
    the engine applies atomically, removes the old index and adds the new one."""

    def finish(self):
        self.index.refresh()
        if not self.alias.is_alias():
            # First rebuild: an index may stand where the alias will be (or nothing at all).
            self.alias.delete()
            self.index.put_alias(self.alias.name)
            return
        old = [index for index in self.alias.aliased_indices() if index.name != self.index.name]
        actions = [{"remove": {"index": index.name, "alias": self.alias.name}} for index in old]
        actions.append({"add": {"index": self.index.name, "alias": self.alias.name}})
        self.index.es.indices.update_aliases(body={"actions": actions})
        for index in old:
            index.delete()


class SegmentingElasticsearchMixin(SegmentingMixin):
    """Segmenting, accent folding, zero-downtime rebuilds, and index updates retried when the
    engine is down."""

    atomic_rebuilder_class = AtomicAliasSwap

    def __init__(self, params):
        # Which entry of WAGTAILSEARCH_BACKENDS this is: a retry must reach the same one.
        self.alias = params.pop("ALIAS", "default")
        super().__init__(params)
        self.settings = deep_update(self.settings, FOLDING_ANALYZER)

    def add(self, obj):
        try:
            if not self.answering():  # known to be down: queue the retry without waiting
                raise ConnectionError("the search engine did not answer its last ping")
            self.add_once(obj)
        except Exception:
            schedule_retry(self.alias, obj)
            raise  # modelsearch logs it and goes on with the other backends

    def add_once(self, obj):
        super().add(obj)

    def answering(self):
        """Whether the engine answered a ping in the last few seconds (asked at most that often)."""
        now = time.monotonic()
        key = repr(self.hosts)
        checked_at, answered = _PINGS.get(key, (float("-inf"), True))
        if now - checked_at > PING_INTERVAL_SECONDS:
            try:
                if hasattr(self.es, "options"):  # elasticsearch 8+: transport options here
                    answered = bool(self.es.options(request_timeout=1).ping())
                else:  # opensearch-py: as an argument of the call
                    answered = bool(self.es.ping(request_timeout=1))
            except Exception:  # noqa: BLE001 - any failure to answer is "not answering"
                answered = False
            _PINGS[key] = (now, answered)
        return answered

    def search_together(self, asks):
        """All of ``asks`` in one multi-search request: the engine runs them side by side, and
        each answer's hits, total and facet counts come back together (``_msearch``). The hits
        are read from the index (``Hit``): the caller fetches the pages it shows as their own
        types, instead of modelsearch's generic fetch and a second one per type."""
        if not all(
            isinstance(ask.results, ElasticsearchBaseSearchResults) for ask in asks.values()
        ):
            return super().search_together(asks)  # the engine was down: database results
        lines = []
        for ask in asks.values():
            lines += self._msearch_lines(ask)
        if self.use_new_elasticsearch_api:
            responses = self.es.msearch(searches=lines)["responses"]
        else:
            responses = self.es.msearch(body=lines)["responses"]
        answers = {}
        for (name, ask), response in zip(asks.items(), responses, strict=True):
            if "error" in response:
                raise SearchEngineError(response["error"])
            hits = response["hits"]
            columns = _hit_columns(ask.results.query_compiler)
            answers[name] = Answer(
                hits=[_hit(hit, columns) for hit in hits["hits"]],
                count=hits["total"]["value"] if ask.count else None,
                facets={
                    facet: {
                        bucket["key"] or None: bucket["doc_count"]
                        for bucket in response["aggregations"][facet]["buckets"]
                    }
                    for facet in ask.facets
                },
            )
        return answers

    def _msearch_lines(self, ask):
        compiler = ask.results.query_compiler
        body = ask.results._get_es_body()
        body.update(
            {
                "from": ask.start,
                "size": max(ask.stop - ask.start, 0),
                "_source": False,
                "stored_fields": ["pk"],
                "docvalue_fields": list(_hit_columns(compiler)),
                "track_total_hits": ask.count,
            }
        )
        if ask.facets:
            body["aggs"] = {
                facet: {
                    "terms": {
                        "field": _column(compiler, facet),
                        "missing": 0,
                        # Every value, not the engine's default top 10 (there are 11 countries).
                        "size": FACET_VALUES,
                    }
                }
                for facet in ask.facets
            }
        index = self.get_index_for_model(compiler.queryset.model).name
        return [{"index": index}, body]

    def _search(self, query_compiler_class, query, model_or_queryset, **kwargs):
        """While the engine is down, the admin, choosers and API search the database backend,
        which Wagtail keeps up to date beside it (the public search says so: search/query.py)."""
        if self.answering() or FALLBACK_BACKEND not in settings.WAGTAILSEARCH_BACKENDS:
            return super()._search(query_compiler_class, query, model_or_queryset, **kwargs)
        fallback = get_search_backend(FALLBACK_BACKEND)
        compiler = (
            fallback.autocomplete_query_compiler_class
            if query_compiler_class is self.autocomplete_query_compiler_class
            else fallback.query_compiler_class
        )
        return fallback._search(compiler, query, model_or_queryset, **kwargs)


def _column(compiler, attname):
    """The index column of the ``FilterField`` of ``attname`` in the compiler's model."""
    return compiler.mapping.get_field_column_name(compiler._get_filterable_field(attname))


def _hit_columns(compiler):
    """The columns a ``Hit`` reads: its page type and translation group."""
    return _column(compiler, "content_type_id"), _column(compiler, "translation_key")


def _hit(hit, columns):
    content_type, translation_key = columns
    return Hit(
        pk=int(hit["fields"]["pk"][0]),
        content_type_id=hit["fields"][content_type][0],
        translation_key=UUID(hit["fields"][translation_key][0]),
    )
