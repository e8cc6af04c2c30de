"""Corridor explorer: migrant stock between chosen origins and destinations, as a table and chart.

The filters live in the query string, so a view can be shared; the table links to the API query
that returns the same rows as CSV.
"""

from __future__ import annotations

from typing import Any

from fastapi import Query, Request
from fastapi.responses import HTMLResponse

from commonground.analysis.areas import COUNTRY_KINDS, list_areas
from commonground.analysis.stock import GROUPS, stock, stock_editions
from commonground.api.deps import ConnDep
from commonground.domain.errors import InvalidQuery
from commonground.web.links import api_links
from commonground.web.routing import page_router
from commonground.web.templating import render

router = page_router()
SHOWN = 50
GROUP_LABELS = {
    "corridor": "Corridor (origin → destination)",
    "origin": "Country of origin",
    "destination": "Country of destination",
    "region": "Region",
    "subregion": "Subregion",
    "development_group": "Development group (North/South)",
    "income_group": "Income group",
}


@router.get("/corridors", response_class=HTMLResponse)
def corridors(
    request: Request,
    conn: ConnDep,
    edition: str | None = Query(None),
    year: int | None = None,
    origin: str | None = None,
    destination: str | None = None,
    group_by: str = Query("corridor"),
    side: str = Query("destination", pattern="^(destination|origin)$"),
    sex: str = Query("total", pattern="^(total|female|male)$"),
) -> HTMLResponse:
    filters: dict[str, Any] = {
        "edition": edition,
        "year": year,
        "origin": origin or None,
        "destination": destination or None,
        "group_by": group_by,
        "side": side if group_by not in ("corridor", "origin", "destination") else None,
        "sex": sex if sex != "total" else None,
    }
    result, error = None, None
    try:
        result = stock(
            conn,
            edition=edition,
            year=year,
            origin=origin or None,
            destination=destination or None,
            group_by=group_by,
            side=side,
            sex=sex,
        )
    except InvalidQuery as exc:
        error = exc
    if result is not None:
        filters["year"] = result.summary.year
        filters["edition"] = result.summary.edition
    status = 200 if error is None else 422
    return render(
        request,
        "corridors.html",
        status_code=status,
        result=result,
        error=error,
        filters=filters,
        shown=SHOWN,
        editions=stock_editions(conn),
        groups=[(g, GROUP_LABELS.get(g, g)) for g in GROUPS],
        countries=list_areas(conn, COUNTRY_KINDS),
        csv=api_links(request)("api-stock", **filters, format="csv"),
        api=api_links(request)("api-stock", **filters),
    )
