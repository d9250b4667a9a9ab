"""SQLite FTS5 searches that run the full-text MATCH once, not once per row.

modelsearch joins the FTS table to the index entries in queries that SQLite plans from the
entries' side: it runs the MATCH again for every entry of the searched types to filter, and
again for every match to rank, so a search grew with the square of the corpus
(bench/results/measured-in-code.md). Here matching entries come from
``id IN (SELECT rowid ... MATCH)``, which SQLite runs once, and the ranking scores from one
pass over the matches: the same bm25 expression as modelsearch's, sorted in Python; the page of
results is then read by primary key.
An unsliced search (a count, a facet, "every match") is not ordered by relevance.
"""

from django.db.models import Case, IntegerField, When

from modelsearch.backends.database.sqlite.query import MatchExpression, normalize
from modelsearch.backends.database.sqlite.sqlite import (
    IndexEntry,
    SQLiteAutocompleteQueryCompiler,
    SQLiteFTSIndexEntry,
    SQLiteSearchQueryCompiler,
)
from modelsearch.query import MatchAll, Not
from modelsearch.utils import get_descendants_content_types_pks


class OneMatchMixin:
    def search(self, config, start, stop, score_field=None):
        query = normalize(self.query)
        if score_field is not None or isinstance(query, MatchAll | Not):
            return super().search(config, start, stop, score_field)
        match = MatchExpression(
            self.fields or self.FTS_TABLE_FIELDS, self.build_search_query(query, config=config)
        )
        content_types = get_descendants_content_types_pks(self.queryset.model)
        entries = IndexEntry.objects.filter(
            pk__in=SQLiteFTSIndexEntry.objects.filter(match).values("pk"),
            content_type__in=content_types,
        )
        matching = self.queryset.filter(pk__in=entries.values("object_id"))
        if stop is None or not self.order_by_relevance:
            return (matching if matching.query.order_by else matching.order_by("-pk"))[start:stop]
        ranked = self._ranked_ids(match, config, set(content_types), matching)[start:stop]
        position = Case(
            *[When(pk=pk, then=index) for index, pk in enumerate(ranked)],
            output_field=IntegerField(),
        )
        return self.queryset.filter(pk__in=ranked).order_by(position)

    def _ranked_ids(self, match, config, content_types, matching):
        """Primary keys of ``matching``, best first (bm25 is lower for better matches)."""
        rank = self._build_rank_expression(self.get_search_vectors(), config)
        scores = {}
        rows = (
            SQLiteFTSIndexEntry.objects.filter(match)  # no other condition: planned from the FTS
            .annotate(score=rank)
            .values_list("index_entry__content_type_id", "index_entry__object_id", "score")
        )
        for content_type, object_id, score in rows:
            if content_type in content_types:
                scores[str(object_id)] = score
        ranked = sorted(matching.values_list("pk", flat=True), reverse=True)  # ties: newest first
        ranked.sort(key=lambda pk: scores.get(str(pk), 0.0))
        return ranked


class OneMatchQueryCompiler(OneMatchMixin, SQLiteSearchQueryCompiler):
    pass


class OneMatchAutocompleteQueryCompiler(OneMatchMixin, SQLiteAutocompleteQueryCompiler):
    pass
