"""Instruments: the list, and one page per instrument with its parties map and timeline."""

from __future__ import annotations

from dataclasses import asdict
from datetime import date

from fastapi import Query, Request
from fastapi.responses import HTMLResponse

from commonground.analysis.catalogue import sources_by_id
from commonground.analysis.coverage import coverage
from commonground.analysis.instruments import list_instruments, parties, party_counts_by_year
from commonground.api.deps import ConnDep
from commonground.web.links import api_links
from commonground.web.maps import LayerQuery, instrument_status
from commonground.web.routing import page_router
from commonground.web.templating import render

router = page_router()
UNCOVERED = 10


@router.get("/instruments", response_class=HTMLResponse)
def instruments(request: Request, conn: ConnDep) -> HTMLResponse:
    rows = list_instruments(conn)
    ids = sorted({r.source_id for r in rows})
    return render(request, "instruments.html", rows=rows, sources=sources_by_id(conn, ids))


@router.get("/instruments/{instrument_id}", response_class=HTMLResponse)
def instrument(
    request: Request,
    conn: ConnDep,
    instrument_id: str,
    as_of: int | None = Query(None, ge=1945, le=2100, description="Status at the end of a year"),
    on: date | None = Query(None, description="Status on this day (YYYY-MM-DD)"),
) -> HTMLResponse:
    result = parties(conn, instrument_id, as_of, on)
    links = api_links(request)
    layer = instrument_status(
        conn, LayerQuery(instrument=result.instrument.id, as_of=as_of, on=on), links
    )
    return render(
        request,
        "instrument.html",
        r=result,
        i=result.instrument,
        layer=layer,
        timeline=[asdict(t) for t in party_counts_by_year(conn, instrument_id)],
        as_of=as_of,
        on=on,
        coverage=coverage(conn, result.instrument.id, top=UNCOVERED),
        api_coverage=links("analysis-coverage", instrument=result.instrument.id, top=UNCOVERED),
    )
