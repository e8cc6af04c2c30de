"""Meetings: date, place, host, chairs, participants and the documents they produced."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter
from sqlalchemy import Connection

from commonground.analysis.governance.lookup import governance_sources
from commonground.analysis.governance.meetings import list_meetings, meeting_record
from commonground.api.deps import ConnDep
from commonground.api.envelopes import Record, cited, error_responses
from commonground.api.tabular import Rows, table_route

router = APIRouter(tags=["governance"], responses=error_responses(404))


@table_route(router, "/meetings", filename="meetings")
def meetings(conn: Connection) -> tuple[Rows, Rows]:
    """Every dated meeting held in the governance map"""
    return list_meetings(conn), governance_sources(conn)


@router.get(
    "/meetings/{meeting_id}",
    response_model=Record[dict[str, Any]],
    summary="A meeting with its host, chairs, participants and the documents it produced",
)
def meeting(meeting_id: str, conn: ConnDep) -> dict[str, Any]:
    return cited(meeting_record(conn, meeting_id))
