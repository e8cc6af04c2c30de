from __future__ import annotations

from datetime import date

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import Response
from pydantic import BaseModel

from commonground.analysis.catalogue import sources_by_id
from commonground.analysis.instruments import (
    get_instrument,
    instrument_page,
    instrument_sources,
    parties,
)
from commonground.analysis.paging import Window
from commonground.api.deps import ConnDep
from commonground.api.envelopes import Record, Row, TablePage, error_responses, table_responses
from commonground.api.tabular import Page, tabular
from commonground.domain.treaties import (
    Instrument,
    InstrumentSummary,
    PartyCounts,
    PartyStatus,
    SourceList,
)

router = APIRouter(tags=["instruments"], responses=error_responses(404))
ON = (
    "Status on this day (YYYY-MM-DD) instead of at the end of a year: a party counts as in force"
    " from the day the treaty binds it (its article on a later party's entry into force)"
)


@router.get(
    "/instruments",
    name="instruments",
    response_model=TablePage[Row],
    responses=table_responses(),
    summary="Treaties and other instruments, with party counts",
)
def instruments(request: Request, conn: ConnDep, page: Page = Depends()) -> Response:
    found, total = instrument_page(conn, Window(page.limit, page.offset) if page.paged else None)
    return tabular(
        request,
        page,
        [r.model_dump() for r in found],
        columns=list(InstrumentSummary.model_fields),
        sources=sources_by_id(conn, instrument_sources(conn)),
        filename="instruments",
        total_rows=total,
    )


@router.get(
    "/instruments/{instrument_id}/parties",
    response_model=TablePage[Row],
    responses=table_responses(),
    summary="Each state's status (party, signatory, none) and year, as of a year",
)
def instrument_parties(
    instrument_id: str,
    request: Request,
    conn: ConnDep,
    page: Page = Depends(),
    as_of: int | None = Query(None, ge=1945, le=2100, description="Status at the end of this year"),
    on: date | None = Query(None, description=ON),
    status: str | None = Query(None, pattern="^(party|signatory|unknown|none)$"),
) -> Response:
    """The page is a slice of every state's row, not a query's: each state's status as of the
    year or day is computed from its consent, a denunciation and the treaty's entry into force
    (`analysis.instruments.parties`), `status` filters that computed status, and `meta`'s
    counts need every state anyway. The table is one row per UN member state (193)."""
    result = parties(conn, instrument_id, as_of, on)
    rows = [s.row() for s in result.states if status is None or s.status == status]
    meta = {
        "instrument": result.instrument.model_dump(),
        "as_of": as_of,
        "on": on.isoformat() if on else None,
        "counts": result.counts.model_dump(),
        "warnings": list(result.warnings),
    }
    return tabular(
        request,
        page,
        rows,
        meta=meta,
        sources=result.sources,
        filename=f"{instrument_id}-parties",
    )


class InstrumentParties(BaseModel):
    """One instrument, each state's status as of the year asked, and the lists read."""

    instrument: Instrument
    as_of: int | None
    on: date | None
    counts: PartyCounts
    warnings: list[str]
    lists: list[SourceList]
    states: list[PartyStatus]


@router.get(
    "/instruments/{instrument_id}",
    response_model=Record[InstrumentParties],
    summary="One instrument (bundled treaty or curated) with its parties as of a year",
)
def instrument(
    instrument_id: str,
    conn: ConnDep,
    as_of: int | None = Query(None, ge=1900, le=2100, description="Status at the end of year"),
    on: date | None = Query(None, description=ON),
) -> Record[InstrumentParties]:
    found = get_instrument(conn, instrument_id)
    result = parties(conn, found.id, as_of, on)
    data = InstrumentParties(
        instrument=result.instrument,
        as_of=as_of,
        on=on,
        counts=result.counts,
        warnings=list(result.warnings),
        lists=list(result.lists),
        states=list(result.states),
    )
    return Record(data=data, sources=list(result.sources))
