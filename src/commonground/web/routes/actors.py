"""Organisations: an index by kind, and one page per organisation with its roles over time.

States are actors too, but their record belongs to the country profile: /actors/MAR (or any
code or name of a state) leads there.
"""

from __future__ import annotations

from itertools import groupby

from fastapi import Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from commonground.analysis.governance.actors import actor_record, list_actors, resolve_actor
from commonground.analysis.governance.lookup import governance_sources
from commonground.api.deps import ConnDep
from commonground.web.links import api_links
from commonground.web.routing import page_router
from commonground.web.templating import render

router = page_router()


@router.get("/actors", response_class=HTMLResponse)
def actors(request: Request, conn: ConnDep) -> HTMLResponse:
    rows = sorted((r for r in list_actors(conn) if r.kind != "state"), key=lambda r: r.kind)
    kinds = [(k, list(g)) for k, g in groupby(rows, key=lambda r: r.kind)]
    return render(request, "actors.html", kinds=kinds, sources=governance_sources(conn))


@router.get("/actors/{actor_id}", response_class=HTMLResponse)
def actor(
    request: Request,
    conn: ConnDep,
    actor_id: str,
    as_of: int | None = Query(None, ge=1900, le=2100, description="Only roles held this year"),
) -> Response:
    actor_type, key = resolve_actor(conn, actor_id)
    if actor_type == "state":
        return RedirectResponse(f"/countries/{key}#governance", status_code=307)
    record = actor_record(conn, key, as_of)
    return render(
        request,
        "actor.html",
        r=record,
        a=record.actor,
        as_of=as_of,
        api=api_links(request)("actor", actor_id=key, as_of=as_of),
    )
