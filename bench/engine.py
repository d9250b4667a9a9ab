"""Where a search's time goes: the query path in process, one request at a time.

``python -m bench.engine`` runs inside the environment ``bench`` gives a server (production
settings, the database and search engine of one row, nothing cached) and prints JSON: for each
case, p50 and p95 in ms over ``BENCH_ENGINE_RUNS`` runs (default 40, after 5 warm-up runs) of
``run_search`` or ``autocomplete`` (everything a search page or the suggestions do except
rendering), and of the part spent in the engine's batch (``search_together``: the results,
their count and the facet counts, one request on OpenSearch). No queueing, no HTTP: the gap
between these figures and wrk's is the page's rendering and the server.
"""

import json
import os
import statistics
import time

import django

RUNS = int(os.environ.get("BENCH_ENGINE_RUNS", "40"))
WARM_UP = 5


def percentiles(samples):
    cuts = statistics.quantiles(samples, n=20, method="inclusive")
    return {"p50": statistics.median(samples), "p95": cuts[18]}


def measure(run, backend_class):
    """Time ``run()``; the share of it inside ``backend_class.search_together`` too."""
    in_engine = []
    search_together = backend_class.search_together

    def timed_search_together(self, asks):
        started = time.perf_counter()
        try:
            return search_together(self, asks)
        finally:
            in_engine[-1] += time.perf_counter() - started

    backend_class.search_together = timed_search_together
    totals = []
    try:
        for attempt in range(WARM_UP + RUNS):
            in_engine.append(0.0)
            started = time.perf_counter()
            run()
            if attempt >= WARM_UP:
                totals.append((time.perf_counter() - started) * 1000)
            else:
                in_engine.pop()
    finally:
        backend_class.search_together = search_together
    figures = {"path": percentiles(totals)}
    if any(in_engine):
        figures["engine"] = percentiles([seconds * 1000 for seconds in in_engine])
    return figures


def main():
    django.setup()
    from django.http import QueryDict
    from django.utils import translation

    from wagtail.search.backends import get_search_backend

    from bench import DOCUMENT_WORD
    from documents.models import DocumentPage, Provenance
    from search.query import autocomplete, run_search

    translation.activate("en")
    backend_class = type(get_search_backend())
    cases = {
        "search with hits": lambda: run_search(QueryDict("q=waste")),
        "search with facets chosen": lambda: run_search(
            QueryDict("q=waste&country=TH&type=practice")
        ),
        "autocomplete": lambda: autocomplete("was"),
    }
    if DocumentPage.objects.filter(provenance=Provenance.GENERATED).exists():
        cases["search with documents"] = lambda: run_search(QueryDict(f"q={DOCUMENT_WORD}"))
    figures = {label: measure(run, backend_class) for label, run in cases.items()}
    print(json.dumps({"backend": backend_class.__module__, **figures}))


if __name__ == "__main__":
    main()
