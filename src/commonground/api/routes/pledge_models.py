"""The shapes of the follow-up routes' answers, so `/openapi.json` says what comes back and
schemathesis checks it: a pledge and a recommendation as table rows, a pledge with its
updates, status and flags."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field


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


class UpdateOut(BaseModel):
    number: int
    date: str
    status: str
    narrative: str
    value: str | None
    evidence: list[Any]
    confirmation: str | None = Field(description="confirmed, declined, or null (awaiting)")
    counts: bool = Field(description="False for a fulfilment not (yet) confirmed")
    created_at: str


class PledgeOut(BaseModel):
    """A pledge record (its published version, and the versions the viewer may see) with
    its updates, status, flags and the pledges that match it."""

    model_config = ConfigDict(extra="allow")

    id: int
    kind: str
    ref: str
    organisation_id: str
    title: str
    state: str
    published: dict[str, Any] | None
    versions: list[dict[str, Any]]
    status: str
    fulfilment_pending: bool
    flags: list[str]
    updates: list[UpdateOut]
    matched_by: list[int]


class PledgeAnswer(BaseModel):
    ok: bool = True
    pledge: PledgeOut


class UpdateAnswer(PledgeAnswer):
    number: int = Field(description="The number of the update just added")
