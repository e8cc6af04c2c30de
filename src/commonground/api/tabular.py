"""Tabular responses: JSON with pagination and citations, or CSV on request.

CSV is chosen by `?format=csv` or an `Accept: text/csv` header. It holds every row (no
pagination), keeps `source_id` on each row where the data have it, and names the full
citations in an `X-Sources` header so that spreadsheets open the body cleanly.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from typing import Any

from fastapi import Query, Request
from fastapi.responses import JSONResponse, Response

MAX_LIMIT = 10_000


class Page:
    """`limit` and `offset` query parameters, shared by every tabular route."""

    def __init__(
        self,
        limit: int = Query(100, ge=1, le=MAX_LIMIT, description="Rows per page"),
        offset: int = Query(0, ge=0, description="Rows to skip"),
        format: str | None = Query(
            None, pattern="^(json|csv)$", description="json (default) or csv"
        ),
    ) -> None:
        self.limit = limit
        self.offset = offset
        self.format = format


def wants_csv(request: Request, page: Page) -> bool:
    if page.format is not None:
        return page.format == "csv"
    return "text/csv" in request.headers.get("accept", "")


def tabular(
    request: Request,
    page: Page,
    rows: Sequence[dict[str, Any]],
    *,
    columns: Sequence[str] | None = None,
    meta: dict[str, Any] | None = None,
    sources: Sequence[dict[str, Any]] = (),
    filename: str = "commonground",
) -> Response:
    cols = list(columns) if columns else (list(rows[0]) if rows else [])
    if wants_csv(request, page):
        buffer = io.StringIO()
        writer = csv.DictWriter(buffer, fieldnames=cols, extrasaction="ignore", lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
        cite = "; ".join(
            f"{s['id']}: {s['publisher']}, {s['title']} ({s['edition']})" for s in sources
        )
        headers = {"Content-Disposition": f'attachment; filename="{filename}.csv"'}
        if cite:
            headers["X-Sources"] = cite.encode("ascii", "replace").decode()
        return Response(buffer.getvalue(), media_type="text/csv; charset=utf-8", headers=headers)
    window = list(rows[page.offset : page.offset + page.limit])
    next_url = None
    if page.offset + page.limit < len(rows):
        next_url = str(
            request.url.include_query_params(offset=page.offset + page.limit, limit=page.limit)
        )
    body = {
        "ok": True,
        "total_rows": len(rows),
        "limit": page.limit,
        "offset": page.offset,
        "next": next_url,
        "columns": cols,
        "data": window,
        "meta": meta or {},
        "sources": list(sources),
    }
    return JSONResponse(_jsonable(body))


def _jsonable(value: Any) -> Any:
    from fastapi.encoders import jsonable_encoder

    return jsonable_encoder(value)
