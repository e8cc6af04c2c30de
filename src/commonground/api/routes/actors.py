"""Actors of every kind, and any actor's (or state's) roles over time."""

from __future__ import annotations

from dataclasses import asdict

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import Response

from commonground.analysis.governance.actors import ActorRecord, actor_page, actor_record
from commonground.analysis.governance.lookup import governance_sources
from commonground.analysis.paging import Window
from commonground.api.deps import ConnDep
from commonground.api.envelopes import (
    Row,
    TablePage,
    error_responses,
    record_model,
    record_response,
    table_responses,
)
from commonground.api.tabular import Page, tabular

router = APIRouter(tags=["governance"], responses=error_responses(404))
AsOf = Query(None, ge=1900, le=2100, description="Only roles known to hold in this year")
COLUMNS = ["id", "name", "short_name", "kind", "pillar", "founded", "roles", "source_url"]


@router.get(
    "/actors",
    response_model=TablePage[Row],
    responses=table_responses(),
    summary="Organisations, and the states that hold curated roles",
)
def actors(
    request: Request,
    conn: ConnDep,
    page: Page = Depends(),
    kind: str | None = Query(None, description="e.g. un_agency, regional_body, state"),
) -> Response:
    rows, total = actor_page(conn, kind, Window(page.limit, page.offset) if page.paged else None)
    return tabular(
        request,
        page,
        [asdict(r) for r in rows],
        columns=[*COLUMNS, "source_says", "note"],
        sources=governance_sources(conn),
        filename="actors",
        total_rows=total,
    )


@router.get(
    "/actors/{actor_id}",
    response_model=record_model(ActorRecord),
    summary="An actor (slug) or a state (any code or name) with all its roles over time",
)
def actor(actor_id: str, conn: ConnDep, as_of: int | None = AsOf) -> Response:
    return record_response(actor_record(conn, actor_id, as_of))
