"""``make bench``: search latency on SQLite and PostgreSQL for 1,000 and 10,000 generated practices.

Each corpus size has its own database, never the demo one: ``bench/data/bench-<size>.sqlite3``
and the PostgreSQL database ``ascn_bench_<size>`` (created on the server of ``BENCH_PG_URL``
when it answers); a database is filled once and reused. Sizes come from ``BENCH_SIZES``
(default ``1000,10000``); ``BENCH_DATABASES=sqlite`` or ``postgres`` runs one engine.
The table is printed and written to ``bench/results/<date>-search.md`` with the versions used.
"""

import datetime
import os
import platform
import subprocess
import sys
from importlib.metadata import version
from pathlib import Path

from tests.services import postgres_answers

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "bench" / "data"
RESULTS = ROOT / "bench" / "results"
PG_SERVER = os.environ.get("BENCH_PG_URL", "postgres://postgres@127.0.0.1:5432/postgres")


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
    """(label, URL) of each engine's database for ``size`` practices (BENCH_DATABASES)."""
    wanted = os.environ.get("BENCH_DATABASES", "sqlite,postgres").split(",")
    DATA.mkdir(parents=True, exist_ok=True)
    if "sqlite" in wanted:
        yield "SQLite", f"sqlite:///{DATA / f'bench-{size}.sqlite3'}"
    if "postgres" not in wanted:
        return
    if postgres_answers(PG_SERVER):
        yield "PostgreSQL", pg_database(size)
    else:
        print(f"PostgreSQL does not answer at {PG_SERVER}: SQLite only", file=sys.stderr)


def main():
    sizes = [int(size) for size in os.environ.get("BENCH_SIZES", "1000,10000").split(",")]
    rows = []
    for size in sizes:
        for label, url in databases(size):
            env = {
                **os.environ,
                "DATABASE_URL": url,
                "DJANGO_SETTINGS_MODULE": "portal.settings.test",
            }
            result = subprocess.run(  # noqa: S603 - our own module, our own arguments
                [sys.executable, "-m", "bench.search", str(size)],
                cwd=ROOT,
                env=env,
                capture_output=True,
                text=True,
                check=False,
            )
            if result.returncode != 0:
                print(result.stderr, file=sys.stderr)
                sys.exit(f"bench failed on {label} with {size} practices")
            rows += [f"| {label} | {size:,} | {line}" for line in result.stdout.splitlines()]
    header = [
        "| database | practices | request | p50 ms | p95 ms | samples | results |",
        "|---|---:|---|---:|---:|---:|---:|",
    ]
    table = "\n".join(header + rows)
    versions = ", ".join(
        f"{name} {version(name)}" for name in ("Django", "wagtail", "modelsearch", "icu4py")
    )
    report = (
        f"# Search latency, {datetime.date.today()}\n\n"
        f"Python {platform.python_version()}, {versions}; {os.cpu_count()} cores. "
        "Requests through Django's test client in one process (no network, no cache); "
        "each figure from up to 30 timed requests (fewer when a request is slow: 20 s budget, "
        "at least 3) after 2 warm-up requests.\n\n"
        f"{table}\n"
    )
    print(report)
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / f"{datetime.date.today()}-search.md").write_text(report, encoding="utf-8")


if __name__ == "__main__":
    main()
