"""Benchmark a full build of the bundle on SQLite and on PostgreSQL.

Each backend is built in its own child process, into a fresh SQLite file or a fresh
PostgreSQL schema, so that the peak memory reported is that build's alone (the child's
ru_maxrss, read with os.wait4). Prints wall time, rows loaded, rows per second, peak memory
and database size; asserts nothing about timings.

    .venv/bin/python bench/build.py
    .venv/bin/python bench/build.py --pg-url postgresql+psycopg://u:p@127.0.0.1/db --json
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
DEFAULT_DATA = Path(os.environ.get("COMMONGROUND_DATA") or REPO.parent / "shared" / "data")
PG_ENV = "COMMONGROUND_TEST_PG_URL"


def child(backend: str, url: str, schema: str, data_dir: str) -> None:
    """Run one build in this process and print its figures as one JSON line."""
    from sqlalchemy import text

    from commonground.evidence.build import build
    from commonground.settings import Settings
    from commonground.sql import make_engine, sqlite_path

    started = time.perf_counter()
    result = build(Settings(Path(data_dir), url), pg_schema=schema)
    seconds = time.perf_counter() - started
    rows = sum(r.rows for r in result.reports)
    if backend == "sqlite":
        size = os.path.getsize(sqlite_path(url) or "")
    else:
        engine = make_engine(url)
        with engine.connect() as conn:
            size = int(
                conn.execute(
                    text(
                        "SELECT coalesce(sum(pg_total_relation_size("
                        "format('%I.%I', schemaname, tablename)::regclass)), 0)"
                        " FROM pg_tables WHERE schemaname = :s"
                    ),
                    {"s": schema},
                ).scalar_one()
            )
        engine.dispose()
    figures = {"seconds": seconds, "rows": rows, "sources": len(result.reports), "bytes": size}
    print(json.dumps(figures))


def measure(backend: str, url: str, schema: str, data_dir: Path) -> dict[str, Any]:
    """Build in a child process; its own figures plus its peak resident memory."""
    command = [sys.executable, __file__, "--child", backend, url, schema, str(data_dir)]
    started = time.perf_counter()
    proc = subprocess.Popen(command, stdout=subprocess.PIPE, text=True)
    assert proc.stdout is not None
    output = proc.stdout.read()
    _, status, usage = os.wait4(proc.pid, 0)
    process_seconds = time.perf_counter() - started
    code = os.waitstatus_to_exitcode(status)
    if code != 0:
        raise SystemExit(f"{backend} build failed (exit {code}); see the error above")
    figures: dict[str, Any] = json.loads(output.strip().splitlines()[-1])
    figures.update(
        backend=backend,
        rows_per_second=figures["rows"] / figures["seconds"],
        peak_rss_mb=usage.ru_maxrss / 1024,  # Linux reports KiB
        db_mb=figures["bytes"] / 1024 / 1024,
        process_seconds=process_seconds,
    )
    return figures


def drop_schema(url: str, schema: str) -> None:
    from commonground.sql import drop_schemas

    drop_schemas(url, schema, f"{schema}_building", f"{schema}_previous")


def table(results: list[dict[str, Any]]) -> str:
    head = ("backend", "build s", "rows", "rows/s", "peak RSS MB", "DB MB")
    lines = [head]
    for r in results:
        lines.append(
            (
                r["backend"],
                f"{r['seconds']:.1f}",
                f"{r['rows']:,}",
                f"{r['rows_per_second']:,.0f}",
                f"{r['peak_rss_mb']:,.0f}",
                f"{r['db_mb']:,.1f}",
            )
        )
    widths = [max(len(line[i]) for line in lines) for i in range(len(head))]
    out = []
    for n, line in enumerate(lines):
        cells = [line[0].ljust(widths[0])] + [
            c.rjust(w) for c, w in zip(line[1:], widths[1:], strict=True)
        ]
        out.append("  ".join(cells))
        if n == 0:
            out.append("  ".join("-" * w for w in widths))
    return "\n".join(out)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="the data bundle")
    parser.add_argument("--pg-url", default=os.environ.get(PG_ENV), help=f"default: ${PG_ENV}")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args()

    results: list[dict[str, Any]] = []
    with tempfile.TemporaryDirectory(prefix="cg-bench-") as tmp:
        url = f"sqlite:///{Path(tmp) / 'bench.db'}"
        print("building on SQLite ...", file=sys.stderr)
        results.append(measure("sqlite", url, "", args.data))
    if args.pg_url:
        schema = f"cg_bench_{os.getpid()}"
        print(f"building on PostgreSQL (schema {schema}) ...", file=sys.stderr)
        try:
            results.append(measure("postgresql", args.pg_url, schema, args.data))
        finally:
            drop_schema(args.pg_url, schema)
    else:
        print(
            f"PostgreSQL skipped: give --pg-url or set {PG_ENV} (make bench starts a server)",
            file=sys.stderr,
        )
    if args.json:
        print(json.dumps(results, indent=2))
    else:
        print(table(results))


if __name__ == "__main__":
    if len(sys.argv) == 6 and sys.argv[1] == "--child":
        child(*sys.argv[2:6])
    else:
        main()
