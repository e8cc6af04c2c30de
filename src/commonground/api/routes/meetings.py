"""Meetings: date, place, host, chairs, participants and the documents they produced."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import Response
from sqlalchemy import Connection

from commonground.analysis.governance.lookup import governance_sources
from commonground.analysis.governance.meetings import MeetingRecord, meeting_page, meeting_record
from commonground.analysis.paging import Read, Window
from commonground.api.deps import ConnDep
from commonground.api.envelopes import error_responses, record_model, record_response
from commonground.api.tabular import Cites, paged_table_route

router = APIRouter(tags=["governance"], responses=error_responses(404))


@paged_table_route(router, "/meetings", filename="meetings")
def meetings(conn: Connection, window: Window | None) -> tuple[Read, Cites]:
    """Every dated meeting held in the governance map"""
    return meeting_page(conn, window), governance_sources(conn)


@router.get(
    "/meetings/{meeting_id}",
    response_model=record_model(MeetingRecord),
    summary="A meeting with its host, chairs, participants and the documents it produced",
)
def meeting(meeting_id: str, conn: ConnDep) -> Response:
    return record_response(meeting_record(conn, meeting_id))
