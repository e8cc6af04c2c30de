"""Throughput and latency of Common Ground next to Datasette, on the same SQLite file.

Starts Common Ground (`commonground serve --workers W`) and Datasette (uvicorn with the same
number of worker processes, over an immutable copy of the same file) on loopback ports and
drives both with wrk on equivalent queries: one country, migrant stock by region for one
edition and year, and a 100-row page; plus the home page and a country profile for Common
Ground alone. Then the same for Common Ground on PostgreSQL (Datasette reads SQLite only).
Prints req/s, p50 and p99 per query at each number of clients, and the ratios to Datasette
measured in the same run. Each figure follows 2 s of rest and 3 s of load not counted.
Asserts nothing.

Datasette is installed into its own virtual environment (bench/.venv-datasette), never into
Common Ground's, with the same HTTP parser and event loop (httptools, uvloop). wrk comes
from Debian's packages (`apt-get install wrk`).

    .venv/bin/python bench/serve.py --db sqlite:////tmp/cg.db
    .venv/bin/python bench/serve.py --db sqlite:////tmp/cg.db --pg "$COMMONGROUND_TEST_PG_URL"
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

import httpx

REPO = Path(__file__).resolve().parents[1]
DATASETTE_VENV = REPO / "bench" / ".venv-datasette"
DATASETTE_VERSION = "0.65.5"
SETTLE = 2  # seconds between two figures
WARM_UP = 3  # seconds of load not counted before each figure (a page's first render per worker)
STOCK_BY_REGION_SQL = (
    "select a.region as destination_region, sum(s.inward) as stock"
    " from flow_area_totals s join areas a on a.code = s.area"
    " where s.fact_table = 'migrant_stock' and s.source_id = 'undesa-ims-2020'"
    " and s.year = 2020 and s.part = 'total' and s.inward_rows > 0"
    " group by a.region order by stock desc"
)
# name -> (Common Ground path, Datasette path or None)
QUERIES: dict[str, tuple[str, str | None]] = {
    "one country": ("/api/countries/MAR", "/cg/areas/MAR.json"),
    "stock by region": (
        "/api/stock?edition=2020&year=2020&group_by=region",
        f"/cg.json?_shape=array&sql={quote(STOCK_BY_REGION_SQL)}",
    ),
    "100-row page": ("/api/countries?limit=100", "/cg/areas.json?_size=100"),
    "home page": ("/", None),
    "country profile": ("/countries/MAR", None),
}


@dataclass
class Figures:
    rps: float
    p50: float
    p99: float
    errors: int
    non_2xx: int = 0  # Common Ground's are 503s with Retry-After: the server was full
    sockets: int = 0  # connect, read, write errors and timeouts


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_ready(url: str, timeout: float = 90.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if httpx.get(url, timeout=5).status_code < 500:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    raise SystemExit(f"{url} did not answer within {timeout:.0f} s")


@contextmanager
def process(command: list[str], env: dict[str, str], ready: str) -> Iterator[None]:
    proc = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        wait_ready(ready)
        yield
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def common_ground(db: str, schema: str, workers: int, port: int) -> list[str]:
    return [
        sys.executable,
        "-m",
        "commonground.cli",
        "serve",
        "--db",
        db,
        "--port",
        str(port),
        "--workers",
        str(workers),
    ]


def datasette_python() -> Path:
    python = DATASETTE_VENV / "bin" / "python"
    if not python.exists():
        subprocess.run([sys.executable, "-m", "venv", str(DATASETTE_VENV)], check=True)
        subprocess.run(
            # The same HTTP parser and event loop as Common Ground's: the apps are compared.
            [
                str(python),
                "-m",
                "pip",
                "install",
                "-q",
                f"datasette=={DATASETTE_VERSION}",
                "httptools",
                "uvloop",
            ],
            check=True,
        )
    return python


def datasette(path: Path, workers: int, port: int) -> tuple[list[str], dict[str, str]]:
    """Datasette's ASGI app under uvicorn with `workers` processes (as Common Ground runs)."""
    python = datasette_python()
    factory = DATASETTE_VENV / "cg_datasette.py"
    factory.write_text(
        "import os\nfrom datasette.app import Datasette\n\n\ndef app():\n"
        "    return Datasette(immutables=[os.environ['CG_BENCH_DB']]).app()\n"
    )
    command = [
        str(python),
        "-m",
        "uvicorn",
        "--factory",
        "cg_datasette:app",
        "--app-dir",
        str(DATASETTE_VENV),
        "--port",
        str(port),
        "--workers",
        str(workers),
        "--no-access-log",
        "--log-level",
        "warning",
    ]
    return command, {"CG_BENCH_DB": str(path)}


def wrk(url: str, clients: int, seconds: int) -> Figures:
    threads = min(2, clients)
    out = subprocess.run(
        [
            "wrk",
            f"-t{threads}",
            f"-c{clients}",
            f"-d{seconds}s",
            "--latency",
            "--timeout",
            "10s",
            url,
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))  # type: ignore[union-attr]
    p50 = _latency(out, "50%")
    p99 = _latency(out, "99%")
    found = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", out)
    non_2xx = int(found.group(1)) if found else 0
    found = re.search(r"Socket errors:.*", out)
    sockets = sum(int(n) for n in re.findall(r"\d+", found.group(0))) if found else 0
    return Figures(rps, p50, p99, non_2xx + sockets, non_2xx, sockets)


