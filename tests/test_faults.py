"""Faults of what the portal stands on: it answers clearly, keeps what it can, and recovers.

The database tests serve the portal with gunicorn and production settings in processes of their
own and break its database for real: an SQLite file that vanishes, a PostgreSQL server whose
port stops answering. The Redis test stops and restarts a redis-server that it started itself.
"""

import json
import logging
import os
import shutil
import subprocess
import sys
import urllib.error
import urllib.request
from pathlib import Path

from django.db import connection
from django.urls import reverse

import pytest

from bench.load import collect_static, gunicorn
from portal.settings.base import redis_cache
from practices.models import PracticePage
from tests import services
from tests.factories import CityPageFactory, PracticePageFactory, build_site
from tests.outages import RedisServer, TcpRelay

ROOT = Path(__file__).resolve().parent.parent
# The gunicorn tests run one after another on one pytest-xdist worker: two at once would load
# the machine's two cores and time out.
gunicorn_group = pytest.mark.xdist_group("gunicorn")


@pytest.fixture(scope="session")
def static_root(tmp_path_factory):
    """Production settings serve collected, fingerprinted files: collected once, into a folder
    of the tests' own (collectstatic rewrites files that a starting server is reading)."""
    root = tmp_path_factory.mktemp("static")
    collect_static("sqlite://:memory:", STATIC_ROOT=root)
    return root


CONTENT = """
from tests.factories import build_site, CityPageFactory, PracticePageFactory
site = build_site()
city = CityPageFactory(parent=site["cities"], title="Da Nang", slug="da-nang")
PracticePageFactory(parent=city, title="Flood sensors", slug="flood-sensors")
"""


def fetch(url):
    """(status, headers, body) of a GET, as a browser behind the TLS proxy would make it."""
    request = urllib.request.Request(url, headers={"X-Forwarded-Proto": "https"})  # noqa: S310
    try:
        with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310 - loopback
            return response.status, response.headers, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read().decode()


@pytest.fixture
def sqlite_portal(tmp_path, static_root):
    """A portal with a city and a practice, on its own SQLite file; yields (URL, file)."""
    if connection.vendor != "sqlite":
        pytest.skip("SQLite outage: runs in the SQLite pass of `make test`")
    database = tmp_path / "portal.sqlite3"
    url = f"sqlite:///{database}"
    env = {**os.environ, "DATABASE_URL": url, "DJANGO_SETTINGS_MODULE": "portal.settings.test"}
    for command in (["migrate", "-v0"], ["shell", "-c", CONTENT]):
        subprocess.run(  # noqa: S603 - our own manage.py
            [sys.executable, "manage.py", *command], cwd=ROOT, env=env, check=True
        )
    with gunicorn(url, workers=1, DATABASE_CONN_MAX_AGE=0, STATIC_ROOT=static_root) as base:
        yield base, database


def outage_then_recovery(base, break_database, mend_database, secrets):
    """The database goes while the portal serves; it answers 503 or stale copies; it comes back."""
    # The very first request creates the portal settings, which empties the cache once.
    for path in ("/", "/practices/", "/"):
        assert fetch(f"{base}{path}")[0] == 200
    assert fetch(f"{base}/")[1]["X-Cache"] == "hit"
    pages_before = page_count(base, limit=1)

    break_database()
    try:
        status, headers, body = fetch(f"{base}/cities/da-nang/flood-sensors/?fresh=1")
        assert status == 503
        assert headers["Retry-After"] == "30"
        assert "Back in a moment" in body and "<html" in body
        for secret in ("Traceback", "OperationalError", *secrets):
            assert secret not in body
        cached = fetch(f"{base}/")
        assert (cached[0], cached[1]["X-Cache"]) == (200, "stale")
        health = fetch(f"{base}/healthz")
        assert health[0] == 503
        assert json.loads(health[2])["database"]["status"] == "down"
    finally:
        mend_database()

    status, _headers, body = fetch(f"{base}/cities/da-nang/flood-sensors/?fresh=2")
    assert status == 200 and "Flood sensors" in body  # the next request works, no restart
    assert fetch(f"{base}/healthz")[0] == 200
    # home, 3 indexes (cities, practices, challenges), the city, the practice
    assert page_count(base, limit=2) == pages_before == 6


