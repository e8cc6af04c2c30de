"""Time the follow-up views at scale: 10,000 synthetic pledges with 50,000 updates in a
fresh workspace of the benchmark's own, then the pledge list (whole, and pages of 50 through
the API, filtered or not), the completion analysis, the dashboard (as analysis and as a
rendered page) and a country report as HTML and as PDF.
Prints figures, asserts nothing.

    .venv/bin/python bench/reports.py --db sqlite:///commonground.db
    .venv/bin/python bench/reports.py --db sqlite:///commonground.db --pledges 2000 --updates 10000
    .venv/bin/python bench/reports.py --db sqlite:///commonground.db \
        --workspace-pg postgresql+psycopg://localhost/cg --schema cg_bench_reports

The evidence base (`--db`, a built one) gives the meetings, regions and objectives. The
workspace is a new SQLite file in a temporary folder, or with `--workspace-pg` the PostgreSQL
schema `--schema`, made for the run and dropped after it: never a workspace in use.
"""

from __future__ import annotations

import argparse
import random
import statistics
import tempfile
import time
from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import text

from commonground.analysis.completion import completion
from commonground.analysis.pledge_dashboard import dashboard
from commonground.app import create_app
from commonground.evidence.store.session import connect
from commonground.settings import load_settings
from commonground.sql import drop_schemas
from commonground.workspace import accounts, pledges
from commonground.workspace.audit import COMMAND_LINE
from commonground.workspace.store import upgrade, workspace_engine, writing
from commonground.workspace.tables import pledge_updates, record_versions, records

COUNTRIES = ["MAR", "SEN", "MEX", "PHL", "BGD", "KEN", "DEU", "CAN", "ESP", "ECU", "NGA", "THA"]
MEETINGS = ["imrf-2022", "gfmd-2007", "gfmd-2008", "gfmd-2016", None]
STEPS = ["planned", "in_progress", "in_progress", "fulfilled", "dropped"]