def _latency(out: str, label: str) -> float:
    found = re.search(rf"^\s*{re.escape(label)}\s+([\d.]+)(us|ms|s)\s*$", out, re.M)
    if not found:
        return float("nan")
    value, unit = float(found.group(1)), found.group(2)
    return value / 1000 if unit == "us" else value * 1000 if unit == "s" else value


def measure(
    base: str, paths: dict[str, str], clients: list[int], seconds: int
) -> dict[tuple[str, int], Figures]:
    with httpx.Client(base_url=base, timeout=60) as client:
        for path in paths.values():  # warm the caches a first request fills
            client.get(path).raise_for_status()
    figures = {}
    for name, path in paths.items():
        for c in clients:
            # The connections of the figure before drain first, and each worker process
            # meets the query once, so a figure measures steady serving, not the last
            # figure's leftovers or a first computation.
            time.sleep(SETTLE)
            wrk(base + path, c, WARM_UP)
            figures[(name, c)] = wrk(base + path, c, seconds)
    return figures


def report(
    title: str,
    figures: dict[tuple[str, int], Figures],
    baseline: dict[tuple[str, int], Figures] | None,
) -> None:
    print(f"\n{title}")
    columns = f"{'clients':>8}{'req/s':>10}{'p50 ms':>9}{'p99 ms':>9}{'non-2xx':>8}{'socket':>8}"
    print(f"  {'query':<18}{columns}{'x Datasette':>13}")
    for (name, c), f in figures.items():
        ratio = ""
        if baseline and (name, c) in baseline and baseline[(name, c)].rps:
            ratio = f"{f.rps / baseline[(name, c)].rps:.2f}x"
        figures_text = f"{f.rps:>10.0f}{f.p50:>9.1f}{f.p99:>9.1f}{f.non_2xx:>8}{f.sockets:>8}"
        print(f"  {name:<18}{c:>8}{figures_text}{ratio:>13}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", required=True, help="A SQLite database (sqlite:///...)")
    parser.add_argument("--data", default=os.environ.get("COMMONGROUND_DATA", "../shared/data"))
    parser.add_argument("--pg", help="A PostgreSQL URL whose schema --pg-schema is built")
    parser.add_argument(
        "--pg-schema", default=os.environ.get("COMMONGROUND_PG_SCHEMA", "commonground")
    )
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 2, help="N")
    parser.add_argument("--clients", type=int, nargs="+", default=[32, 128])
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--queries", nargs="+", default=list(QUERIES), choices=list(QUERIES))
    args = parser.parse_args()
    if shutil.which("wrk") is None:
        raise SystemExit("wrk is not installed: apt-get install wrk")
    path = Path(args.db.removeprefix("sqlite:///"))
    # Its own workspace schema too: the default one may be held by other servers' migrations.
    env = {
        **os.environ,
        "COMMONGROUND_PG_SCHEMA": args.pg_schema,
        "COMMONGROUND_WORKSPACE_SCHEMA": f"{args.pg_schema}_workspace",
    }
    # Built by this code (a build that would change nothing is skipped in a second).
    for db in [args.db, *([args.pg] if args.pg else [])]:
        build = [sys.executable, "-m", "commonground.cli", "build", "--db", db, "--data", args.data]
        subprocess.run(build, env=env, check=True, stdout=subprocess.DEVNULL)
    copy = path.with_name("cg.db")  # Datasette names a database after its file
    if copy != path:
        shutil.copyfile(path, copy)
    cg_paths = {q: QUERIES[q][0] for q in args.queries}
    ds_paths = {q: QUERIES[q][1] for q in args.queries if QUERIES[q][1] is not None}
    print(f"wrk, 2 threads, {args.seconds} s per figure; {os.cpu_count()} cores; loopback")
    for workers in sorted({1, args.workers}):
        port = free_port()
        command, ds_env = datasette(copy, workers, port)
        with process(command, {**os.environ, **ds_env}, f"http://127.0.0.1:{port}/-/versions.json"):
            ds = measure(f"http://127.0.0.1:{port}", ds_paths, args.clients, args.seconds)  # type: ignore[arg-type]
        report(f"Datasette {DATASETTE_VERSION}, SQLite, {workers} process(es)", ds, None)
        port = free_port()
        cg_command = common_ground(f"sqlite:///{path}", args.pg_schema, workers, port)
        with process(cg_command, env, f"http://127.0.0.1:{port}/api"):
            cg = measure(f"http://127.0.0.1:{port}", cg_paths, args.clients, args.seconds)
        report(f"Common Ground, SQLite, {workers} worker(s)", cg, ds)
        if args.pg:
            port = free_port()
            pg_command = common_ground(args.pg, args.pg_schema, workers, port)
            with process(pg_command, env, f"http://127.0.0.1:{port}/api"):
                pg = measure(f"http://127.0.0.1:{port}", cg_paths, args.clients, args.seconds)
            report(f"Common Ground, PostgreSQL, {workers} worker(s)", pg, ds)


if __name__ == "__main__":
    main()
