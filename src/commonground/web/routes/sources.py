"""Sources: every dataset behind the figures, the target of every citation link."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from commonground.analysis.catalogue import list_sources
from commonground.api.deps import ConnDep
from commonground.web.templating import render

router = APIRouter(include_in_schema=False)


@router.get("/sources", response_class=HTMLResponse)
def sources(request: Request, conn: ConnDep) -> HTMLResponse:
    return render(request, "sources.html", rows=list_sources(conn))
