"""Is a real service answering? Used by conftest.py and the benchmarks.

`make test` starts the services (`make services`, services/control.py). Under ``CI=true`` a
service the run expects must answer: tests that need it fail instead of skipping, so a green CI
always means the PostgreSQL and Redis paths really ran.
"""

import os
import socket
from urllib.parse import urlsplit

DEFAULT_PORTS = {"postgres": 5432, "postgresql": 5432, "redis": 6379, "http": 80, "https": 443}


def answers(url, timeout=1.0):
    """True when something accepts a TCP connection at the URL's host and port."""
    parts = urlsplit(url)
    host = parts.hostname or "127.0.0.1"
    port = parts.port or DEFAULT_PORTS.get(parts.scheme, 80)
    try:
        with socket.create_connection((host, port), timeout=timeout):
            return True
    except OSError:
        return False


def postgres_answers(url):
    """True when PostgreSQL accepts a login at ``url`` (not just a TCP connection)."""
    if not answers(url):
        return False
    import psycopg

    try:
        with psycopg.connect(url, connect_timeout=3) as connection:
            connection.execute("SELECT 1")
        return True
    except psycopg.Error:
        return False


def in_ci():
    return os.environ.get("CI", "").lower() == "true"
