"""What every tabular endpoint shares: citations, pagination, and CSV on request."""

from __future__ import annotations

import csv
import io
from typing import Any

import pytest
from fastapi.testclient import TestClient

TABULAR = [
    "/api/countries",
    "/api/countries?include_aggregates=true",
    "/api/stock",
    "/api/stock?edition=2019",
    "/api/stock?edition=2017&group_by=corridor&destination=USA",
    "/api/stock?edition=wb-2017&group_by=origin",
    "/api/remittances",
    "/api/remittances?edition=wdi&flow=outflow&group_by=sender",
    "/api/displacement?group_by=region",
    "/api/missing-migrants?group_by=country",
    "/api/instruments",
    "/api/instruments/icmw/parties?as_of=2010",
    "/api/votes/A/RES/73/195",
]
CITATION = ("id", "title", "publisher", "edition", "licence", "file", "sha256")


def _with(url: str, **params: Any) -> str:
    extra = "&".join(f"{k}={v}" for k, v in params.items())
    return f"{url}{'&' if '?' in url else '?'}{extra}"


def all_rows(client: TestClient, url: str) -> dict[str, Any]:
    response = client.get(_with(url, limit=10_000))
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    assert body["total_rows"] == len(body["data"])
    return body


def as_csv_text(value: Any) -> str:
    return "" if value is None else str(value)


@pytest.mark.parametrize("url", TABULAR)
def test_every_row_names_its_source_and_the_response_cites_it(client: TestClient, url: str) -> None:
    body = all_rows(client, url)
    assert body["ok"] is True
    assert body["data"], "expected rows"
    cited = {s["id"]: s for s in body["sources"]}
    for source in cited.values():
        assert all(source[k] for k in CITATION), source
    for row in body["data"]:
        assert row["source_id"] in cited, row


def test_the_catalogue_of_sources_is_itself_the_citation(client: TestClient) -> None:
    body = all_rows(client, "/api/sources")
    assert body["sources"] == []
    assert {r["id"] for r in body["data"]} >= {"undesa-ims-2024", "unvotes-votes"}


