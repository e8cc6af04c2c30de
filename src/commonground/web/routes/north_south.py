"""North and South: migrant stock by the development group of origin and destination.

The page shows the quadrants analysis for one edition and year (optionally with growth
since a base year) as a 2x2 table and a chart; the address keeps the choices.
"""

from __future__ import annotations

from typing import Any

from fastapi import Query, Request
from fastapi.responses import HTMLResponse

from commonground.analysis.catalogue import role, sources_by_id
from commonground.analysis.quadrants import QuadrantsSummary, quadrants
from commonground.analysis.result import Analysis
from commonground.api.deps import ConnDep
from commonground.domain.errors import InvalidQuery
from commonground.web.links import api_links
from commonground.web.routing import page_router
from commonground.web.templating import render

router = page_router()
SIDES = ("North", "South")


def grid(result: Analysis[QuadrantsSummary]) -> list[dict[str, Any]]:
    """The four North/South corridors as rows of origin with one cell per destination."""
    cells = {(r["origin_group"], r["destination_group"]): r for r in result.tables["corridors"]}
    return [{"origin": o, "cells": [cells.get((o, d)) for d in SIDES]} for o in SIDES]


@router.get("/north-south", response_class=HTMLResponse)
def north_south(
    request: Request,
    conn: ConnDep,
    edition: str | None = Query(None),
    year: int | None = None,
    since: int | None = None,
) -> HTMLResponse:
    result, error = None, None
    editions = sources_by_id(conn, role(conn, "north_south_editions"))
    edition = edition or (editions[0].id if editions else None)
    try:
        result = quadrants(conn, edition=edition, year=year, since=since)
    except InvalidQuery as exc:
        error = exc
    filters = {"edition": edition, "year": year, "since": since}
    if result is not None:
        filters["year"] = result.summary.year
    api = api_links(request)("analysis-quadrants", **filters)
    return render(
        request,
        "north_south.html",
        status_code=200 if error is None else 422,
        quad=result,
        grid=grid(result) if result else [],
        sides=SIDES,
        error=error,
        filters=filters,
        editions=editions,
        api=api,
    )
