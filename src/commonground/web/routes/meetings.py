"""One page per meeting: when and where, who hosted and chaired, who took part, sources, and
what it recommended with the follow-up of each (`analysis.follow_up`)."""

from __future__ import annotations

from fastapi import Request
from fastapi.responses import HTMLResponse

from commonground.analysis.follow_up import (
    RecommendationFilter,
    follow_up_counts,
    recommendation_list,
)
from commonground.analysis.governance.meetings import meeting_record
from commonground.api.auth import WorkspaceRead
from commonground.api.deps import ConnDep
from commonground.web.routing import page_router
from commonground.web.templating import render

router = page_router()


@router.get("/meetings/{meeting_id}", response_class=HTMLResponse)
def meeting(
    request: Request, conn: ConnDep, workspace: WorkspaceRead, meeting_id: str
) -> HTMLResponse:
    record = meeting_record(conn, meeting_id)
    recs = recommendation_list(workspace, RecommendationFilter(meeting=record.meeting.id))
    return render(
        request,
        "meeting.html",
        r=record,
        m=record.meeting,
        recommendations=recs,
        follow_up=follow_up_counts(recs),
    )
