"""``make bench``: search latency on SQLite and PostgreSQL for 1,000 and 10,000 generated practices.

Each database is the benchmark's own: ``bench/data/bench.sqlite3`` and the PostgreSQL database
``ascn_bench`` (created on the server of ``BENCH_PG_URL`` when it answers). Sizes come from
``BENCH_SIZES`` (default ``1000,10000``). The table is printed and written to
``bench/results/<date>-search.md`` with the versions used.
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
PG_BENCH = PG_SERVER.rsplit("/", 1)[0] + "/ascn_bench"


def ensure_pg_database():
    import psycopg

    with psycopg.connect(PG_SERVER, autocommit=True) as connection:
        exists = connection.execute(
            "SELECT 1 FROM pg_database WHERE datname = 'ascn_bench'"
        ).fetchone()
        if not exists:
            connection.execute("CREATE DATABASE ascn_bench ENCODING 'UTF8' TEMPLATE template0")


def databases():
    """The benchmark databases to run: BENCH_DATABASES=sqlite,postgres (default both)."""
    wanted = os.environ.get("BENCH_DATABASES", "sqlite,postgres").split(",")
    DATA.mkdir(parents=True, exist_ok=True)
    if "sqlite" in wanted:
        yield "SQLite", f"sqlite:///{DATA / 'bench.sqlite3'}"
    if "postgres" not in wanted:
        return
    if postgres_answers(PG_SERVER):
        ensure_pg_database()
        yield "PostgreSQL", PG_BENCH
    else:
        print(f"PostgreSQL does not answer at {PG_SERVER}: SQLite only", file=sys.stderr)


def main():
    sizes = [int(size) for size in os.environ.get("BENCH_SIZES", "1000,10000").split(",")]
    rows = []
    for label, url in databases():
        for size in sizes:
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
