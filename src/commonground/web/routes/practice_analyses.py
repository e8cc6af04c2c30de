"""Partner finding (`/partners`) and the practice gaps (`/practice-gaps`) as pages: the same
declared analyses the API's /api/analysis/partners and /api/analysis/practice-gaps run, with
each table's CSV a click away."""

from __future__ import annotations

from typing import Annotated

from fastapi import Query, Request
from fastapi.responses import HTMLResponse

from commonground.analysis.practices import (
    GAPS,
    PARTNERS,
    GapsParams,
    PartnersParams,
    practice_vocabulary,
)
from commonground.api.auth import WorkspaceRead
from commonground.api.deps import ConnDep
from commonground.web.links import api_links
from commonground.web.routing import page_router
from commonground.web.templating import render

router = page_router()


@router.get("/partners", response_class=HTMLResponse)
def partners_page(
    request: Request,
    conn: ConnDep,
    workspace: WorkspaceRead,
    objective: Annotated[list[int], Query(description="GCM objective numbers")] = [],  # noqa: B006
    country: Annotated[str | None, Query(pattern=r"^[A-Z]{3}$")] = None,
    corridor: Annotated[str | None, Query(pattern=r"^[A-Z]{3}-[A-Z]{3}$")] = None,
) -> HTMLResponse:
    asked = {"objective": objective, "country": country, "corridor": corridor}
    result = None
    if objective or country or corridor:
        result = PARTNERS.execute(conn, PartnersParams(**asked), workspace)
    vocab = practice_vocabulary(conn)
    return render(
        request,
        "partners.html",
        r=result,
        asked=asked,
        objectives=vocab.objectives,
        api=api_links(request)("analysis-partners", **asked),
    )


@router.get("/practice-gaps", response_class=HTMLResponse)
def gaps_page(
    request: Request,
    conn: ConnDep,
    workspace: WorkspaceRead,
    top: Annotated[int, Query(ge=1, le=500)] = 20,
) -> HTMLResponse:
    result = GAPS.execute(conn, GapsParams(top=top), workspace)
    links = api_links(request)
    return render(
        request,
        "practice_gaps.html",
        r=result,
        s=result.summary,
        api={name: links("analysis-practice-gaps", table=name, top=top) for name in result.tables},
    )
