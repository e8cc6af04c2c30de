"""The lists of follow-up in the pages: pledges (`/pledges`) and recommendations
(`/recommendations`, `/recommendations/{id}`), filtered as `GET /api/pledges` and
`GET /api/recommendations` filter, with every filter in the URL, a page of rows at a time and
the matching CSV a click away; and completion (`/completion`), the analysis behind
`GET /api/analysis/completion`.

The pages read the same analysis functions as the API (`analysis.follow_up`,
`analysis.completion`), so a page's count is the API's `total_rows`. "Today" for the flags
is the app's clock.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from typing import Annotated, Any, Literal

from fastapi import Query, Request
from fastapi.responses import HTMLResponse
from pydantic import BeforeValidator

from commonground.analysis import completion
from commonground.analysis.clock import today_of
from commonground.analysis.follow_up import (
    PledgeFilter,
    RecommendationFilter,
    follow_up_counts,
    pledge_page,
    recommendation,
    recommendation_list,
)
from commonground.analysis.paging import Window
from commonground.api.auth import WorkspaceRead
from commonground.api.deps import ConnDep
from commonground.domain.errors import shorten
from commonground.web.links import api_links, with_query
from commonground.web.routing import page_router
from commonground.web.templating import render
from commonground.web.workspace_pages import page
from commonground.workspace.followup_records import PublishedPledge, PublishedRecommendation
from commonground.workspace.pledges import FLAGS, KINDS_OF_PLEDGE, STATUSES, asked_day
from commonground.workspace.recommendations import FOLLOW_UP, KINDS_OF_RECOMMENDATION

router = page_router()
PER_PAGE = 50
DAY = re.compile(r"\d{4}(-\d{2}(-\d{2})?)?")


def _objective(value: object) -> int | None:
    """A GCM objective's number; a form sends its empty fields too, and an empty one is no
    filter."""
    text = str(value).strip() if value is not None else ""
    if not text:
        return None
    if not (text.isdigit() and 1 <= int(text) <= 23):
        raise ValueError(f"a GCM objective is a number from 1 to 23 (got {shorten(text, 20)!r})")
    return int(text)


def _day(value: object) -> str | None:
    """A day as YYYY, YYYY-MM or YYYY-MM-DD; empty is no filter."""
    text = str(value).strip() if value is not None else ""
    if not text:
        return None
    if not DAY.fullmatch(text):
        raise ValueError(f"a day is YYYY, YYYY-MM or YYYY-MM-DD (got {shorten(text, 20)!r})")
    return text


AsOf = Annotated[str | None, BeforeValidator(_day), Query(description="YYYY[-MM[-DD]]")]
Offset = Annotated[int, Query(ge=0, le=10_000_000, description="Rows to skip")]
Limit = Annotated[int, Query(ge=1, le=500, description="Rows per page")]
Objective = Annotated[
    int | None, BeforeValidator(_objective), Query(description="A GCM objective, 1 to 23")
]
Short = Annotated[str | None, Query(max_length=64)]
Filters = dict[str, str | int | None]
"""A list's filters as the URL and the form carry them (None: no filter)."""
FLAG_LABELS = {
    "overdue": "Overdue",
    "no_update_12m": "No update for 12 months",
    "inactive": "Inactive: no update for 24 months",
    "not_measurable": "Not measurable",
}
STATUS_LABELS = {
    "planned": "Planned",
    "in_progress": "In progress",
    "fulfilled": "Fulfilled",
    "dropped": "Dropped",
    "open": "Open",
    "completed": "Completed",
    "not_completed": "Not completed",
}


def _blank(value: str | None) -> str | None:
    """An empty form field is no filter."""
    return value.strip() or None if value is not None else None


@dataclass(frozen=True)
class Span:
    """Where a page of a list is (its first and last rows, counted from 1), and the links to
    the pages before and after it."""

    first: int
    last: int
    previous: str | None
    next: str | None


def _pages(path: str, filters: Filters, offset: int, limit: int, total: int) -> Span:
    """The span of this page, linking the pages around it with the same filters (and the
    page size when it is not the default)."""
    kept = {**filters, "limit": limit if limit != PER_PAGE else None}
    return Span(
        first=offset + 1 if total else 0,
        last=min(offset + limit, total),
        previous=with_query(path, **kept, offset=max(offset - limit, 0) or None)
        if offset
        else None,
        next=with_query(path, **kept, offset=offset + limit) if offset + limit < total else None,
    )


