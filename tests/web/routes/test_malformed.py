"""Every page route with a malformed parameter answers with a clean error page: the
parameter and what was expected, never a traceback, a file path or SQL."""

from __future__ import annotations

import re
import typing
from collections.abc import Iterator
from typing import Any

from fastapi.testclient import TestClient

SAMPLES = {
    "code": "MAR",
    "instrument_id": "icmw",
    "forum_id": "gfmd",
    "meeting_id": "gfmd-2008",
    "actor_id": "iom",
    "kind": "note",
    "key": "thamm",
    "layer_id": "immigrants",
    "name": "vega.min.js",
    "number": "5",
}
LEAKS = re.compile(
    r"Traceback|File \"|/work/|site-packages|\.py\b|SELECT |sqlalchemy|psycopg", re.I
)
NUMERIC = (int, float)


def walk(routes: list[Any]) -> Iterator[Any]:
    for route in routes:
        if hasattr(route, "effective_candidates"):
            yield from walk(route.effective_candidates())
        elif getattr(route, "dependant", None) is not None:
            yield route


def numeric(annotation: Any) -> bool:
    return annotation in NUMERIC or any(a in NUMERIC for a in typing.get_args(annotation))


def malformed(client: TestClient) -> list[str]:
    urls = []
    for route in walk(client.app.routes):  # type: ignore[attr-defined]
        if "GET" not in route.methods or route.path.startswith(("/api", "/vendor", "/maps")):
            continue
        path_params = {p.name: p for p in route.dependant.path_params}
        values = {}
        bad = False
        for name, param in path_params.items():
            if numeric(param.field_info.annotation):
                values[name], bad = "abc", True
            else:
                assert name in SAMPLES, f"add a sample value for {{{name}}} ({route.path})"
                values[name] = SAMPLES[name]
        query = [p.name for p in route.dependant.query_params if numeric(p.field_info.annotation)]
        if not bad and not query:
            continue
        url = route.path.format(**values)
        if query:
            url += "?" + "&".join(f"{q}=abc" for q in query)
        urls.append(url)
    return urls


def test_the_walk_covers_the_reported_pages(client: TestClient) -> None:
    urls = malformed(client)
    assert "/forums/gfmd?as_of=abc" in urls
    assert any(u.startswith("/countries/MAR?") and "year=abc" in u for u in urls)
    assert "/records/note/abc" in urls


def test_every_page_with_a_malformed_parameter_gives_a_clean_error(client: TestClient) -> None:
    for url in malformed(client):
        response = client.get(url)
        assert response.status_code == 422, f"{url}: {response.status_code}"
        assert response.headers["content-type"].startswith("text/html")
        assert not LEAKS.search(response.text), f"{url} leaks: {LEAKS.search(response.text)}"
        assert "valid" in response.text  # says what was expected


def test_the_reported_pages_name_the_parameter(client: TestClient) -> None:
    page = client.get("/forums/gfmd?as_of=abc").text
    assert "as_of: Input should be a valid integer" in page
    page = client.get("/countries/MAR?year=abc").text
    assert "year: Input should be a valid integer" in page
