"""Time the search page for one corpus size; prints one table row per request."""

import statistics
import sys
import time

import django

django.setup()

from django.core.management import call_command  # noqa: E402
from django.test import Client  # noqa: E402

from bench.generate import ensure_practices  # noqa: E402

REQUESTS = [
    ("search, English word", "/search/?q=waste"),
    ("search, Thai word in phrases", "/search/?q=ขยะ"),
    ("search, accent-free Vietnamese", "/search/?q=rac"),
    ("search with two facets", "/search/?q=waste&status=ongoing&country=TH"),
    ("JSON search API", "/api/search/?q=sampah"),
    ("autocomplete", "/search/autocomplete/?q=gener"),
]
WARM_UP, TIMED = 2, 30
BUDGET_SECONDS = 20  # per request type: slow requests get fewer samples (at least 3)


def percentile(samples, fraction):
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def result_count(client, url):
    """How many results the request found, read from the JSON twin of the search page."""
    if url.startswith("/search/autocomplete/"):
        return len(client.get(url).json()["results"])
    if url.startswith("/search/"):
        url = "/api" + url
    return client.get(url).json()["count"]


def main(size):
    call_command("migrate", verbosity=0)
    ensure_practices(size)
    client = Client()
    for label, url in REQUESTS:
        for _ in range(WARM_UP):
            response = client.get(url)
        timings = []
        deadline = time.perf_counter() + BUDGET_SECONDS
        while len(timings) < TIMED and (len(timings) < 3 or time.perf_counter() < deadline):
            started = time.perf_counter()
            response = client.get(url)
            timings.append((time.perf_counter() - started) * 1000)
            if response.status_code != 200:
                sys.exit(f"{url} answered {response.status_code}")
        count = result_count(client, url)
        print(
            f"{label} | {statistics.median(timings):.1f} | {percentile(timings, 0.95):.1f} "
            f"| {len(timings)} | {count:,} |"
        )


if __name__ == "__main__":
    main(int(sys.argv[1]))
