"""Meetings: date, place, host, chairs, participants and the documents they produced."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter
from sqlalchemy import Connection

from commonground.analysis.governance.lookup import governance_sources
from commonground.analysis.governance.meetings import meeting_page, meeting_record
from commonground.analysis.paging import Read, Window
from commonground.api.deps import ConnDep
from commonground.api.envelopes import Record, cited, error_responses
from commonground.api.tabular import Rows, paged_table_route

router = APIRouter(tags=["governance"], responses=error_responses(404))


@paged_table_route(router, "/meetings", filename="meetings")
def meetings(conn: Connection, window: Window | None) -> tuple[Read, Rows]:
    """Every dated meeting held in the governance map"""
    return meeting_page(conn, window), governance_sources(conn)


@router.get(
    "/meetings/{meeting_id}",
    response_model=Record[dict[str, Any]],
    summary="A meeting with its host, chairs, participants and the documents it produced",
)
def meeting(meeting_id: str, conn: ConnDep) -> dict[str, Any]:
    return cited(meeting_record(conn, meeting_id))
