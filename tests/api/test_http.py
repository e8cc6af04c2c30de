"""HTTP semantics shared by every route: HEAD, Allow, build id, ETag and 304, gzip, clean text,
bounded work, and the docs pages served without any other host."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient

from tests.api.test_errors import assert_error_shape


def test_every_response_names_its_build_and_304_answers_a_matching_etag(
    client: TestClient,
) -> None:
    first = client.get("/api/countries/MAR")
    assert first.status_code == 200
    build, etag = first.headers["x-build-id"], first.headers["etag"]
    assert build in etag
    assert "no-cache" in first.headers["cache-control"]
    again = client.get("/api/countries/MAR", headers={"If-None-Match": etag})
    assert again.status_code == 304
    assert again.content == b""
    assert again.headers["etag"] == etag
    other = client.get("/api/countries/MAR", headers={"If-None-Match": 'W/"another-build-json"'})
    assert other.status_code == 200


def test_csv_and_json_have_their_own_etag(client: TestClient) -> None:
    as_json = client.get("/api/sources")
    as_csv = client.get("/api/sources?format=csv")
    assert as_json.headers["etag"] != as_csv.headers["etag"]


@pytest.mark.parametrize("url", ["/api/countries/MAR", "/api/sources", "/countries/MAR", "/"])
def test_head_answers_every_get_without_a_body(client: TestClient, url: str) -> None:
    got = client.get(url)
    head = client.head(url)
    assert head.status_code == got.status_code == 200
    assert head.content == b""
    assert head.headers["content-type"] == got.headers["content-type"]


def test_a_405_names_the_allowed_methods(client: TestClient) -> None:
    response = client.post("/api/countries/MAR")
    assert response.status_code == 405
    assert {m.strip() for m in response.headers["allow"].split(",")} == {"GET", "HEAD"}
    assert_error_shape(response.json(), 405)


def test_large_bodies_are_gzipped(client: TestClient) -> None:
    response = client.get("/api/countries?limit=300", headers={"Accept-Encoding": "gzip"})
    assert response.headers["content-encoding"] == "gzip"
    assert response.json()["ok"] is True


@pytest.mark.parametrize(
    "url",
    [
        "/api/countries/%00",
        "/api/countries/MA%00R",
        "/api/stock?destination=%00",
        "/api/actors/%00",
        "/api/forums/x%00",
        "/api/search?q=%00",
        "/api/countries/%FF%FE",
        "/api/stock?origin=%C3%28",
        "/api/analysis/representation?states=MAR,%00",
    ],
)
def test_nul_bytes_and_invalid_utf8_are_422(client: TestClient, url: str) -> None:
    response = client.get(url)
    assert response.status_code == 422, response.text[:300]
    assert_error_shape(response.json(), 422)


def test_too_many_states_are_refused_and_the_error_is_short(client: TestClient) -> None:
    names = ",".join(f"Nowhere{i}" for i in range(3_000))
    response = client.get("/api/analysis/representation", params={"states": names})
    assert response.status_code == 422
    body = response.json()
    assert_error_shape(body, 422)
    assert "at most" in body["error"]
    assert len(response.content) < 2_000


def test_many_unknown_states_are_reported_shortly(client: TestClient) -> None:
    names = ",".join(f"Nowhere{i}" for i in range(300))
    response = client.get("/api/analysis/representation", params={"states": names})
    assert response.status_code == 404
    body = response.json()
    assert "and 290 more" in body["error"]
    assert len(response.content) < 3_000


def test_a_long_value_is_echoed_back_shortened(client: TestClient) -> None:
    value = "Atlantis" * 5_000
    response = client.get(f"/api/countries/{value}")
    assert response.status_code == 404
    assert len(response.content) < 2_000
    assert "characters" in response.json()["error"]


def test_an_empty_named_set_is_an_error_naming_the_set(client: TestClient) -> None:
    """The UN General Assembly's High-level Dialogue lists no members in the governance map:
    a coalition of its members is an error that names the set, not an empty answer."""
    assert client.get("/api/forums/hld/members").json()["total_rows"] == 0
    response = client.get("/api/analysis/coalition?states=forum:hld")
    assert response.status_code == 422
    body = response.json()
    assert "forum:hld" in body["error"] and body["errors"][0]["field"] == "states"


@pytest.mark.parametrize("url", ["/docs", "/redoc"])
def test_docs_pages_load_nothing_from_another_host(client: TestClient, url: str) -> None:
    response = client.get(url)
    assert response.status_code == 200
    refs = re.findall(r"""(?:src|href|url)\s*[=:(]\s*['"]?([^'" )>]+)""", response.text)
    assert refs, response.text
    external = [r for r in refs if re.match(r"^(https?:)?//", r)]
    assert external == [], external
    assert re.search(r"(https?:)?//[a-z0-9.-]+\.[a-z]{2,}", response.text) is None
    for ref in refs:
        if ref.startswith("/vendor/"):
            assert client.get(ref).status_code in (200, 404)


def test_a_repeated_request_gets_the_same_answer_and_headers(client: TestClient) -> None:
    first = client.get("/api/stock?edition=2020&year=2020&group_by=region")
    second = client.get("/api/stock?edition=2020&year=2020&group_by=region")
    assert first.status_code == second.status_code == 200
    assert first.content == second.content
    for header in ("etag", "x-build-id", "content-type"):
        assert first.headers[header] == second.headers[header]
