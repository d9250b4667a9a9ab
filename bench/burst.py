"""After a publish, a burst of visitors on one hot page: how many times it is rendered, and how
long the visitors wait (issue 20: one render, p99 of the burst at most 3 times a single render).

The server caches in Redis (``REDIS_URL``, `make services`) so that its workers share the page
cache and the render lock, as in production; without Redis each worker keeps its own copy."""

import statistics
import subprocess
import sys
import threading
import time
import urllib.request

from bench.load import HEADERS, ROOT, gunicorn, production_env

VISITORS = 50
SINGLE_RENDERS = 5
BUMP = "from portal.cache import bump_generation; bump_generation()"


def publish(database_url, **settings):
    """What a publish does to the cache: the content generation moves on."""
    subprocess.run(  # noqa: S603 - our own manage.py
        [sys.executable, "manage.py", "shell", "-c", BUMP],
        cwd=ROOT,
        env=production_env(database_url, **settings),
        check=True,
    )


def fetch(url):
    """(milliseconds, X-Cache) of one GET."""
    headers = dict(header.split(": ", 1) for header in HEADERS)
    request = urllib.request.Request(url, headers=headers)  # noqa: S310 - our loopback server
    started = time.perf_counter()
    with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310 - loopback
        response.read()
        cache = response.headers.get("X-Cache", "")
    return (time.perf_counter() - started) * 1000, cache


def burst(url, visitors):
    start = threading.Barrier(visitors)
    answers = []

    def visit():
        start.wait()
        answers.append(fetch(url))

    threads = [threading.Thread(target=visit) for _ in range(visitors)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return answers


def measure(database_url, path, **settings):
    """A single render's median time, then a burst of VISITORS just after a publish."""
    with gunicorn(database_url, **settings) as base:
        fetch(base + path)  # warm-up: imports, connections
        singles = []
        for _ in range(SINGLE_RENDERS):
            publish(database_url, **settings)
            singles.append(fetch(base + path)[0])
        publish(database_url, **settings)
        answers = burst(base + path, VISITORS)
    times = sorted(milliseconds for milliseconds, _ in answers)
    single = statistics.median(singles)
    p99 = statistics.quantiles(times, n=100, method="inclusive")[98]
    return {
        "visitors": VISITORS,
        "renders": sum(1 for _, cache in answers if cache == "miss"),
        "single": single,
        "p50": statistics.median(times),
        "p99": p99,
        "ratio": p99 / single,
    }
