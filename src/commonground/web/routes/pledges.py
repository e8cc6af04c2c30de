"""The pledge dashboard (`/pledges/dashboard`): counts and amounts by objective, region, kind
of pledger, status and flag, over time; each chart has its table a click away and a CSV."""

from __future__ import annotations

from typing import Annotated

from fastapi import Query, Request
from fastapi.responses import HTMLResponse

from commonground.analysis.clock import today_of
from commonground.analysis.pledge_dashboard import DECLARED
from commonground.api.auth import WorkspaceRead
from commonground.api.deps import ConnDep
from commonground.web.links import api_links
from commonground.web.routing import page_router
from commonground.web.templating import render

router = page_router()


@router.get("/pledges/dashboard", response_class=HTMLResponse)
def dashboard(
    request: Request,
    conn: ConnDep,
    workspace: WorkspaceRead,
    as_of: Annotated[
        str | None, Query(pattern=r"^\d{4}(-\d{2}(-\d{2})?)?$", description="YYYY[-MM[-DD]]")
    ] = None,
) -> HTMLResponse:
    result = DECLARED(conn, workspace, today_of(request.app.state), as_of=as_of)
    links = api_links(request)
    return render(
        request,
        "pledge_dashboard.html",
        r=result,
        s=result.summary,
        api=links("analysis-pledge-dashboard", as_of=as_of),
        all_pledges=links("list_pledges", format="csv"),
        as_of=as_of,
    )
