"""``make bench``: the portal under load, served by gunicorn, on generated corpora.

For each corpus size (``BENCH_SIZES``, default ``1000,10000``) and engine (``BENCH_DATABASES``,
default ``sqlite,postgres,opensearch``) a database of its own is filled once and reused:
``bench/data/bench-<size>.sqlite3`` or ``ascn_bench_<size>`` on the PostgreSQL server of
``BENCH_PG_URL`` (by default the one `make services` started), never the demo database. The
OpenSearch rows serve that PostgreSQL database with search on the node at ``ELASTICSEARCH_URL``
(`make services`): its index is rebuilt and timed first (``BENCH_OPENSEARCH_REBUILD=0`` reuses the
index of an earlier run instead), and only the search requests are measured. The portal is then
served three times with production settings (see MODES: with the anonymous page cache, without it,
and with no cache at all), and wrk loads each request for ``BENCH_SECONDS`` (default 8) after a
2-second warm-up. Cached figures are also given as a share of the static file's throughput in the
same server. ``BENCH_HOSTILE_REQUESTS`` (default 10,000; 0 skips it) hostile requests are then
replayed against the first database. For each row, ``bench.engine`` then times the search path in
process, nothing cached, and the part of it spent in the search engine. The tables are printed and
written to ``bench/results/<date>-load.md`` with the versions used.

Corpora of 10,000 practices and more also hold 10,000 generated library documents with their text
(``BENCH_DOCUMENTS=N``: N documents at every size), and their rows gain "search with documents",
a word found only inside the documents' text.
"""

import datetime
import json
import os
import platform
import subprocess
import sys
import time
import urllib.request
from importlib.metadata import version
from pathlib import Path

from bench import DOCUMENT_WORD, documents_for
from bench.burst import SINGLE_RENDERS
from bench.burst import measure as measure_burst
from bench.engine import RUNS as ENGINE_RUNS
from bench.hostile import replay as hostile_replay
from bench.load import CONNECTIONS, WORKERS, collect_static, gunicorn, production_env, wrk
from tests.services import postgres_answers

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "bench" / "data"
RESULTS = ROOT / "bench" / "results"
PG_SERVER = os.environ.get(
    "BENCH_PG_URL",
    os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:55432/ascn").rsplit("/", 1)[0]
    + "/postgres",
)
OPENSEARCH_URL = os.environ.get("ELASTICSEARCH_URL", "")
SECONDS = int(os.environ.get("BENCH_SECONDS", "8"))
HOSTILE_REQUESTS = int(os.environ.get("BENCH_HOSTILE_REQUESTS", "10000"))
REBUILD = os.environ.get("BENCH_OPENSEARCH_REBUILD", "1") != "0"
BURST = os.environ.get("BENCH_BURST", "1") != "0"
REDIS_URL = os.environ.get("REDIS_URL", "")
STATIC = ("static file (ceiling)", "/static/portal/css/portal.css")
REQUESTS = [
    ("home page", "/"),
    ("city page", "/cities/bangkok/"),
    ("practice page", "/cities/da-nang/sensor-based-solid-waste-collection/"),
    ("practice index, two filters", "/practices/?country=TH&focal_area=quality-environment"),
    ("search with hits", "/search/?q=waste"),
    ("search with facets chosen", "/search/?q=waste&country=TH&type=practice"),
    ("JSON search API", "/api/search/?q=waste"),
    ("autocomplete", "/search/autocomplete/?q=was"),
]
# Measured where the corpus holds generated documents (bench.documents_for).
DOCUMENTS_REQUEST = ("search with documents", f"/search/?q={DOCUMENT_WORD}")
SEARCH_REQUESTS = {label for label, path in [*REQUESTS, DOCUMENTS_REQUEST] if "search" in path}


def pg_database(size):
    import psycopg

    name = f"ascn_bench_{size}"
    with psycopg.connect(PG_SERVER, autocommit=True) as connection:
        exists = connection.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [name]
        ).fetchone()
        if not exists:
            connection.execute(f"CREATE DATABASE {name} ENCODING 'UTF8' TEMPLATE template0")
    return PG_SERVER.rsplit("/", 1)[0] + "/" + name


def databases(size):
    """(label, URL, settings) of each engine for ``size`` practices (BENCH_DATABASES)."""
    wanted = os.environ.get("BENCH_DATABASES", "sqlite,postgres,opensearch").split(",")
    DATA.mkdir(parents=True, exist_ok=True)
    if "sqlite" in wanted:
        yield "SQLite", f"sqlite:///{DATA / f'bench-{size}.sqlite3'}", {}
    if not postgres_answers(PG_SERVER):
        print(f"PostgreSQL does not answer at {PG_SERVER}: SQLite only", file=sys.stderr)
        return
    if "postgres" in wanted:
        yield "PostgreSQL", pg_database(size), {}
    if "opensearch" in wanted and OPENSEARCH_URL:
        yield "PostgreSQL + OpenSearch", pg_database(size), opensearch_settings(size)


