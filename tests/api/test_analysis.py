"""/api/analysis/...: each analysis over HTTP, JSON and CSV, with the one error shape.

Expected figures come from the raw bundle files (tests/analysis/expected.py).
"""

from __future__ import annotations

from fastapi.testclient import TestClient

from tests.analysis import expected


def test_coverage_json_and_csv(client: TestClient) -> None:
    body = client.get("/api/analysis/coverage", params={"instrument": "icmw", "year": 2020}).json()
    assert body["ok"] and body["meta"]["table"] == "series"
    assert body["meta"]["summary"]["parties"] == len(expected.icmw_in_force("2020-12-31"))
    assert "uncovered_corridors" in body["meta"]["tables"]
    assert {s["id"] for s in body["sources"]} >= {"undesa-ims-2024", "untc-status-icmw"}
    csv = client.get(
        "/api/analysis/coverage",
        params={"instrument": "icmw", "table": "uncovered_corridors", "format": "csv"},
    )
    assert csv.headers["content-type"].startswith("text/csv")
    assert csv.text.splitlines()[0].startswith("rank,origin,origin_name,destination")
    error = client.get("/api/analysis/coverage", params={"instrument": "icmw", "year": 2021})
    assert error.status_code == 422
    assert error.json()["errors"][0]["allowed"][-1] == "2024"


def test_quadrants(client: TestClient) -> None:
    body = client.get("/api/analysis/quadrants", params={"since": 1990, "table": "growth"}).json()
    assert body["meta"]["table"] == "growth" and body["total_rows"] >= 4
    assert body["meta"]["summary"]["edition"] == "undesa-ims-2024"


def test_position_unknown_country_suggests(client: TestClient) -> None:
    response = client.get("/api/analysis/position/Mexcio")
    assert response.status_code == 404
    assert any(s.startswith("MEX") for s in response.json()["suggestions"])
    body = client.get("/api/analysis/position/MEX", params={"table": "refugees"}).json()
    assert body["meta"]["table"] == "refugees"


def test_coalition(client: TestClient) -> None:
    body = client.get("/api/analysis/coalition", params={"states": "USA,MEX"}).json()
    assert body["meta"]["summary"]["states"] == 2 and body["meta"]["table"] == "additions"
    error = client.get("/api/analysis/coalition", params={"states": ""})
    assert error.status_code == 422 and error.json()["ok"] is False


def test_representation_forum_parameter(client: TestClient) -> None:
    body = client.get(
        "/api/analysis/representation",
        params={"forum": "colombo-process", "as_of": 2024, "table": "composition"},
    ).json()
    assert body["ok"] and body["meta"]["summary"]["as_of"] == 2024
    unknown = client.get("/api/analysis/representation", params={"forum": "colombo-proces"})
    assert unknown.status_code == 404 and "colombo-process" in unknown.json()["error"]


def test_overlap_kinds(client: TestClient) -> None:
    body = client.get(
        "/api/analysis/overlap", params={"kinds": "free_movement_regime", "table": "forums"}
    ).json()
    assert {r["kind"] for r in body["data"]} == {"free_movement_regime"}
    error = client.get("/api/analysis/overlap", params={"kinds": "club"})
    assert error.status_code == 422


def test_common_ground(client: TestClient) -> None:
    body = client.get("/api/analysis/votes", params={"state": "MEX", "table": "alignment"}).json()
    assert body["ok"] and body["meta"]["summary"]["state"] == "MEX"
    assert {"clusters", "agreement", "resolutions"} <= set(body["meta"]["tables"])
    error = client.get("/api/analysis/votes", params={"since": 2030})
    assert error.status_code == 422