@pytest.mark.parametrize("url", ["/api/stock?group_by=origin", "/api/countries", "/api/sources"])
def test_pages_follow_next_and_join_to_the_full_set(client: TestClient, url: str) -> None:
    full = all_rows(client, url)["data"]
    rows: list[dict[str, Any]] = []
    next_url: str | None = _with(url, limit=37)
    pages = 0
    while next_url:
        body = client.get(next_url).json()
        assert body["ok"] is True
        assert body["total_rows"] == len(full)
        assert body["limit"] == 37
        assert body["offset"] == len(rows)
        assert len(body["data"]) == min(37, len(full) - len(rows))
        rows += body["data"]
        next_url = body["next"]
        pages += 1
    assert rows == full
    assert pages == -(-len(full) // 37)


def test_an_offset_past_the_end_gives_an_empty_page(client: TestClient) -> None:
    total = client.get("/api/instruments").json()["total_rows"]
    body = client.get(f"/api/instruments?offset={total}").json()
    assert body["data"] == []
    assert body["next"] is None
    assert body["total_rows"] == total


@pytest.mark.parametrize("url", TABULAR)
@pytest.mark.parametrize("how", ["query", "accept"])
def test_csv_holds_the_same_rows_as_json(client: TestClient, url: str, how: str) -> None:
    body = all_rows(client, url)
    if how == "query":
        response = client.get(_with(url, format="csv"))
    else:
        response = client.get(url, headers={"Accept": "text/csv"})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/csv")
    assert response.headers["content-disposition"].startswith("attachment; filename=")
    for source in body["sources"]:
        assert source["id"] in response.headers["x-sources"]
        assert source["publisher"].split(" ")[0] in response.headers["x-sources"]
    reader = csv.DictReader(io.StringIO(response.text))
    assert reader.fieldnames == body["columns"]
    got = list(reader)
    assert len(got) == body["total_rows"]
    expected = [{c: as_csv_text(row.get(c)) for c in body["columns"]} for row in body["data"]]
    assert got == expected


def test_csv_pages_like_json_when_limit_or_offset_is_given(client: TestClient) -> None:
    url = "/api/stock?edition=2020&year=2020&group_by=corridor"
    page = client.get(f"{url}&limit=5&offset=10").json()
    response = client.get(f"{url}&limit=5&offset=10&format=csv")
    rows = list(csv.DictReader(io.StringIO(response.text)))
    assert [r["destination"] for r in rows] == [r["destination"] for r in page["data"]]
    assert response.headers["x-rows"] == "5"
    assert response.headers["x-total-rows"] == str(page["total_rows"])
    assert 'rel="next"' in response.headers["link"]


def test_csv_without_limit_or_offset_is_the_whole_table(client: TestClient) -> None:
    response = client.get("/api/stock?format=csv")
    rows = list(csv.DictReader(io.StringIO(response.text)))
    total = client.get("/api/stock?limit=1").json()["total_rows"]
    assert len(rows) == total
    assert response.headers["x-rows"] == response.headers["x-total-rows"] == str(total)
    assert "link" not in response.headers


def test_corridor_pages_read_by_the_database_match_the_whole_table(client: TestClient) -> None:
    url = "/api/stock?edition=2020&year=2020&group_by=corridor"
    whole = client.get(f"{url}&limit=10000").json()
    page = client.get(f"{url}&limit=50&offset=100").json()
    assert page["total_rows"] == whole["total_rows"]
    assert page["data"] == whole["data"][100:150]
    values = [r["stock"] for r in whole["data"]]
    assert values == sorted(values, reverse=True)


def test_json_format_wins_over_an_accept_header(client: TestClient) -> None:
    response = client.get("/api/instruments?format=json", headers={"Accept": "text/csv"})
    assert response.headers["content-type"].startswith("application/json")
    assert response.json()["ok"] is True


PAGED_IN_SQL = [
    "/api/countries?include_aggregates=true",
    "/api/stock?edition=2020&year=2020&group_by=corridor&destination=FRA",
    "/api/stock?edition=2020&year=2020&group_by=region",
    "/api/stock?edition=2019",
    "/api/stock?origin=MAR",
    "/api/remittances?group_by=income_group&side=sender",
    "/api/displacement?group_by=origin",
    "/api/missing-migrants?group_by=route",
    "/api/population",
    "/api/votes/A/RES/73/195",
    "/api/sources",
    "/api/sources/disagreements",
    "/api/meetings",
    "/api/instruments",
    "/api/gcm/principles",
    "/api/migof",
]


@pytest.mark.parametrize("url", PAGED_IN_SQL)
def test_pages_at_every_boundary_are_slices_of_the_whole_table(
    client: TestClient, url: str
) -> None:
    whole = all_rows(client, url)
    total = whole["total_rows"]
    assert total >= 3, "expected a table of a few rows"
    limit = max(1, total // 3)
    last = (total - 1) // limit * limit
    for offset in sorted({0, limit, last, total, total + 5}):
        body = client.get(_with(url, limit=limit, offset=offset)).json()
        assert body["total_rows"] == total
        assert body["columns"] == whole["columns"]
        assert body["meta"] == whole["meta"]
        assert body["sources"] == whole["sources"]
        assert body["data"] == whole["data"][offset : offset + limit]
        assert (body["next"] is None) == (offset + limit >= total)
        response = client.get(_with(url, limit=limit, offset=offset, format="csv"))
        rows = list(csv.DictReader(io.StringIO(response.text)))
        expected = [{c: as_csv_text(r.get(c)) for c in whole["columns"]} for r in body["data"]]
        assert rows == expected
        assert response.headers["x-total-rows"] == str(total)
        assert response.headers["x-rows"] == str(len(expected))
        assert ('rel="next"' in response.headers.get("link", "")) == (offset + limit < total)