def opensearch_settings(size):
    return {
        "ELASTICSEARCH_URL": OPENSEARCH_URL,
        "ELASTICSEARCH_BACKEND": os.environ.get("ELASTICSEARCH_BACKEND", "opensearch2"),
        "ELASTICSEARCH_REPLICAS": os.environ.get("ELASTICSEARCH_REPLICAS", "0"),
        "ELASTICSEARCH_INDEX_PREFIX": f"bench_{size}_",
        "ELASTICSEARCH_TIMEOUT": 30,
        "TASKS_BACKEND": "immediate",
    }


def opensearch_json(path):
    with urllib.request.urlopen(OPENSEARCH_URL + path, timeout=30) as response:  # noqa: S310 - loopback
        return json.load(response)


def rebuild_opensearch(url, settings, size):
    """Time a full rebuild of the index into OpenSearch; its size on disk afterwards."""
    started = time.monotonic()
    subprocess.run(  # noqa: S603 - our own manage.py
        [sys.executable, "manage.py", "update_index", "--backend", "default", "-v0"],
        cwd=ROOT,
        env=production_env(url, **settings),
        check=True,
    )
    seconds = time.monotonic() - started
    prefix = settings["ELASTICSEARCH_INDEX_PREFIX"]
    stats = opensearch_json(f"/{prefix}*/_stats/store,docs")["_all"]["primaries"]
    return {
        "seconds": seconds,
        "documents": stats["docs"]["count"],
        "per_second": size / seconds,
        "megabytes": stats["store"]["size_in_bytes"] / 1e6,
    }


def node_heap():
    memory = [node["jvm"]["mem"] for node in opensearch_json("/_nodes/stats/jvm")["nodes"].values()]
    return [(mem["heap_used_in_bytes"] / 1e6, mem["heap_max_in_bytes"] / 1e6) for mem in memory]


def fill(url, size):
    env = {**os.environ, "DATABASE_URL": url, "DJANGO_SETTINGS_MODULE": "portal.settings.test"}
    env.pop("ELASTICSEARCH_URL", None)  # generated into the database backend; OpenSearch after
    subprocess.run(  # noqa: S603 - our own module, our own arguments
        [sys.executable, "-m", "bench.generate", str(size)], cwd=ROOT, env=env, check=True
    )


# The three servers each row is measured on: the anonymous page cache on; off but fragments
# (navigation, related practices, facet counts) cached; nothing cached at all.
MODES = {
    "cached": {},
    "no page cache": {"PAGE_CACHE_SECONDS": 0},
    "nothing cached": {"PAGE_CACHE_SECONDS": 0, "FRAGMENT_CACHE_SECONDS": 0},
}


def measure(database_url, settings, requests):
    """{label: figures} for the static file and each of ``requests``, in one server."""
    figures = {}
    with gunicorn(database_url, **settings) as base:
        for label, path in [STATIC, *requests]:
            wrk(base + path, 2)  # warm-up: each worker's cache, connections, imports
            figures[label] = wrk(base + path, SECONDS)
    return figures


def query_path(url, settings):
    """bench.engine's figures for one row: the search path in process, nothing cached."""
    done = subprocess.run(  # noqa: S603 - our own module
        [sys.executable, "-m", "bench.engine"],
        cwd=ROOT,
        env=production_env(url, **settings, **MODES["nothing cached"]),
        check=True,
        capture_output=True,
        text=True,
    )
    return json.loads(done.stdout.splitlines()[-1])


def query_path_rows(engine, size, figures):
    backend = figures.pop("backend")
    for label, parts in figures.items():
        engine_cells = (
            f"{parts['engine']['p50']:.1f} | {parts['engine']['p95']:.1f}"
            if "engine" in parts
            else "– | –"
        )
        yield (
            f"| {engine} (`{backend}`) | {size:,} | {label} | {parts['path']['p50']:.1f} "
            f"| {parts['path']['p95']:.1f} | {engine_cells} |"
        )


def rows(engine, size, measured, requests):
    ceiling = measured["cached"][STATIC[0]]["rps"]
    for label, _path in [STATIC, *requests]:
        hot, *colder = (measured[mode][label] for mode in MODES)
        cells = [f"{hot['rps']:,.0f}", f"{hot['rps'] / ceiling:.0%}", f"{hot['p95']:.1f}"]
        for figures in colder:
            cells += [f"{figures['rps']:,.0f}", f"{figures['p50']:.1f}", f"{figures['p95']:.1f}"]
        errors = sum(measured[mode][label]["errors"] for mode in MODES)
        yield f"| {engine} | {size:,} | {label} | " + " | ".join(cells) + f" | {errors} |"


