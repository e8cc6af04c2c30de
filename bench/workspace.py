"""Time the workspace's writes: a submit and a publish (each with its audit rows, in one
transaction), and the throughput of concurrent submits from several threads, on SQLite in
WAL mode and on PostgreSQL. Prints figures, asserts nothing.

    .venv/bin/python bench/workspace.py                       # SQLite in a temporary folder
    .venv/bin/python bench/workspace.py --pg postgresql+psycopg://u:p@127.0.0.1/db
    .venv/bin/python bench/workspace.py --records 300 --threads 4
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np
from sqlalchemy import Engine, create_engine, text

from commonground.workspace import accounts, review
from commonground.workspace.audit import COMMAND_LINE, Actor
from commonground.workspace.notes import NOTE
from commonground.workspace.policy import HUB
from commonground.workspace.store import upgrade, workspace_engine, writing

PASSWORD = "benchmark passphrase"
DATA = {"about": "country:MAR", "title": "A benchmark note", "body": "Some *Markdown* text. " * 20}


def _actor(engine: Engine, user_id: int) -> Actor:
    with engine.connect() as conn:
        return accounts.actor_for(conn, accounts.get_user(conn, user_id), ip="127.0.0.1")


def _cast(engine: Engine) -> tuple[str, Actor, Actor, list[Actor]]:
    with writing(engine) as conn:
        org = accounts.create_organisation(conn, COMMAND_LINE, "Bench ministry", join=False)
        ids = [
            accounts.create_user(
                conn, COMMAND_LINE, f"{role}{i}@bench.org", PASSWORD, role, None, orgs, True
            )
            for i, (role, orgs) in enumerate(
                [("contributor", (org,)), ("moderator", ()), *[("reviewer", ())] * 3]
            )
        ]
    author, moderator, *reviewers = (_actor(engine, i) for i in ids)
    return org, author, moderator, reviewers


def _timed(fn: Callable[[], object]) -> float:
    start = time.perf_counter()
    fn()
    return (time.perf_counter() - start) * 1000


def _pct(values: list[float]) -> str:
    return (
        f"p50 {statistics.median(values):6.2f} ms   p99 {np.percentile(values, 99):6.2f} ms"
        f"   (n={len(values)})"
    )


def run(engine: Engine, label: str, records: int, threads: int) -> None:
    upgrade(engine)
    org, author, moderator, reviewers = _cast(engine)
    submits, publishes = [], []
    for _ in range(records):
        with writing(engine) as conn:
            rid = review.create(conn, author, NOTE, org, DATA)

        def submit(rid: int = rid) -> None:
            with writing(engine) as conn:
                review.submit(conn, author, NOTE, rid)

        submits.append(_timed(submit))
        with writing(engine) as conn:
            for i, r in enumerate(reviewers):
                review.assign(conn, moderator, NOTE, rid, int(r.user_id or 0), i == 0)
        for r in reviewers[:2]:
            with writing(engine) as conn:
                review.review(conn, r, NOTE, rid, "approve", "", HUB)

        def publish(rid: int = rid) -> None:  # the third approval publishes
            with writing(engine) as conn:
                assert (
                    review.review(conn, reviewers[2], NOTE, rid, "approve", "", HUB) == "published"
                )

        publishes.append(_timed(publish))
    with engine.connect() as conn:
        audit_rows = conn.execute(text("SELECT count(*) FROM audit_log")).scalar_one()
    print(f"{label}")
    print(f"  submit  (1 version update + 1 audit row): {_pct(submits)}")
    print(f"  publish (review, state, record + 1 audit row): {_pct(publishes)}")
    print(f"  audit rows written: {audit_rows}")

    drafts = []
    for _ in range(records):
        with writing(engine) as conn:
            drafts.append(review.create(conn, author, NOTE, org, DATA))
    chunks = [drafts[i::threads] for i in range(threads)]
    errors: list[BaseException] = []

    def worker(ids: list[int]) -> None:
        try:
            for rid in ids:
                with writing(engine) as conn:
                    review.submit(conn, author, NOTE, rid)
        except BaseException as exc:
            errors.append(exc)

    pool = [threading.Thread(target=worker, args=(c,)) for c in chunks]
    start = time.perf_counter()
    for t in pool:
        t.start()
    for t in pool:
        t.join()
    elapsed = time.perf_counter() - start
    print(
        f"  concurrent submits: {len(drafts)} by {threads} threads in {elapsed:.2f} s ="
        f" {len(drafts) / elapsed:,.0f} submits/s, {len(errors)} errors"
    )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("--records", type=int, default=200)
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--pg", default=os.environ.get("COMMONGROUND_TEST_PG_URL"))
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        engine = workspace_engine(f"sqlite:///{Path(tmp) / 'bench-workspace.db'}")
        run(engine, "SQLite (WAL, synchronous=NORMAL)", args.records, args.threads)
        engine.dispose()
    if args.pg:
        schema = os.environ.get("COMMONGROUND_TEST_PG_SCHEMA", "cg_bench") + "_wsbench"
        admin = create_engine(args.pg)
        with admin.begin() as conn:
            conn.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
        engine = workspace_engine(args.pg, schema)
        try:
            run(engine, f"PostgreSQL (schema {schema})", args.records, args.threads)
        finally:
            engine.dispose()
            with admin.begin() as conn:
                conn.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
            admin.dispose()
    else:
        print("PostgreSQL: skipped (give --pg URL or set COMMONGROUND_TEST_PG_URL)")


if __name__ == "__main__":
    main()
