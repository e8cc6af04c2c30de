"""Search: a results page that works without scripts; the box on every page enhances it."""

from __future__ import annotations

from fastapi import Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from commonground.analysis.search import search as search_all
from commonground.api.auth import WorkspaceRead
from commonground.api.deps import ConnDep
from commonground.web.routing import page_router
from commonground.web.templating import page_path, render

router = page_router()


@router.get("/search", response_class=HTMLResponse)
def search(
    request: Request,
    conn: ConnDep,
    workspace: WorkspaceRead,
    q: str = Query("", max_length=200),
    go: bool = Query(False, description="Open the best hit when it is an exact match"),
) -> Response:
    result = search_all(conn, q, limit=50, workspace=workspace)
    hits = result.hits
    if go and hits and hits[0].score >= 95:
        return RedirectResponse(page_path(hits[0].kind, hits[0].id), status_code=303)
    return render(request, "search.html", q=q, result=result)
