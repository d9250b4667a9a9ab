"""Hostile requests: the vocabulary shared by the fuzz tests and the replay of ``make bench``.

``replay`` sends ``count`` requests drawn from it (random public addresses, known and unknown
parameters, injection strings, very long and non-UTF-8 values, odd headers) to a served portal
from a few threads, and counts the answers by class: a 5xx is a defect.
"""

import http.client
import random
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from urllib.parse import quote, urlsplit

MARKER = "<x-fuzz>"
PATHS = [
    "/", "/cities/", "/cities/bangkok/", "/cities/da-nang/sensor-based-solid-waste-collection/",
    "/practices/", "/practices/compare/", "/practices/coverage/", "/practices/export/csv/",
    "/practices/export/json/", "/practices/feed/", "/search/", "/th/search/", "/api/search/",
    "/search/autocomplete/", "/api/v2/pages/", "/sitemap.xml", "/th/", "/lo/practices/",
    "/no-such-page/", "/xx/practices/", "/%ff%fe/", "/cities/%00/",
]  # fmt: skip
PARAMETERS = [
    "q", "page", "country", "city", "focal_area", "status", "year", "type", "p", "kind",
    "untranslated", "language", "limit", "offset", "fields", "order", "search", "html_path",
]  # fmt: skip
NASTY = [
    MARKER,
    f'"{MARKER}',
    "' OR 1=1 --",
    "../../etc/passwd",
    "\x00",
    "{{ settings.SECRET_KEY }}",
    "ขยะ" * 200,
    "a" * 3_000,
    "-1",
    "99999999999999999999",
    "1e309",
    "²",
    "\u202e\ufeff",
    "TH",
    "quality-environment",
    "ongoing",
    "2021",
]
LANGUAGES = ["th", "lo-LA", "zz", "*;q=x", "en-GB,en;q=0.8", "x" * 500]


def draw(rng):
    """One hostile request: (path with query, headers)."""
    pairs = [
        (rng.choice([*PARAMETERS, "%ff", "x"]), rng.choice(NASTY)) for _ in range(rng.randint(0, 4))
    ]
    query = "&".join(f"{quote(key, safe='%')}={quote(value)}" for key, value in pairs)
    headers = {"X-Forwarded-Proto": "https", "Accept-Language": rng.choice(LANGUAGES)}
    return f"{rng.choice(PATHS)}?{query}", headers


def _send(base, request):
    address = urlsplit(base)
    path, headers = request
    connection = http.client.HTTPConnection(address.hostname, address.port, timeout=60)
    try:
        connection.request("GET", path, headers=headers)
        status = connection.getresponse().status
    except OSError:
        return "socket error"
    finally:
        connection.close()
    return f"{status // 100}xx"


def replay(base, count=10_000, concurrency=4, seed=2026):
    """Send ``count`` hostile requests to ``base``; returns a Counter of answer classes."""
    rng = random.Random(seed)  # noqa: S311 - reproducible test input, not security
    requests = [draw(rng) for _ in range(count)]
    with ThreadPoolExecutor(concurrency) as pool:
        return Counter(pool.map(lambda request: _send(base, request), requests))
