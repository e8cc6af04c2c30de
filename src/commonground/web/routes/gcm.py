"""The Global Compact for Migration: the 23 objectives and one page per objective."""

from __future__ import annotations

from fastapi import Path, Request
from fastapi.responses import HTMLResponse

from commonground.analysis.gcm import gcm_sources, objective, objectives
from commonground.api.deps import ConnDep
from commonground.web.routing import page_router
from commonground.web.templating import render

router = page_router()


@router.get("/gcm", response_class=HTMLResponse)
def gcm(request: Request, conn: ConnDep) -> HTMLResponse:
    return render(request, "gcm.html", rows=objectives(conn), sources=gcm_sources(conn))


@router.get("/gcm/objectives/{number}", response_class=HTMLResponse)
def gcm_objective(request: Request, conn: ConnDep, number: int = Path(ge=1, le=23)) -> HTMLResponse:
    return render(
        request,
        "gcm_objective.html",
        o=objective(conn, number),
        sources=gcm_sources(conn),
        previous=number - 1 if number > 1 else None,
        next=number + 1 if number < 23 else None,
    )
