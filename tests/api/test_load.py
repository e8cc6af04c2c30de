"""One real server process under load, and rebuilt under load.

These count errors, never speed: every answer is a 2xx or a 503 with Retry-After, and each
response comes wholly from one build (the X-Build-Id header is the build the body read).
"""

from __future__ import annotations

import json
import threading
import time

import httpx
import pytest

from commonground.evidence.build import build
from tests.conftest import Built
from tests.load import drive, fetch, serve

MIXED = [
    "/api/countries/MAR",
    "/api/stock?edition=2020&year=2020&group_by=region",
    "/api/analysis/quadrants?edition=2017&year=2017",
    "/api/sources?limit=5",
    "/api",
]


def test_200_clients_at_one_process_get_answers_or_a_fast_503(built: Built) -> None:
    with serve(built) as server:
        tally = drive(server, MIXED, clients=200, seconds=10, bust=True)
        # The server is still well after the load stops.
        assert httpx.get(server.url + "/api/countries/MAR", timeout=10).status_code == 200
    assert tally.errors() == {}, tally
    assert tally.statuses[200] > 0, tally


def _same_build(_status: int, headers: dict[str, str], body: bytes) -> str | None:
    read = json.loads(body).get("build", {}).get("id", headers.get("x-build-id"))
    return None if read == headers.get("x-build-id") else "mixed build"


def test_a_rebuild_under_load_moves_the_server_without_errors_or_mixed_answers(
    built: Built,
) -> None:
    with serve(built) as server:
        before = httpx.get(server.url + "/api", timeout=10).json()["build"]["id"]
        results = {}

        def load() -> None:
            results["tally"] = drive(
                server,
                ["/api", "/api/countries/MAR", "/api"],
                clients=8,
                seconds=1e9,
                check=_same_build,
                until=done,
                bust=True,
            )

        done = threading.Event()
        worker = threading.Thread(target=load)
        worker.start()
        try:
            build(built.settings, pg_schema=built.schema)
            time.sleep(1.0)  # the server looks for a new build at most every 0.2 s
            after = httpx.get(server.url + "/api", timeout=10).json()["build"]["id"]
        finally:
            done.set()
            worker.join(timeout=60)
    tally = results["tally"]
    assert after != before
    assert tally.errors() == {}, tally
    assert set(tally.builds) <= {before, after}, tally.builds
    assert tally.builds[after] > 0 and tally.builds[before] > 0, tally.builds


@pytest.mark.parametrize("built", ["sqlite"], indirect=True)
def test_several_workers_serve_one_database(built: Built) -> None:
    with serve(built, "--workers", "2") as server:
        tally = drive(server, MIXED[:2], clients=16, seconds=2)
    assert tally.errors() == {}, tally
    assert len(tally.builds) == 1


@pytest.mark.parametrize("built", ["sqlite"], indirect=True)
def test_a_full_server_answers_503_with_retry_after_and_nothing_worse(built: Built) -> None:
    # One connection and no patience: most of 64 clients find the server full.
    env = {"COMMONGROUND_POOL_SIZE": "1", "COMMONGROUND_QUEUE_WAIT": "0.01"}
    with serve(built, env=env) as server:
        tally = drive(server, MIXED[:3], clients=64, seconds=3, bust=True)
    assert tally.errors() == {}, tally
    assert tally.statuses[503] > 0 and tally.statuses[200] > 0, tally


@pytest.mark.parametrize("built", ["sqlite"], indirect=True)
def test_thousands_of_unknown_states_are_refused_at_once(built: Built) -> None:
    with serve(built) as server:
        # 8,000 names (47 kB): past the cap of 400 items, refused before any is looked up.
        names = ",".join(f"N{i}" for i in range(8_000))
        status, _headers, body = fetch(server, f"/api/analysis/representation?states={names}")
        assert status == 422, body[:300]
        answer = json.loads(body)
        assert answer["errors"][0]["field"] == "states"
        assert len(body) < 2_000
        # 25,000 names (164 kB): the HTTP parser refuses a request line that long.
        names = ",".join(f"N{i}" for i in range(25_000))
        status, _headers, body = fetch(server, f"/api/analysis/representation?states={names}")
        assert status in (400, 414, 422), body[:300]
        assert fetch(server, "/api/countries/MAR")[0] == 200