def main():
    sizes = [int(size) for size in os.environ.get("BENCH_SIZES", "1000,10000").split(",")]
    table = [
        "| database | practices | request | cached req/s | share of static | p95 ms "
        "| no page cache req/s | p50 ms | p95 ms | nothing cached req/s | p50 ms | p95 ms "
        "| errors |",
        "|---|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    static_collected = False
    replay = None
    bursts = []
    rebuilds = []
    paths = []
    filled = set()
    for size in sizes:
        for engine, url, engine_settings in databases(size):
            if url not in filled:
                fill(url, size)
                filled.add(url)
            if not static_collected:
                collect_static(url)
                static_collected = True
            requests = REQUESTS + ([DOCUMENTS_REQUEST] if documents_for(size) else [])
            if engine_settings and REBUILD:
                rebuilds.append((size, rebuild_opensearch(url, engine_settings, size)))
            if engine_settings:
                requests = [request for request in requests if request[0] in SEARCH_REQUESTS]
            measured = {
                mode: measure(url, {**engine_settings, **settings}, requests)
                for mode, settings in MODES.items()
            }
            if BURST and not bursts and not engine_settings:
                page = dict(REQUESTS)["practice page"]
                shared = {"REDIS_URL": REDIS_URL} if REDIS_URL else {}
                bursts.append((engine, size, shared, measure_burst(url, page, **shared)))
            if replay is None and HOSTILE_REQUESTS:
                with gunicorn(url) as base:
                    replay = (engine, size, hostile_replay(base, HOSTILE_REQUESTS))
            for row in rows(engine, size, measured, requests):
                print(row, flush=True)
                table.append(row)
            paths += query_path_rows(engine, size, query_path(url, engine_settings))
    versions = ", ".join(
        f"{name} {version(name)}"
        for name in ("Django", "wagtail", "modelsearch", "gunicorn", "psycopg")
    )
    wrk_version = subprocess.run(["wrk", "-v"], capture_output=True, text=True).stdout  # noqa: S607
    report = (
        f"# The portal under load, {datetime.date.today()}\n\n"
        f"Python {platform.python_version()}, {versions}; {wrk_version.splitlines()[0]}; "
        f"{os.cpu_count()} cores. gunicorn with {WORKERS} sync workers and production settings, "
        f"wrk with 1 thread and {CONNECTIONS} connections for {SECONDS} s per request after a "
        "2 s warm-up, both on 127.0.0.1. Cached: the anonymous page cache in each worker's "
        "local memory (the practice page's form token is filled in per visitor); no page cache: "
        "`PAGE_CACHE_SECONDS=0`, fragments and facet counts still cached until the next publish; "
        "nothing cached: `FRAGMENT_CACHE_SECONDS=0` too, every request computed in full. Shares "
        "are of the static file's requests/s in the cached server of the same row group. "
        "Errors: socket errors, timeouts (wrk waits 2 s) and non-2xx/3xx answers, all modes."
        + "".join(
            f" The corpus of {size:,} practices also holds {documents_for(size):,} generated "
            f"documents (2 to 12 pages of text each); search with documents looks for a word "
            f"({DOCUMENT_WORD!r}) found only in the text of one in twenty."
            for size in sizes
            if documents_for(size)
        )
        + "\n\n"
        + "\n".join(table)
        + "\n"
    )
    if paths:
        report += (
            "\nThe search path in process (`bench/engine.py`): one request at a time, no HTTP, "
            "nothing cached, everything but the rendering; of it, the time inside the engine's "
            "batch of the results, their count and the facet counts (`search_together`). "
            f"ms over {ENGINE_RUNS} runs.\n\n"
            "| database | practices | request | path p50 | path p95 | engine p50 | engine p95 |\n"
            "|---|---:|---|---:|---:|---:|---:|\n" + "\n".join(paths) + "\n"
        )
    if rebuilds:
        report += "\nOpenSearch (one node, heap 512 MB): full rebuild with `update_index`\n\n"
        report += "| practices | seconds | practices/s | documents | index size MB |\n"
        report += "|---:|---:|---:|---:|---:|\n"
        for size, rebuild in rebuilds:
            report += (
                f"| {size:,} | {rebuild['seconds']:.0f} | {rebuild['per_second']:,.0f} "
                f"| {rebuild['documents']:,} | {rebuild['megabytes']:.1f} |\n"
            )
        heaps = ", ".join(f"{used:.0f} of {top:.0f} MB" for used, top in node_heap())
        report += f"\nNode heap after the run: {heaps}.\n"
    for engine, size, shared, figures in bursts:
        where = "Redis" if shared else "each worker's memory"
        report += (
            f"\nA burst after a publish (`bench/burst.py`), on {engine} with {size:,} practices, "
            f"page cache in {where}: "
            f"{figures['visitors']} visitors ask for the practice page at once just after the "
            f"content generation moved on. **{figures['renders']} render(s)**; a single render "
            f"(median of {SINGLE_RENDERS}) {figures['single']:.1f} ms; the burst's p50 "
            f"{figures['p50']:.1f} ms, p99 {figures['p99']:.1f} ms "
            f"(**{figures['ratio']:.1f} × a single render**).\n"
        )
    if replay is not None:
        engine, size, answers = replay
        report += (
            f"\nHostile requests (bench/hostile.py: injection strings, very long and non-UTF-8 "
            f"values, odd headers), {HOSTILE_REQUESTS:,} sent to the cached server on {engine} "
            f"with {size:,} practices: {dict(sorted(answers.items()))}; "
            f"**{answers['5xx']} answered 5xx**.\n"
        )
    print(report)
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / f"{datetime.date.today()}-load.md").write_text(report, encoding="utf-8")


if __name__ == "__main__":
    main()
