from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import Response

from commonground.analysis.catalogue import sources_by_id
from commonground.analysis.instruments import get_instrument, list_instruments, parties
from commonground.api.deps import ConnDep
from commonground.api.envelopes import Record, Row, TablePage, error_responses, table_responses
from commonground.api.tabular import Page, tabular

router = APIRouter(tags=["instruments"], responses=error_responses(404))


@router.get(
    "/instruments",
    response_model=TablePage[Row],
    responses=table_responses(),
    summary="Treaties and other instruments, with party counts",
)
def instruments(request: Request, conn: ConnDep, page: Page = Depends()) -> Response:
    rows = list_instruments(conn)
    ids = sorted({r["source_id"] for r in rows})
    return tabular(request, page, rows, sources=sources_by_id(conn, ids), filename="instruments")


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
    status: str | None = Query(None, pattern="^(party|signatory|unknown|none)$"),
) -> Response:
    result = parties(conn, instrument_id, as_of)
    rows = [s for s in result["states"] if status is None or s["status"] == status]
    columns = [k for k in rows[0] if not isinstance(rows[0][k], list)] if rows else None
    meta = {
        "instrument": result["instrument"],
        "as_of": as_of,
        "counts": result["counts"],
        "warnings": result["warnings"],
    }
    return tabular(
        request,
        page,
        rows,
        columns=columns,
        meta=meta,
        sources=result["sources"],
        filename=f"{instrument_id}-parties",
    )


@router.get(
    "/instruments/{instrument_id}",
    response_model=Record[dict[str, Any]],
    summary="One instrument (bundled treaty or curated) with its parties as of a year",
)
def instrument(
    instrument_id: str,
    conn: ConnDep,
    as_of: int | None = Query(None, ge=1900, le=2100, description="Status at the end of year"),
) -> dict[str, Any]:
    found = get_instrument(conn, instrument_id)
    result = parties(conn, found["id"], as_of)
    data = {
        "instrument": result.pop("instrument"),
        "as_of": as_of,
        "counts": result["counts"],
        "warnings": result["warnings"],
        "lists": result.get("lists", []),
        "states": result["states"],
    }
    return {"ok": True, "data": data, "sources": result["sources"]}
