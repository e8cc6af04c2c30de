"""Benchmark every analysis: median and p95 latency, cold and warm, at two data sizes.

"real" is the bundle as built; "x10" is a copy with nine synthetic corridors added for every
corridor row the analyses read (both sexes, every edition and year), between 600 synthetic
countries, so that each edition-year holds ten times its corridor rows (and the build's flow
summaries are written again over them). Cold: the per-build memo is cleared before each call;
warm: the memo is filled by a first call. Prints figures, asserts nothing.

    .venv/bin/python bench/analysis.py                      # builds into a temporary SQLite file
    .venv/bin/python bench/analysis.py --db sqlite:////tmp/cg.db --repeat 30
    .venv/bin/python bench/analysis.py --pg-url postgresql+psycopg://u:p@127.0.0.1/db
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
from sqlalchemy import Connection, Engine, delete, func, insert, select, text

from commonground.analysis import memo
from commonground.analysis.coalition import coalition
from commonground.analysis.coverage import coverage
from commonground.analysis.overlap import overlap
from commonground.analysis.position import position
from commonground.analysis.quadrants import quadrants
from commonground.analysis.representation import representation
from commonground.analysis.votes import common_ground
from commonground.evidence.build import build
from commonground.evidence.store.summaries import flow_area_totals, flow_totals, summarise
from commonground.evidence.store.tables import areas, migrant_stock
from commonground.settings import Settings
from commonground.sql import insert_rows, make_engine

REPO = Path(__file__).resolve().parents[1]
DATA = Path(os.environ.get("COMMONGROUND_DATA") or REPO.parent / "shared" / "data")
SYNTHETIC_AREAS = 600
CASES: dict[str, Callable[[Connection], Any]] = {
    "coverage icmw (series 1990-2024)": lambda c: coverage(c, "icmw"),
    "quadrants since 1990": lambda c: quadrants(c, since=1990),
    "quadrants by income group": lambda c: quadrants(c, by="income_group"),
    "position MEX": lambda c: position(c, "MEX"),
    "representation USA,DEU,MEX,IND,CHN": lambda c: representation(c, "USA,DEU,MEX,IND,CHN"),
    "representation forum:colombo-process 2024": lambda c: representation(
        c, "forum:colombo-process", as_of=2024
    ),
    "coalition set:sids +5": lambda c: coalition(c, "set:sids"),
    "overlap": lambda c: overlap(c),
    "votes state=MEX": lambda c: common_ground(c, state="MEX"),
}


def measure(engine: Engine, repeat: int) -> list[tuple[str, float, float, float, float]]:
    """(case, cold median, cold p95, warm median, warm p95) in milliseconds."""
    out = []
    for name, case in CASES.items():
        cold, warm = [], []
        for _ in range(max(3, repeat // 4)):
            memo.clear()
            with engine.connect() as conn:
                cold.append(_time(case, conn))
        with engine.connect() as conn:
            case(conn)
            for _ in range(repeat):
                warm.append(_time(case, conn))
        out.append((name, *_stats(cold), *_stats(warm)))
    return out


def _time(case: Callable[[Connection], Any], conn: Connection) -> float:
    started = time.perf_counter()
    case(conn)
    return (time.perf_counter() - started) * 1000


def _stats(values: list[float]) -> tuple[float, float]:
    return statistics.median(values), float(np.percentile(values, 95))


def multiply_corridors(engine: Engine) -> int:
    """Add 9 synthetic corridors per corridor row (per source, year and sex)."""
    rng = np.random.default_rng(0)
    codes = [f"X{i:03d}" for i in range(SYNTHETIC_AREAS)]
    groups = ("more developed", "less developed")
    regions = ("Africa", "Americas", "Asia", "Europe", "Oceania")
    with engine.begin() as conn:
        conn.execute(
            insert(areas),
            [
                {
                    "code": c,
                    "name": f"Synthetic {c}",
                    "kind": "country",
                    "region": regions[i % 5],
                    "development_group": groups[i % 2],
                    "income_group": "high income",
                    "un_member": False,
                }
                for i, c in enumerate(codes)
            ],
        )
        counts = conn.execute(
            select(
                migrant_stock.c.source_id, migrant_stock.c.year, migrant_stock.c.sex, func.count()
            ).group_by(migrant_stock.c.source_id, migrant_stock.c.year, migrant_stock.c.sex)
        ).all()
        added = 0
        pairs = [(o, d) for o in codes for d in codes if o != d]
        for source_id, year, sex, n in counts:
            chosen = rng.choice(len(pairs), size=9 * int(n), replace=False)
            rows = [
                {
                    "source_id": source_id,
                    "year": year,
                    "destination": pairs[i][1],
                    "origin": pairs[i][0],
                    "sex": sex,
                    "stock": int(v),
                    "source_row": None,
                }
                for i, v in zip(chosen, rng.integers(1, 5000, size=len(chosen)), strict=True)
            ]
            insert_rows(conn, migrant_stock, rows)
            added += len(rows)
        # The build's summaries must sum the synthetic rows too, as a build of them would.
        conn.execute(delete(flow_area_totals))
        conn.execute(delete(flow_totals))
        summarise(conn)
    return added


def report(label: str, figures: list[tuple[str, float, float, float, float]]) -> None:
    print(f"\n{label}")
    print(f"{'analysis':<44}{'cold median':>12}{'cold p95':>10}{'warm median':>13}{'warm p95':>10}")
    for name, cm, cp, wm, wp in figures:
        print(f"{name:<44}{cm:>10.1f}ms{cp:>8.1f}ms{wm:>11.1f}ms{wp:>8.1f}ms")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", help="An already built SQLite database to copy (default: build)")
    parser.add_argument("--pg-url", help="Benchmark on PostgreSQL instead (builds two schemas)")
    parser.add_argument("--repeat", type=int, default=20, help="Warm calls per analysis")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        if args.pg_url:
            real_url, real_schema = args.pg_url, "cg_bench_real"
            big_url, big_schema = args.pg_url, "cg_bench_x10"
            for schema in (real_schema, big_schema):
                build(Settings(DATA, args.pg_url), pg_schema=schema)
        else:
            real_path = Path(tmp) / "real.db"
            if args.db:
                shutil.copy(args.db.removeprefix("sqlite:///"), real_path)
            else:
                build(Settings(DATA, f"sqlite:///{real_path}"))
            big_path = Path(tmp) / "x10.db"
            shutil.copy(real_path, big_path)
            real_url, real_schema = f"sqlite:///{real_path}", None
            big_url, big_schema = f"sqlite:///{big_path}", None
        real = make_engine(real_url, real_schema)
        big = make_engine(big_url, big_schema)
        started = time.perf_counter()
        added = multiply_corridors(big)
        print(
            f"x10: {added:,} synthetic corridor rows added in {time.perf_counter() - started:.0f} s"
        )
        report(f"real data ({real.dialect.name})", measure(real, args.repeat))
        report(f"ten times the corridor rows ({big.dialect.name})", measure(big, args.repeat))
        real.dispose()
        big.dispose()
        if args.pg_url:
            drop_schemas(args.pg_url, (real_schema, big_schema))


def drop_schemas(url: str, schemas: tuple[str | None, ...]) -> None:
    """Leave the server as found: the benchmark's schemas go when it ends."""
    engine = make_engine(url)
    with engine.begin() as conn:
        for schema in schemas:
            conn.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
    engine.dispose()


if __name__ == "__main__":
    main()
