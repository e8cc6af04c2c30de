"""Sources: every dataset behind the figures, the target of every citation link."""

from __future__ import annotations

from fastapi import Request
from fastapi.responses import HTMLResponse

from commonground.analysis.catalogue import list_sources
from commonground.api.deps import ConnDep
from commonground.web.routing import page_router
from commonground.web.templating import render

router = page_router()


@router.get("/sources", response_class=HTMLResponse)
def sources(request: Request, conn: ConnDep) -> HTMLResponse:
    return render(request, "sources.html", rows=list_sources(conn))
