"""Forums and processes: an index by pillar and kind, and one page per forum as of a year.

The forum page puts together what the API serves separately: the governance record
(organs, members and other roles as of a year, meetings) and the representation analysis of
its members. The year lives in the address (`?as_of=2014`) so a view can be shared.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from itertools import groupby
from typing import TypeVar

from fastapi import Query, Request
from fastapi.responses import HTMLResponse
from sqlalchemy import Connection

from commonground.analysis.follow_up import (
    RecommendationFilter,
    counts_by_meeting,
    recommendation_list,
)
from commonground.analysis.governance.forums import forum_record, list_forums
from commonground.analysis.governance.lookup import governance_sources
from commonground.analysis.governance.meetings import meeting_summaries
from commonground.analysis.governance.records import NamedForum
from commonground.analysis.governance.roles import MEMBERSHIP
from commonground.analysis.representation import RepresentationSummary, representation
from commonground.analysis.result import Analysis
from commonground.api.auth import WorkspaceRead
from commonground.api.deps import ConnDep
from commonground.web.links import ApiLinks, api_links
from commonground.web.maps import Layer, LayerQuery, membership
from commonground.web.routing import page_router
from commonground.web.templating import render

router = page_router()
MISSING_SHOWN = 10
K = TypeVar("K")


@router.get("/forums", response_class=HTMLResponse)
def forums(request: Request, conn: ConnDep) -> HTMLResponse:
    rows = list_forums(conn)
    organs: dict[str, list[NamedForum]] = {}
    for r in rows:
        if r.parent:
            organs.setdefault(r.parent, []).append(r)
    top = sorted(_top_level(rows), key=lambda r: (r.pillar, r.kind))
    pillars = [
        (number, group[0].pillar_name, _by_kind(group))
        for number, group in _grouped(top, lambda r: r.pillar)
    ]
    return render(
        request,
        "forums.html",
        pillars=pillars,
        organs=organs,
        total=len(rows),
        sources=governance_sources(conn),
    )


def _top_level(rows: list[NamedForum]) -> list[NamedForum]:
    return [r for r in rows if not r.parent]


def _grouped(
    rows: list[NamedForum], key: Callable[[NamedForum], K]
) -> list[tuple[K, list[NamedForum]]]:
    return [(k, list(g)) for k, g in groupby(rows, key=key)]


def _by_kind(rows: list[NamedForum]) -> list[tuple[str, list[NamedForum]]]:
    return _grouped(sorted(rows, key=lambda r: (r.kind, r.source_row)), lambda r: r.kind)


def _representation(
    conn: Connection, forum_id: str, year: int | None
) -> Analysis[RepresentationSummary] | None:
    """Who is in the room: the representation analysis of the members, when any are held."""
    result = representation(conn, [f"forum:{forum_id}"], as_of=year, top=MISSING_SHOWN)
    return result if result.summary.states else None


def _member_layer(conn: Connection, links: ApiLinks, forum_id: str, year: int | None) -> Layer:
    """The membership map layer; its notes are already at the top of the page."""
    return replace(membership(conn, LayerQuery(forum=forum_id, as_of=year), links), note=None)


@router.get("/forums/{forum_id}", response_class=HTMLResponse)
def forum(
    request: Request,
    conn: ConnDep,
    workspace: WorkspaceRead,
    forum_id: str,
    as_of: int | None = Query(None, ge=1900, le=2100, description="Members as of this year"),
) -> HTMLResponse:
    everything = forum_record(conn, forum_id, None)
    record = everything if as_of is None else forum_record(conn, forum_id, as_of)
    fid = record.forum.id
    has_members = any(r.role in MEMBERSHIP for r in everything.roles)
    listed = sorted({r.as_of for r in everything.roles if r.basis == "listed" and r.as_of})
    dated = sorted({y for r in everything.roles for y in (r.from_year, r.to_year) if y is not None})
    room = _representation(conn, fid, as_of) if has_members else None
    links = api_links(request)
    api_room = links("analysis-representation", forum=fid, as_of=as_of, top=MISSING_SHOWN)
    return render(
        request,
        "forum.html",
        r=record,
        f=record.forum,
        as_of=as_of,
        others=[x for x in record.roles if x.role not in MEMBERSHIP],
        listed_years=listed,
        dated_years=dated,
        layer=_member_layer(conn, links, fid, as_of) if has_members else None,
        meetings=meeting_summaries(conn, fid),
        follow_up=counts_by_meeting(
            recommendation_list(workspace, RecommendationFilter(forum=fid))
        ),
        room=room,
        api_members=links("forum_members", forum_id=fid, as_of=as_of, limit=1000),
        api_room=api_room,
        api_forum=links("forum", forum_id=fid, as_of=as_of),
    )