def fill(engine: Any, n_pledges: int, n_updates: int, seed: int = 7) -> None:
    rng = random.Random(seed)
    at = datetime.now(UTC)
    with writing(engine) as conn:
        orgs = [
            accounts.create_organisation(conn, COMMAND_LINE, f"Bench pledger {i}", kind, join=False)
            for i, kind in enumerate(["state", "un-agency", "civil-society", "city"] * 5)
        ]
        user = accounts.create_user(conn, COMMAND_LINE, "bench@bench.org", "bench passphrase")
        rows, versions = [], []
        for i in range(1, n_pledges + 1):
            rows.append(
                {
                    "id": i,
                    "kind": pledges.PLEDGE_KIND,
                    "organisation_id": rng.choice(orgs),
                    "created_by": user,
                    "created_at": at,
                    "latest_version": 1,
                    "published_version": 1,
                }
            )
            versions.append(
                {
                    "record_id": i,
                    "number": 1,
                    "state": "published",
                    "author_id": user,
                    "created_at": at,
                    "extra_reviews": 0,
                    "data": {
                        "title": f"Synthetic pledge {i}",
                        "kind": rng.choice(pledges.KINDS_OF_PLEDGE),
                        "description": "x" * 320,
                        "objectives": rng.sample(range(1, 24), rng.randint(1, 3)),
                        "countries": rng.sample(COUNTRIES, rng.randint(0, 2)),
                        "metric": rng.choice([None, "people reached"]),
                        "deadline": rng.choice([None, "2024", "2027"]),
                        "made_at": rng.choice(MEETINGS),
                        "made_on": f"{rng.randint(2018, 2023)}-0{rng.randint(1, 9)}-15",
                        "amount": rng.choice([None, 1_000_000.0]),
                        "currency": None,
                    },
                }
            )
        for v in versions:
            if v["data"]["amount"] is not None:
                v["data"]["currency"] = "USD"
        conn.execute(records.insert(), rows)
        conn.execute(record_versions.insert(), versions)
        if conn.dialect.name == "postgresql":  # the ids were given: move the sequence past them
            conn.execute(
                text("SELECT setval(pg_get_serial_sequence('records', 'id'), max(id)) FROM records")
            )
        per = max(1, n_updates // n_pledges)
        updates = []
        for i in range(1, n_pledges + 1):
            status_index = 0
            for number in range(1, per + 1):
                status_index = min(len(STEPS) - 1, status_index + rng.randint(0, 1))
                status = STEPS[status_index] if number == per else STEPS[min(status_index, 2)]
                updates.append(
                    {
                        "record_id": i,
                        "number": number,
                        "on_date": f"{2022 + number // 4}-{(number % 4) * 3 + 1:02d}-01",
                        "status": status,
                        "narrative": "Synthetic progress",
                        "evidence": [],
                        "author_id": user,
                        "created_at": at,
                        "confirmation": "confirmed" if status == "fulfilled" else None,
                    }
                )
        conn.execute(pledge_updates.insert(), updates)


def timed(label: str, fn: Callable[[], Any], runs: int = 3) -> None:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        answer = fn()
        times.append(time.perf_counter() - start)
        status = getattr(answer, "status_code", 200)
        if status != 200:
            print(f"{label}: answered {status}")
    print(f"{label:<48} median {statistics.median(times) * 1000:8.0f} ms  (of {runs})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", required=True, help="a built evidence base (SQLAlchemy URL)")
    parser.add_argument("--pledges", type=int, default=10_000)
    parser.add_argument("--updates", type=int, default=50_000)
    parser.add_argument("--country", default="MAR", help="the country report to time")
    parser.add_argument("--workspace-pg", help="a PostgreSQL server for the workspace")
    parser.add_argument("--schema", default="cg_bench_reports", help="its schema, dropped after")
    args = parser.parse_args()
    if args.workspace_pg:
        url, schema, backend = args.workspace_pg, args.schema, "PostgreSQL"
        drop_schemas(url, schema)
    else:
        folder = Path(tempfile.mkdtemp(prefix="cg-bench-reports-"))
        url, schema, backend = f"sqlite:///{folder / 'workspace.db'}", None, "SQLite"
    try:
        run(args, url, schema, backend)
    finally:
        if schema is not None:
            drop_schemas(url, schema)


def run(args: argparse.Namespace, url: str, schema: str | None, backend: str) -> None:
    engine = workspace_engine(url, schema)
    upgrade(engine)
    start = time.perf_counter()
    fill(engine, args.pledges, args.updates)
    with engine.connect() as conn:
        n_updates = pledges.count_updates(conn)
    print(
        f"filled {args.pledges:,} pledges and {n_updates:,} updates"
        f" in {time.perf_counter() - start:.1f} s ({backend} workspace)"
    )
    settings = replace(load_settings(None, args.db), workspace=url)
    if schema is not None:
        settings = replace(settings, workspace_schema=schema)
    today = date.today()
    with connect(settings) as evidence, engine.connect() as ws:
        timed("pledge list with status and flags", lambda: pledges.pledge_rows(ws, today))
        timed(
            "completion (gfmd, as of 2010)",
            lambda: completion(evidence, ws, as_of=date(2010, 12, 31), today=today, forum="gfmd"),
        )
        timed("dashboard (analysis)", lambda: dashboard(evidence, ws, today=today, as_of=today))
    engine.dispose()
    app = create_app(settings)
    report = f"/reports/country/{args.country}"
    with TestClient(app) as client:
        timed("dashboard page (HTML, through the app)", lambda: client.get("/pledges/dashboard"))
        timed("GET /api/pledges?format=csv", lambda: client.get("/api/pledges?format=csv"))
        for query in ("limit=50", "limit=50&offset=5000", "limit=50&flag=overdue"):
            timed(f"GET /api/pledges?{query}", lambda q=query: client.get(f"/api/pledges?{q}"))
        timed(
            "GET /api/pledges?limit=50&status=planned&kind=financial",
            lambda: client.get("/api/pledges?limit=50&status=planned&kind=financial"),
        )
        timed(f"country report {args.country} (HTML)", lambda: client.get(report))
        timed(
            f"country report {args.country} (PDF)",
            lambda: client.get(report, params={"format": "pdf"}),
            runs=1,
        )
    app.state.workspace.dispose()


if __name__ == "__main__":
    main()
