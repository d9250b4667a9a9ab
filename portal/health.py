"""/healthz: the state of the database, the cache and the search backend, as JSON.

HTTP 200 while the database answers (the portal can serve pages), 503 otherwise. Failures are
reported by kind, never with a traceback or a connection string.
"""

import logging
import uuid

from django.core.cache import caches
from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache

from wagtail.search.backends import get_search_backend

logger = logging.getLogger(__name__)


def check_database():
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return {"status": "ok", "engine": connection.vendor}


def check_cache():
    cache = caches["default"]
    key = f"healthz:{uuid.uuid4().hex}"
    cache.set(key, "1", 5)
    answered = cache.get(key) == "1"
    cache.delete(key)
    backend = type(cache).__module__.split(".")[0]
    if not answered:
        logger.warning("The cache (%s) is not answering: pages are served uncached", backend)
        return {"status": "degraded", "backend": backend, "detail": "cache not answering"}
    return {"status": "ok", "backend": backend}


CLUSTER_STATES = {
    "yellow": "a search node is missing: every search answers, with fewer copies of the index",
    "red": "part of the search index is unavailable: some results may be missing",
}


def check_search():
    backend = get_search_backend()
    name = type(backend).__name__
    client = getattr(backend, "es", None)
    if client is None:
        return {"status": "ok", "backend": name}
    if not client.ping():
        return {"status": "degraded", "backend": name, "detail": "search server not answering"}
    cluster = client.cluster.health().get("status")
    if cluster in CLUSTER_STATES:
        return {"status": "degraded", "backend": name, "detail": CLUSTER_STATES[cluster]}
    return {"status": "ok", "backend": name}


CHECKS = {"database": check_database, "cache": check_cache, "search": check_search}


@never_cache
def healthz(request):
    report = {}
    for name, check in CHECKS.items():
        try:
            report[name] = check()
        except Exception as error:  # noqa: BLE001 - any failure is a state to report
            logger.warning("Health check %s failed: %s", name, type(error).__name__)
            report[name] = {"status": "down", "detail": type(error).__name__}
    database_ok = report["database"]["status"] == "ok"
    states = {part["status"] for part in report.values()}
    report["status"] = "ok" if states == {"ok"} else ("degraded" if database_ok else "down")
    return JsonResponse(report, status=200 if database_ok else 503)
