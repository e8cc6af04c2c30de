"""One page per meeting: when and where, who hosted and chaired, who took part, and sources."""

from __future__ import annotations

from fastapi import Request
from fastapi.responses import HTMLResponse

from commonground.analysis.governance.meetings import meeting_record
from commonground.api.deps import ConnDep
from commonground.web.routing import page_router
from commonground.web.templating import render

router = page_router()


@router.get("/meetings/{meeting_id}", response_class=HTMLResponse)
def meeting(request: Request, conn: ConnDep, meeting_id: str) -> HTMLResponse:
    record = meeting_record(conn, meeting_id)
    return render(request, "meeting.html", r=record, m=record.meeting)
