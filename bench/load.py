"""Serve the portal with gunicorn and production settings, and load it with wrk.

The server runs in its own processes (2 sync workers, as on the 2-core reference machines) on
a free port of 127.0.0.1; wrk is the second process. Requests carry ``X-Forwarded-Proto:
https``, as they would behind the TLS proxy, so production's HTTPS redirect does not answer
instead of the page.
"""

import json
import os
import secrets
import socket
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WRK_SCRIPT = Path(__file__).resolve().parent / "report.lua"
WORKERS = 2
CONNECTIONS = 4
HEADERS = ["X-Forwarded-Proto: https"]
# What `make services` exports: a row's server inherits none of it, so a PostgreSQL row searches
# with the database backend and caches in its own memory unless the row says otherwise.
SERVICE_VARIABLES = (
    "ELASTICSEARCH_URL",
    "ELASTICSEARCH_BACKEND",
    "ELASTICSEARCH_REPLICAS",
    "REDIS_URL",
)


def production_env(database_url, **extra):
    """A production server's environment on ``database_url``, with ``extra``'s services only."""
    inherited = {name: value for name, value in os.environ.items() if name not in SERVICE_VARIABLES}
    return {
        **inherited,
        "DJANGO_SETTINGS_MODULE": "portal.settings.production",
        "SECRET_KEY": secrets.token_urlsafe(64),
        "ALLOWED_HOSTS": "127.0.0.1",
        "DATABASE_URL": database_url,
        **{name: str(value) for name, value in extra.items()},
    }


def collect_static(database_url, **extra):
    subprocess.run(  # noqa: S603 - our own manage.py
        [sys.executable, "manage.py", "collectstatic", "--no-input", "-v0"],
        cwd=ROOT,
        env=production_env(database_url, **extra),
        check=True,
    )


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def gunicorn(database_url, workers=WORKERS, **settings):
    """A running portal; yields its base URL."""
    port = free_port()
    server = subprocess.Popen(  # noqa: S603 - gunicorn from our own virtual environment
        [
            str(Path(sys.executable).with_name("gunicorn")),
            "portal.wsgi:application",
            f"--workers={workers}",
            f"--bind=127.0.0.1:{port}",
            "--log-level=warning",
        ],
        cwd=ROOT,
        env=production_env(database_url, **settings),
    )
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until_up(f"{base}/healthz", server)
        yield base
    finally:
        server.terminate()
        server.wait(timeout=30)


def wait_until_up(url, server, seconds=60):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if server.poll() is not None:
            sys.exit(f"gunicorn stopped with exit code {server.returncode}")
        try:
            with urllib.request.urlopen(url, timeout=2):  # noqa: S310 - our own loopback server
                return
        except OSError:
            time.sleep(0.3)
    sys.exit(f"gunicorn did not answer at {url} within {seconds} s")


def wrk(url, seconds):
    """Load ``url`` for ``seconds``; returns requests/s, latency percentiles (ms) and errors."""
    command = ["wrk", "-t1", f"-c{CONNECTIONS}", f"-d{seconds}s", "-s", str(WRK_SCRIPT)]
    for header in HEADERS:
        command += ["-H", header]
    output = subprocess.run(  # noqa: S603 - wrk with our own arguments
        [*command, url], capture_output=True, text=True, check=True
    ).stdout
    figures = json.loads(output.strip().splitlines()[-1])
    return {
        "rps": figures["requests"] / (figures["duration_us"] / 1e6),
        "p50": figures["p50"] / 1000,
        "p95": figures["p95"] / 1000,
        "p99": figures["p99"] / 1000,
        "errors": figures["socket_errors"] + figures["status_errors"],
        "requests": figures["requests"],
    }