def _list_page(
    request: Request,
    path: str,
    api_route: str,
    shown: Sequence[PublishedPledge | PublishedRecommendation],
    total: int,
    filters: Filters,
    window: Window,
    **context: Any,
) -> HTMLResponse:
    """A list page (`path` names its template): the rows `shown` in `window` of the `total`
    that the filters keep, the filters as the form shows them, links to the pages around
    it, and the same rows as CSV from the API."""
    return page(
        request,
        path.strip("/") + ".html",
        with_form=False,
        rows=shown,
        total=total,
        filters=filters,
        filtered=any(v is not None for v in filters.values()),
        at=_pages(path, filters, window.offset, window.limit, total),
        status_labels=STATUS_LABELS,
        csv=api_links(request)(api_route, format="csv", **filters),
        **context,
    )


@router.get("/pledges", response_class=HTMLResponse)
def pledges_page(
    request: Request,
    workspace: WorkspaceRead,
    status: Annotated[str | None, Query(description=", ".join(STATUSES))] = None,
    flag: Annotated[str | None, Query(description=", ".join(FLAGS))] = None,
    objective: Objective = None,
    country: Annotated[str | None, Query(max_length=3, description="ISO3")] = None,
    kind: Annotated[str | None, Query(description=", ".join(KINDS_OF_PLEDGE))] = None,
    meeting: Short = None,
    organisation: Short = None,
    as_of: AsOf = None,
    offset: Offset = 0,
    limit: Limit = PER_PAGE,
) -> HTMLResponse:
    where = PledgeFilter(
        status=_blank(status),
        flag=_blank(flag),
        objective=objective,
        country=(_blank(country) or "").upper() or None,
        kind=_blank(kind),
        meeting=_blank(meeting),
        organisation=_blank(organisation),
    )
    as_of = _blank(as_of)
    filters: Filters = {**asdict(where), "as_of": as_of}
    today = today_of(request.app.state)
    day = asked_day(as_of) if as_of else None
    window = Window(limit, offset)
    shown, total = pledge_page(workspace, today, where, day, window)
    return _list_page(
        request,
        "/pledges",
        "list_pledges",
        shown,
        total,
        filters,
        window,
        today=(day or today).isoformat(),
        statuses=STATUSES,
        flags=FLAGS,
        kinds=KINDS_OF_PLEDGE,
        flag_labels=FLAG_LABELS,
    )


@router.get("/recommendations", response_class=HTMLResponse)
def recommendations_page(
    request: Request,
    workspace: WorkspaceRead,
    meeting: Short = None,
    forum: Short = None,
    status: Annotated[str | None, Query(description=", ".join(FOLLOW_UP))] = None,
    objective: Objective = None,
    kind: Annotated[str | None, Query(description=", ".join(KINDS_OF_RECOMMENDATION))] = None,
    addressee: Annotated[str | None, Query(max_length=200)] = None,
    as_of: AsOf = None,
    offset: Offset = 0,
    limit: Limit = PER_PAGE,
) -> HTMLResponse:
    where = RecommendationFilter(
        meeting=_blank(meeting),
        forum=_blank(forum),
        status=_blank(status),
        objective=objective,
        kind=_blank(kind),
        addressee=_blank(addressee),
    )
    as_of = _blank(as_of)
    filters: Filters = {**asdict(where), "as_of": as_of}
    day = asked_day(as_of) if as_of else None
    found = recommendation_list(workspace, where, day)  # every one: the counts by status
    return _list_page(
        request,
        "/recommendations",
        "list_recommendations",
        found[offset : offset + limit],
        len(found),
        filters,
        Window(limit, offset),
        counts=follow_up_counts(found),
        statuses=FOLLOW_UP,
        kinds=KINDS_OF_RECOMMENDATION,
    )


@router.get("/recommendations/{record_id}", response_class=HTMLResponse)
def recommendation_page(
    request: Request, conn: ConnDep, workspace: WorkspaceRead, record_id: int
) -> HTMLResponse:
    r = recommendation(conn, workspace, record_id)
    return page(request, "recommendation.html", with_form=False, r=r, status_labels=STATUS_LABELS)


@router.get("/completion", response_class=HTMLResponse)
def completion_page(
    request: Request,
    conn: ConnDep,
    workspace: WorkspaceRead,
    forum: Short = None,
    meeting: Short = None,
    as_of: AsOf = None,
    by: Annotated[
        Literal["meeting", "forum", "objective", "country", "organisation", "kind"],
        Query(description="How pledges are grouped"),
    ] = "objective",
) -> HTMLResponse:
    params: dict[str, Any] = {
        "forum": _blank(forum),
        "meeting": _blank(meeting),
        "as_of": _blank(as_of),
        "by": by,
    }
    result = completion.DECLARED(conn, workspace, today_of(request.app.state), **params)
    links = api_links(request)
    return render(
        request,
        "completion.html",
        r=result,
        s=result.summary,
        params=params,
        choices=completion.BY,
        api={
            table: links("analysis-completion", table=table, format="csv", **params)
            for table in result.tables
        },
        status_labels=STATUS_LABELS,
    )
