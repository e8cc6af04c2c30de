"""The OpenAPI document describes every route the API serves."""

from __future__ import annotations

from typing import Any, get_args

from fastapi.testclient import TestClient

from commonground.analysis.registry import ANALYSES, TABLES
from commonground.api.envelopes import model_name

ROUTES = {
    "/api",
    "/api/sources",
    "/api/countries",
    "/api/countries/{code}",
    "/api/stock",
    "/api/remittances",
    "/api/displacement",
    "/api/missing-migrants",
    "/api/instruments",
    "/api/instruments/{instrument_id}/parties",
    "/api/votes/{resolution}",
    "/api/gcm/objectives",
    "/api/gcm/objectives/{number}",
}


def test_openapi_lists_every_route(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()
    assert set(spec["paths"]) >= ROUTES
    for path in ROUTES:
        operation = spec["paths"][path]["get"]
        assert operation["summary"], path


def test_every_listed_route_answers(client: TestClient) -> None:
    examples = {
        "{code}": "NA",
        "{instrument_id}": "icmw",
        "{resolution}": "A/RES/73/195",
        "{number}": "13",
    }
    for path in sorted(ROUTES):
        url = path
        for placeholder, value in examples.items():
            url = url.replace(placeholder, value)
        assert "{" not in url, f"no example for {path}"
        response = client.get(url)
        assert response.status_code == 200, (url, response.text[:200])
        assert response.json()["ok"] is True


def test_tabular_routes_document_pagination_and_csv(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()
    for path in ("/api/stock", "/api/countries", "/api/votes/{resolution}"):
        names = {p["name"] for p in spec["paths"][path]["get"]["parameters"]}
        assert {"limit", "offset", "format"} <= names, path


def _untyped(schema: dict[str, Any], components: dict[str, Any]) -> bool:
    """A response schema that says nothing: no schema, `{}`, or an object of any fields."""
    if "$ref" in schema:
        return _untyped(components[schema["$ref"].rsplit("/", 1)[1]], components)
    return not schema or (schema.get("type") == "object" and "properties" not in schema)


def test_workspace_routes_say_what_they_answer(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()
    components = spec["components"]["schemas"]
    checked, untyped = 0, []
    for path, operations in spec["paths"].items():
        for method, operation in operations.items():
            if not {"accounts", "workspace"} & set(operation.get("tags", [])):
                continue
            for status, response in operation["responses"].items():
                if status.startswith("2"):
                    checked += 1
                    schema = response["content"]["application/json"]["schema"]
                    if _untyped(schema, components):
                        untyped.append(f"{method.upper()} {path} {status}")
    assert checked >= 30
    assert untyped == []
    record = components["ReviewedRecord"]["properties"]
    assert {"id", "ref", "organisation_id", "state", "published", "versions"} <= set(record)


def _ref(schema: dict[str, Any]) -> str:
    return str(schema["$ref"]).rsplit("/", 1)[1]


def test_every_analysis_and_table_route_types_its_answer(client: TestClient) -> None:
    """The page, the summary and each table's rows of every declared route are named types."""
    spec = client.get("/openapi.json").json()
    components = spec["components"]["schemas"]
    for declared in ANALYSES + TABLES:
        stem = model_name(declared)
        path = f"/api/{declared.name}" if declared in TABLES else f"/api/analysis/{declared.name}"
        path += "".join(f"/{{{p}}}" for p in declared.path)
        ok = spec["paths"][path]["get"]["responses"]["200"]["content"]["application/json"]
        page = components[_ref(ok["schema"])]
        assert _ref(ok["schema"]) == f"{stem}Page", path
        if declared in TABLES:
            assert _ref(page["properties"]["meta"]) == f"{stem}Summary", path
            continue
        meta = components[_ref(page["properties"]["meta"])]
        assert _ref(meta["properties"]["summary"]) == f"{stem}Summary", path
        tables = components[_ref(meta["properties"]["tables"])]["properties"]
        assert list(tables) == list(declared.rows), path
        rows = page["properties"]["data"]["items"]
        named = [_ref(r) for r in rows.get("anyOf", [rows])]
        row_types = (m for t in declared.rows.values() for m in get_args(t) or (t,))
        assert named == list(dict.fromkeys(t.__name__ for t in row_types)), path
