"""Forums and processes with their organs, members as of a year, and meetings."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import Response

from commonground.analysis.governance.forums import forum_record, list_forums
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
AsOf = Query(
    None,
    ge=1900,
    le=2100,
    description="One meaning of 'as of' a year: members and roles are those known to hold in"
    " that year; meetings are those held up to that year (so as_of=2018 lists every GFMD"
    " summit from 2007 to 2018, Marrakesh included)",
)
ROLE_COLUMNS = [
    "actor",
    "actor_name",
    "actor_type",
    "forum",
    "role",
    "when",
    "basis",
    "from_year",
    "to_year",
    "as_of",
    "name_as_read",
    "source_url",
    "source_says",
    "note",
    "conflict",
    "source_id",
]


@router.get(
    "/forums",
    response_model=TablePage[Row],
    responses=table_responses(),
    summary="Forums, processes, organs and free-movement regimes",
)
def forums(
    request: Request,
    conn: ConnDep,
    page: Page = Depends(),
    kind: str | None = Query(None, description="e.g. regional_consultative_process"),
    pillar: int | None = Query(None, ge=1, le=5, description="One of the five pillars"),
) -> Response:
    rows = list_forums(conn, kind, pillar)
    return tabular(request, page, rows, sources=governance_sources(conn), filename="forums")


@router.get(
    "/forums/{forum_id}",
    response_model=Record[dict[str, Any]],
    summary="A forum: organs, roles and members as of a year, and the meetings held up to it",
)
def forum(forum_id: str, conn: ConnDep, as_of: int | None = AsOf) -> dict[str, Any]:
    return cited(forum_record(conn, forum_id, as_of))


@router.get(
    "/forums/{forum_id}/members",
    response_model=TablePage[Row],
    responses=table_responses(),
    summary="A forum's members as of a year, as a table",
)
def forum_members(
    forum_id: str,
    request: Request,
    conn: ConnDep,
    page: Page = Depends(),
    as_of: int | None = AsOf,
) -> Response:
    record = forum_record(conn, forum_id, as_of)
    meta = {
        "forum": record.forum["id"],
        "as_of": as_of,
        "member_count": record.member_count,
        "notes": record.notes,
    }
    return tabular(
        request,
        page,
        record.members,
        columns=ROLE_COLUMNS,
        meta=meta,
        sources=record.sources,
        filename=f"{record.forum['id']}-members",
    )
