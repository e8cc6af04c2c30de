"""Forums and processes with their organs, members as of a year, and meetings."""

from __future__ import annotations

from dataclasses import asdict

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import Response

from commonground.analysis.governance.forums import ForumRecord, forum_page, forum_record
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
    window = Window(page.limit, page.offset) if page.paged else None
    read = forum_page(conn, kind, pillar, window)
    return tabular(
        request,
        page,
        read.records(),
        columns=read.columns,
        sources=governance_sources(conn),
        filename="forums",
        total_rows=read.total_rows,
    )


@router.get(
    "/forums/{forum_id}",
    response_model=record_model(ForumRecord),
    summary="A forum: organs, roles and members as of a year, and the meetings held up to it",
)
def forum(forum_id: str, conn: ConnDep, as_of: int | None = AsOf) -> Response:
    return record_response(forum_record(conn, forum_id, as_of))


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
        "forum": record.forum.id,
        "as_of": as_of,
        "member_count": record.member_count,
        "notes": record.notes,
    }
    return tabular(
        request,
        page,
        [asdict(r) for r in record.members],
        columns=ROLE_COLUMNS,
        meta=meta,
        sources=record.sources,
        filename=f"{record.forum.id}-members",
    )
