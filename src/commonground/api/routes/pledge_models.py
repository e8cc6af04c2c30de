"""The shapes of the follow-up routes' answers, so `/openapi.json` says what comes back and
schemathesis checks it: a pledge and a recommendation as table rows, a pledge with its
updates, status and flags."""

from __future__ import annotations

from pydantic import BaseModel, Field

from commonground.workspace.pledges import Pledge


class PledgeRow(BaseModel):
    """A pledge as one row of `GET /api/pledges` (lists joined with ;)."""

    id: int
    title: str
    pledger: str
    pledger_kind: str | None
    partners: str
    kind: str | None
    status: str = Field(description="planned, in_progress, fulfilled or dropped")
    fulfilment_pending: bool
    flags: str = Field(description="overdue, no_update_12m, inactive, not_measurable; with ;")
    objectives: str
    countries: str
    made_at: str | None
    made_on: str
    deadline: str | None
    metric: str | None
    target: str | None
    amount: float | None
    currency: str | None
    updates: int
    last_update: str | None
    source_url: str | None


class RecommendationRow(BaseModel):
    """A recommendation as one row of `GET /api/recommendations`."""

    id: int
    meeting: str
    forum: str | None
    kind: str
    status: str = Field(description="open, in_progress, completed or not_completed")
    completed_on: str | None
    text: str
    addressees: str
    objectives: str
    answered_by: str
    source_url: str | None


class PledgeAnswer(BaseModel):
    ok: bool = True
    pledge: Pledge


class UpdateAnswer(PledgeAnswer):
    number: int = Field(description="The number of the update just added")
