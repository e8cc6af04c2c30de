"""Meetings: date, place, host, chairs, participants and the documents they produced."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response

from commonground.analysis.governance.lookup import governance_sources
from commonground.analysis.governance.meetings import list_meetings, meeting_record
from commonground.api.deps import ConnDep
from commonground.api.envelopes import Record, Row, TablePage, error_responses, table_responses
from commonground.api.tabular import Page, tabular

router = APIRouter(tags=["governance"], responses=error_responses(404))


@router.get(
    "/meetings",
    response_model=TablePage[Row],
    responses=table_responses(),
    summary="Every dated meeting held in the governance map",
)
def meetings(request: Request, conn: ConnDep, page: Page = Depends()) -> Response:
    return tabular(
        request, page, list_meetings(conn), sources=governance_sources(conn), filename="meetings"
    )


@router.get(
    "/meetings/{meeting_id}",
    response_model=Record[dict[str, Any]],
    summary="A meeting with its host, chairs, participants and the documents it produced",
)
def meeting(meeting_id: str, conn: ConnDep) -> dict[str, Any]:
    record = meeting_record(conn, meeting_id)
    sources = record.pop("sources")
    return {"ok": True, "data": record, "sources": sources}
