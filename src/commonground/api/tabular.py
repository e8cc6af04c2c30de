"""Tabular responses: JSON with pagination and citations, or CSV on request.

CSV is chosen by `?format=csv` or an `Accept: text/csv` header. CSV pages like JSON when
`limit` or `offset` is given; without them it is the whole table (what a download wants).
Either way `X-Total-Rows` gives the table's length and `X-Rows` the rows in this body, a
`Link: <…>; rel="next"` header points to the next page, `source_id` stays on each row
where the data have it, and `X-Sources` names the full citations.

A route that reads one page in SQL (`page.limit`, `page.offset`, `page.paged`) passes
`total_rows` to `tabular`; the others give every row and `tabular` slices them. The OpenAPI
declarations of a tabular route are `api.envelopes.table_responses()` and `Page`.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Sequence
from typing import Any

from fastapi import APIRouter, Depends, Query, Request
from fastapi.encoders import jsonable_encoder
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel
from sqlalchemy import Connection

from commonground.analysis.paging import Read, Window
from commonground.api.deps import ConnDep
from commonground.api.envelopes import Row, TablePage, table_responses
from commonground.domain.citation import Citation

MAX_LIMIT = 10_000


class Page:
    """`limit`, `offset` and `format` query parameters, shared by every tabular route."""

    def __init__(
        self,
        request: Request,
        limit: int = Query(100, ge=1, le=MAX_LIMIT, description="Rows per page"),
        offset: int = Query(0, ge=0, le=10_000_000, description="Rows to skip"),
        format: str | None = Query(
            None,
            pattern="^(json|csv)$",
            description="json (default) or csv; CSV is the whole table unless limit or"
            " offset is given",
        ),
    ) -> None:
        self.limit = limit
        self.offset = offset
        self.format = format
        self.csv = format == "csv" if format is not None else _accepts_csv(request)
        self.paged = not self.csv or any(k in request.query_params for k in ("limit", "offset"))


def _accepts_csv(request: Request) -> bool:
    return "text/csv" in request.headers.get("accept", "")


def wants_csv(request: Request, page: Page) -> bool:
    return page.csv


def tabular(
    request: Request,
    page: Page,
    rows: Sequence[dict[str, Any]],
    *,
    columns: Sequence[str] | None = None,
    meta: dict[str, Any] | None = None,
    sources: Sequence[Citation] = (),
    filename: str = "commonground",
    total_rows: int | None = None,
) -> Response:
    """`rows` are every row, or (with `total_rows`) the page the route read itself."""
    cols = list(columns) if columns else (list(rows[0]) if rows else [])
    if total_rows is None:
        total_rows = len(rows)
        window = list(rows[page.offset : page.offset + page.limit]) if page.paged else list(rows)
    else:
        window = list(rows)
    next_url = None
    if page.paged and page.offset + page.limit < total_rows:
        next_url = str(
            request.url.include_query_params(offset=page.offset + page.limit, limit=page.limit)
        )
    if page.csv:
        return _csv(window, cols, sources, filename, total_rows, next_url)
    body = {
        "ok": True,
        "total_rows": total_rows,
        "limit": page.limit,
        "offset": page.offset,
        "next": next_url,
        "columns": cols,
        "data": window,
        "meta": meta or {},
        "sources": list(sources),
    }
    return JSONResponse(jsonable_encoder(body))


def _csv(
    rows: list[dict[str, Any]],
    cols: list[str],
    sources: Sequence[Citation],
    filename: str,
    total_rows: int,
    next_url: str | None,
) -> Response:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=cols, extrasaction="ignore", lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    cite = "; ".join(f"{s.id}: {s.reference()}" for s in sources)
    headers = {
        "Content-Disposition": f'attachment; filename="{filename}.csv"',
        "X-Total-Rows": str(total_rows),
        "X-Rows": str(len(rows)),
    }
    if next_url is not None:
        headers["Link"] = f'<{next_url}>; rel="next"'
    if cite:
        headers["X-Sources"] = cite.encode("ascii", "replace").decode()
    return Response(buffer.getvalue(), media_type="text/csv; charset=utf-8", headers=headers)


Rows = Sequence[dict[str, Any]]
Cites = Sequence[Citation]
Table = Callable[[Connection], tuple[Rows, Cites]]
PagedTable = Callable[[Connection, Window | None], tuple[Read, Cites]]


def table_route(
    router: APIRouter, path: str, *, filename: str, row: type[BaseModel] = Row
) -> Callable[[Table], Table]:
    """Add `GET path` for a whole table that the decorated function reads (its rows and their
    citations), as JSON pages or CSV: for the routes that take no parameter but the page's,
    over tables small and computed in Python. The function's name names the route and its
    docstring is the route's summary."""

    def add(table: Table) -> Table:
        def route(request: Request, conn: ConnDep, page: Page = Depends()) -> Response:
            rows, sources = table(conn)
            return tabular(request, page, rows, sources=sources, filename=filename)

        _add(router, path, route, table, row)
        return table

    return add


def paged_table_route(
    router: APIRouter, path: str, *, filename: str, row: type[BaseModel] = Row
) -> Callable[[PagedTable], PagedTable]:
    """`table_route` for a table read in SQL: the decorated function reads the page's window
    (`LIMIT`/`OFFSET`, with a count) and the citations."""

    def add(table: PagedTable) -> PagedTable:
        def route(request: Request, conn: ConnDep, page: Page = Depends()) -> Response:
            read, sources = table(conn, Window(page.limit, page.offset) if page.paged else None)
            return tabular(
                request,
                page,
                read.records(),
                columns=read.columns,
                sources=sources,
                filename=filename,
                total_rows=read.total_rows,
            )

        _add(router, path, route, table, row)
        return table

    return add


def _add(
    router: APIRouter, path: str, route: Callable[..., Response], table: Any, row: type[BaseModel]
) -> None:
    router.add_api_route(
        path,
        route,
        methods=["GET"],
        name=table.__name__,
        response_model=TablePage[row],  # type: ignore[valid-type]
        responses=table_responses(),
        summary=" ".join((table.__doc__ or "").split()),
    )
