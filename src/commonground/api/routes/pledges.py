"""Pledges and their updates (`/api/pledges`), recommendations (`/api/recommendations`).

A pledge is written, submitted and reviewed through the record routes
(`POST /api/records/pledge`, ...); these routes list and filter the published ones with
their status and flags, show one with its updates, and take the pledger's updates and a
moderator's confirmation of fulfilment. Flags are computed for today by the app's clock
(`app.state.clock`), or for `as_of`.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import Response
from pydantic import BaseModel, ConfigDict, Field

from commonground.analysis.follow_up import (
    PLEDGE_COLUMNS,
    REC_COLUMNS,
    PledgeFilter,
    PledgeRow,
    RecommendationFilter,
    RecommendationRow,
    pledge_page,
    pledge_row,
    recommendation_list,
    recommendation_row,
)
from commonground.analysis.paging import Window
from commonground.api.auth import Viewer, Workspace, WorkspaceRead, requires
from commonground.api.deps import Today
from commonground.api.envelopes import TABULAR_RESPONSES, TablePage
from commonground.api.routes.pledge_models import PledgeAnswer, UpdateAnswer
from commonground.api.tabular import Page, tabular
from commonground.workspace import pledges
from commonground.workspace.audit import Actor
from commonground.workspace.errors import Invalid
from commonground.workspace.permissions import Action
from commonground.workspace.recommendations import FOLLOW_UP, KINDS_OF_RECOMMENDATION
from commonground.workspace.store import writing

router = APIRouter(tags=["follow-up"])
Writer = Annotated[Actor, Depends(requires(Action.write))]
Moderator = Annotated[Actor, Depends(requires(Action.moderate))]


def parse_day(text: str | None, name: str = "as_of") -> date | None:
    if text is None:
        return None
    try:
        return pledges.day(text, end=True)
    except (ValueError, TypeError):
        raise Invalid(f"{name}: a date is expected, as YYYY, YYYY-MM or YYYY-MM-DD", name) from None


AsOf = Annotated[
    str | None,
    Query(
        pattern=r"^\d{4}(-\d{2}(-\d{2})?)?$",
        description="As the record stood at the end of this day, month or year",
    ),
]


@router.get(
    "/pledges",
    response_model=TablePage[PledgeRow],
    responses=TABULAR_RESPONSES,
    summary="Published pledges with status and flags; filters; CSV",
)
def list_pledges(
    request: Request,
    conn: WorkspaceRead,
    now: Today,
    page: Annotated[Page, Depends()],
    status: Annotated[str | None, Query(description=", ".join(pledges.STATUSES))] = None,
    flag: Annotated[str | None, Query(description=", ".join(pledges.FLAGS))] = None,
    objective: Annotated[int | None, Query(ge=1, le=23)] = None,
    country: Annotated[str | None, Query(max_length=3, description="ISO3")] = None,
    kind: Annotated[str | None, Query(description=", ".join(pledges.KINDS_OF_PLEDGE))] = None,
    meeting: Annotated[str | None, Query(max_length=64)] = None,
    organisation: Annotated[str | None, Query(max_length=64)] = None,
    as_of: AsOf = None,
) -> Response:
    where = PledgeFilter(
        status, flag, objective, country.upper() if country else None, kind, meeting, organisation
    )
    window = Window(page.limit, page.offset) if page.paged else None
    found, total = pledge_page(conn, now, where, parse_day(as_of), window)
    return tabular(
        request,
        page,
        [pledge_row(p).model_dump() for p in found],
        columns=PLEDGE_COLUMNS,
        meta={"today": now.isoformat(), "as_of": as_of, "flags": list(pledges.FLAGS)},
        filename="pledges",
        total_rows=total,
    )


@router.get(
    "/pledges/{record_id}",
    response_model=PledgeAnswer,
    response_model_exclude_unset=True,  # `reviews` only for insiders
    summary="A pledge with its updates, status and flags",
)
def get_pledge(record_id: int, viewer: Viewer, conn: WorkspaceRead, now: Today) -> PledgeAnswer:
    return PledgeAnswer(ok=True, pledge=pledges.get(conn, record_id, viewer, now))


class UpdateIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    date: str = Field(max_length=10)
    status: str = Field(max_length=16)
    narrative: str = Field(max_length=5000)
    value: str | None = Field(None, max_length=200)
    evidence: list[str] = Field(default_factory=list, max_length=20)


class ConfirmIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    decision: str = Field("confirmed", max_length=16)
    note: str = Field("", max_length=2000)


@router.post(
    "/pledges/{record_id}/updates",
    status_code=201,
    response_model=UpdateAnswer,
    response_model_exclude_unset=True,  # `reviews` only for insiders
    summary="A dated progress update by the pledger (never rewrites an earlier one)",
)
def add_update(
    record_id: int, body: UpdateIn, actor: Writer, engine: Workspace, now: Today
) -> UpdateAnswer:
    with writing(engine) as conn:
        number = pledges.add_update(conn, actor, record_id, body.model_dump(), now)
        pledge = pledges.get(conn, record_id, actor, now)
        return UpdateAnswer(ok=True, number=number, pledge=pledge)


@router.post(
    "/pledges/{record_id}/updates/{number}/confirm",
    response_model=PledgeAnswer,
    response_model_exclude_unset=True,  # `reviews` only for insiders
    summary="Confirm (or decline) a reported fulfilment (moderators)",
)
def confirm(
    record_id: int, number: int, body: ConfirmIn, actor: Moderator, engine: Workspace, now: Today
) -> PledgeAnswer:
    with writing(engine) as conn:
        pledges.confirm(conn, actor, record_id, number, body.decision, body.note)
        return PledgeAnswer(ok=True, pledge=pledges.get(conn, record_id, actor, now))


@router.get(
    "/recommendations",
    response_model=TablePage[RecommendationRow],
    responses=TABULAR_RESPONSES,
    summary="Recommendations and commitments of forum meetings, with what answered them",
)
def list_recommendations(
    request: Request,
    conn: WorkspaceRead,
    page: Annotated[Page, Depends()],
    meeting: Annotated[str | None, Query(max_length=64)] = None,
    forum: Annotated[str | None, Query(max_length=64)] = None,
    status: Annotated[str | None, Query(description=", ".join(FOLLOW_UP))] = None,
    objective: Annotated[int | None, Query(ge=1, le=23)] = None,
    kind: Annotated[str | None, Query(description=", ".join(KINDS_OF_RECOMMENDATION))] = None,
    addressee: Annotated[
        str | None, Query(max_length=200, description="Part of an addressee's name, any case")
    ] = None,
    as_of: AsOf = None,
) -> Response:
    where = RecommendationFilter(meeting, forum, status, objective, kind, addressee)
    found = recommendation_list(conn, where, parse_day(as_of))
    rows = [recommendation_row(r).model_dump() for r in found]
    return tabular(
        request, page, rows, columns=REC_COLUMNS, meta={"as_of": as_of}, filename="recommendations"
    )
