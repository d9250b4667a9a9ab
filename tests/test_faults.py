"""Faults of what the portal stands on: it answers clearly, keeps what it can, and recovers.

These tests serve the portal with gunicorn and production settings in processes of their own,
on a database of their own, and break that database for real.
"""

import json
import os
import subprocess
import sys
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from bench.load import collect_static, gunicorn

ROOT = Path(__file__).resolve().parent.parent
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
def sqlite_portal(tmp_path):
    """A portal with a city and a practice, on its own SQLite file; yields (URL, file)."""
    database = tmp_path / "portal.sqlite3"
    url = f"sqlite:///{database}"
    env = {**os.environ, "DATABASE_URL": url, "DJANGO_SETTINGS_MODULE": "portal.settings.test"}
    for command in (["migrate", "-v0"], ["shell", "-c", CONTENT]):
        subprocess.run(  # noqa: S603 - our own manage.py
            [sys.executable, "manage.py", *command], cwd=ROOT, env=env, check=True
        )
    collect_static(url)  # production settings serve the fingerprinted files
    with gunicorn(url, workers=1, DATABASE_CONN_MAX_AGE=0) as base:
        yield base, database


def test_database_outage_answers_503_serves_cached_pages_and_recovers(sqlite_portal):
    base, database = sqlite_portal
    # The very first request creates the portal settings, which empties the cache once.
    for path in ("/", "/practices/", "/"):
        assert fetch(f"{base}{path}")[0] == 200
    assert fetch(f"{base}/")[1]["X-Cache"] == "hit"

    away = database.with_suffix(".away")
    database.rename(away)
    database.mkdir()  # where the file was, something SQLite cannot open: the disk is gone
    try:
        status, headers, body = fetch(f"{base}/cities/da-nang/flood-sensors/?fresh=1")
        assert status == 503
        assert headers["Retry-After"] == "30"
        assert "Back in a moment" in body and "<html" in body
        for secret in ("Traceback", "sqlite", "OperationalError", str(database)):
            assert secret not in body
        cached = fetch(f"{base}/")
        assert (cached[0], cached[1]["X-Cache"]) == (200, "stale")
        health = fetch(f"{base}/healthz")
        assert health[0] == 503
        assert json.loads(health[2])["database"]["status"] == "down"
    finally:
        database.rmdir()
        away.rename(database)

    status, _headers, body = fetch(f"{base}/cities/da-nang/flood-sensors/?fresh=2")
    assert status == 200 and "Flood sensors" in body  # the next request works, no restart
    assert fetch(f"{base}/healthz")[0] == 200
