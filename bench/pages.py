"""Time the pages people open first, against a real uvicorn server on a built database.

For each page: the first request after the server starts (cold) and the median and p95 of
the following requests (warm). Pages are asked in turn, so each first request pays only what
the pages before it did not. Prints figures, asserts nothing.

    .venv/bin/python bench/pages.py --db sqlite:////tmp/cg.db
    .venv/bin/python bench/pages.py --db sqlite:////tmp/cg.db --pages / /countries/MAR --repeat 50
"""

from __future__ import annotations

import argparse
import os
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path

import httpx
import numpy as np

REPO = Path(__file__).resolve().parents[1]
PAGES = ["/countries/MAR", "/countries/DEU", "/"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_ready(base: str, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            httpx.get(f"{base}/api", timeout=2.0)
            return
        except httpx.HTTPError:
            time.sleep(0.1)
    raise SystemExit(f"the server at {base} did not answer within {timeout:.0f} s")


def timed(client: httpx.Client, path: str) -> float:
    started = time.perf_counter()
    response = client.get(path)
    elapsed = (time.perf_counter() - started) * 1000
    response.raise_for_status()
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", required=True, help="A built database (SQLAlchemy URL)")
    parser.add_argument("--pages", nargs="+", default=PAGES)
    parser.add_argument("--repeat", type=int, default=20, help="Warm requests per page")
    args = parser.parse_args()
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    env = {**os.environ, "COMMONGROUND_DATABASE_URL": args.db}
    cli = str(Path(sys.executable).with_name("commonground"))
    command = [cli, "serve", "--port", str(port)]
    server = subprocess.Popen(
        command, env=env, cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    try:
        wait_ready(base)
        with httpx.Client(base_url=base, timeout=60.0) as client:
            print(f"{'page':<24}{'first':>10}{'warm median':>14}{'warm p95':>11}")
            for path in args.pages:
                first = timed(client, path)
                warm = [timed(client, path) for _ in range(args.repeat)]
                median, p95 = statistics.median(warm), float(np.percentile(warm, 95))
                print(f"{path:<24}{first:>8.0f}ms{median:>12.0f}ms{p95:>9.0f}ms")
    finally:
        server.terminate()
        server.wait(timeout=10)


if __name__ == "__main__":
    main()