def page_count(base, limit):
    """Live pages, as the API counts them (``limit`` varies the address: no cached copy)."""
    return json.loads(fetch(f"{base}/api/v2/pages/?limit={limit}")[2])["meta"]["total_count"]


@gunicorn_group
def test_sqlite_outage_answers_503_serves_cached_pages_and_recovers(sqlite_portal):
    base, database = sqlite_portal
    away = database.with_suffix(".away")

    def break_database():
        database.rename(away)
        database.mkdir()  # where the file was, something SQLite cannot open: the disk is gone

    def mend_database():
        database.rmdir()
        away.rename(database)

    outage_then_recovery(base, break_database, mend_database, ["sqlite", str(database)])


@gunicorn_group
@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)  # gunicorn reads what this test commits
def test_postgres_outage_answers_503_serves_cached_pages_and_recovers(static_root):
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL outage: runs in the PostgreSQL pass of `make test`")
    site = build_site()
    city = CityPageFactory(parent=site["cities"], title="Da Nang", slug="da-nang")
    PracticePageFactory(parent=city, title="Flood sensors", slug="flood-sensors")
    server = connection.settings_dict
    relay = TcpRelay(server["HOST"] or "127.0.0.1", int(server["PORT"] or 5432))
    relay.restore()
    url = f"postgres://{server['USER']}@127.0.0.1:{relay.port}/{server['NAME']}"
    # Persistent connections (60 s, with health checks), as in production: they die in the cut.
    with gunicorn(url, workers=1, STATIC_ROOT=static_root) as base:
        outage_then_recovery(base, relay.cut, relay.restore, ["postgres", str(relay.port)])


@pytest.fixture
def redis_server():
    """A Redis server of the test's own, never the machine's shared one."""
    if shutil.which("redis-server") is None:
        message = "redis-server is not installed"
        if services.in_ci():
            pytest.fail(f"CI=true and {message}")
        pytest.skip(message)
    server = RedisServer()
    server.start()
    yield server
    if server.process.poll() is None:
        server.stop()


@pytest.mark.redis
def test_redis_outage_serves_pages_uncached_keeps_editors_in_and_recovers(
    client, admin_client, practice, redis_server, settings, caplog
):
    settings.CACHES = redis_cache(redis_server.url)
    settings.PAGE_CACHE_SECONDS = settings.FRAGMENT_CACHE_SECONDS = 600
    pages = ["/", "/practices/", practice.url, "/search/?q=waste", "/api/search/?q=waste"]
    for url in pages:
        client.get(url)
    assert client.get("/")["X-Cache"] == "hit"
    assert client.get("/healthz").json()["cache"]["status"] == "ok"

    redis_server.stop()
    with caplog.at_level(logging.WARNING):
        for url in pages:
            response = client.get(url)
            assert response.status_code == 200, url
            assert response["X-Cache"] != "hit"
        assert b"Sensor-based waste collection" in client.get(practice.url).content
        health = client.get("/healthz")
        assert admin_client.get(reverse("wagtailadmin_home")).status_code == 200  # still signed in
    assert health.status_code == 200
    assert health.json()["status"] == "degraded"
    assert health.json()["cache"]["status"] == "degraded"
    assert any("not answering" in record.getMessage() for record in caplog.records)

    assert PracticePage.objects.count() == 1  # nothing written was lost
    redis_server.start()  # the same port: the portal reconnects by itself
    client.get("/")
    assert client.get("/")["X-Cache"] == "hit"
    assert client.get("/healthz").json()["status"] == "ok"
