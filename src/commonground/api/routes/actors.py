"""Actors of every kind, and any actor's (or state's) roles over time."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import Response

from commonground.analysis.governance.actors import actor_record, list_actors
from commonground.analysis.governance.lookup import governance_sources
from commonground.api.deps import ConnDep
from commonground.api.envelopes import (
    Record,
    Row,
    TablePage,
    cited,
    error_responses,
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
    rows = list_actors(conn, kind)
    return tabular(
        request,
        page,
        rows,
        columns=[*COLUMNS, "source_says", "note"],
        sources=governance_sources(conn),
        filename="actors",
    )


@router.get(
    "/actors/{actor_id}",
    response_model=Record[dict[str, Any]],
    summary="An actor (slug) or a state (any code or name) with all its roles over time",
)
def actor(actor_id: str, conn: ConnDep, as_of: int | None = AsOf) -> dict[str, Any]:
    return cited(actor_record(conn, actor_id, as_of))
