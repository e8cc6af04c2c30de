"""Pages and the API are told apart by their routes, not by their paths.

Pages link to the API by route name (no template, script or web module spells an API path),
every route that answers HTML is a `PageRoute`, and an error is a page on a page route and
the API's JSON shape on an API route.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.responses import HTMLResponse
from fastapi.routing import APIRoute, iter_route_contexts
from fastapi.testclient import TestClient

from commonground import api, web
from commonground.web.links import ApiLinks, with_query
from commonground.web.routing import PageRoute

WEB = Path(web.__file__).parent
HARD_CODED = re.compile(r"""["'`(]/api\b""")


def _docstrings(tree: ast.AST) -> set[int]:
    """Ids of the string nodes that are module, class or function docstrings."""
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
            body = node.body
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
                found.add(id(body[0].value))
    return found


def hard_coded_api_paths(path: Path) -> list[str]:
    """Where a web file spells out an API path instead of naming the route."""
    text = path.read_text("utf-8")
    if path.suffix != ".py":
        return [f"{path.name}: {m.group(0)}" for m in HARD_CODED.finditer(text)]
    tree = ast.parse(text)
    docs = _docstrings(tree)
    return [
        f"{path.name}:{node.lineno}: {node.value!r}"
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant)
        and isinstance(node.value, str)
        and id(node) not in docs
        and "/api" in node.value
    ]


def test_no_web_file_spells_out_an_api_path() -> None:
    files = [p for p in WEB.rglob("*") if p.suffix in (".py", ".html", ".js")]
    assert len(files) > 30
    assert [hit for path in sorted(files) for hit in hard_coded_api_paths(path)] == []


def test_the_check_finds_a_hard_coded_link(tmp_path: Path) -> None:
    page = tmp_path / "page.html"
    page.write_text('<a href="/api/stock?edition=2024">JSON</a>', "utf-8")
    module = tmp_path / "module.py"
    module.write_text('"""Links to /api/stock are fine in a docstring."""\nURL = "/api/stock"\n')
    assert len(hard_coded_api_paths(page)) == 1
    assert hard_coded_api_paths(module) == ["module.py:2: '/api/stock'"]


def whole_app() -> FastAPI:
    """Every route of the application, without a database: the app is never called."""
    app = FastAPI()
    app.state.evidence = None  # the API's middleware is made only on the first request
    app.state.workspace_stamp = None
    api.install(app)
    web.install(app)
    return app


def test_every_route_that_answers_html_is_a_page_route_and_no_api_route_is() -> None:
    routes = [c.original_route for c in iter_route_contexts(whole_app().routes)]
    api_routes = [r for r in routes if isinstance(r, APIRoute)]
    pages = [r for r in api_routes if isinstance(r, PageRoute)]
    assert len(pages) >= 15
    for route in api_routes:
        if route.response_class is HTMLResponse:
            assert isinstance(route, PageRoute), route.path
        if route.include_in_schema:  # the API, as the OpenAPI documents it
            assert not isinstance(route, PageRoute), route.path


def test_links_name_api_routes_never_pages() -> None:
    links = ApiLinks(whole_app())
    assert links("api-stock", edition="2024", year=None, destination="") == (
        "/api/stock?edition=2024"
    )
    assert links("country", code="MAR") == "/api/countries/MAR"  # a page has the name too
    assert links("roll_call", resolution="A/RES/73/195", format="csv") == (
        "/api/votes/A/RES/73/195?format=csv"
    )
    assert links("analysis-position", country="MEX", table="refugees") == (
        "/api/analysis/position/MEX?table=refugees"
    )
    with pytest.raises(LookupError, match="no API route"):
        links("home")
    added = with_query("/api/stock?year=2020", table="x", empty=None)
    assert added == "/api/stock?year=2020&table=x"


@pytest.mark.parametrize(
    ("path", "kind"),
    [
        ("/countries/Atlantis", "text/html"),  # NotFound raised by a page
        ("/instruments/no-such-treaty", "text/html"),
        ("/gcm/objectives/99", "text/html"),  # a validation error on a page
        ("/no-such-page", "text/html"),  # no route: a page
        ("/countries/MAR/nothing", "text/html"),  # no route, under the pages' /countries
        ("/api/countries/Atlantis", "application/json"),  # NotFound raised by the API
        ("/api/no-such-route", "application/json"),  # no route, under the API's /api
        ("/api/gcm/objectives/99", "application/json"),
        ("/vendor/nothing.js", "application/json"),  # not a page: the API's error shape
        ("/maps/nothing.json", "application/json"),  # the map's data for the page script
    ],
)
def test_an_error_is_a_page_on_pages_and_json_elsewhere(
    client: TestClient, path: str, kind: str
) -> None:
    response = client.get(path)
    assert response.status_code in (400, 404, 422), path
    assert response.headers["content-type"].startswith(kind), path
    if kind == "application/json":
        assert response.json()["ok"] is False
    else:
        assert "<main" in response.text


def test_a_wrong_method_on_a_page_is_a_page(client: TestClient) -> None:
    page = client.post("/countries")
    assert page.status_code == 405 and page.headers["content-type"].startswith("text/html")
    api_error = client.post("/api/countries")
    assert api_error.status_code == 405 and api_error.json()["status"] == 405
