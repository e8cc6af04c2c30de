"""The lists of follow-up: published pledges with their status and flags, and the
recommendations of forum meetings with what answered them, filtered.

`GET /api/pledges`, `GET /api/recommendations` and the pages `/pledges`, `/recommendations`,
`/recommendations/{id}` and the meeting pages all read these functions, so a page and the
API's CSV list the same records with the same counts. A pledge's status and flags are those
of `workspace.pledges` for the day asked; a recommendation's status is its follow-up status on
that day (completed only from its completion date).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date

from pydantic import BaseModel, Field
from sqlalchemy import Connection, select

from commonground.analysis.paging import Window, read_page
from commonground.analysis.result import share
from commonground.domain.errors import NotFound
from commonground.evidence.store.governance_tables import meetings
from commonground.workspace import pledge_sql, pledges
from commonground.workspace.answers import Held
from commonground.workspace.errors import Invalid
from commonground.workspace.followup_records import PublishedPledge, PublishedRecommendation
from commonground.workspace.pledges import PLEDGE_KIND, PledgeFilter, published
from commonground.workspace.recommendations import (
    FOLLOW_UP,
    KINDS_OF_RECOMMENDATION,
    recommendation_rows,
)

__all__ = [
    "PLEDGE_COLUMNS",
    "REC_COLUMNS",
    "AnswerLink",
    "FollowUpCounts",
    "PledgeFilter",
    "PledgeRow",
    "RecommendationFilter",
    "RecommendationRow",
    "RecommendationShown",
    "counts_by_meeting",
    "follow_up_counts",
    "pledge_list",
    "pledge_page",
    "pledge_row",
    "recommendation",
    "recommendation_list",
    "recommendation_row",
]


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


PLEDGE_COLUMNS = list(PledgeRow.model_fields)
REC_COLUMNS = list(RecommendationRow.model_fields)


def pledge_list(
    workspace: Connection, today: date, where: PledgeFilter, as_of: date | None = None
) -> list[PublishedPledge]:
    """The published pledges that `where` keeps, with status and flags on `as_of` (or today)."""
    return pledges.find(workspace, today, where, as_of)


def pledge_page(
    workspace: Connection,
    today: date,
    where: PledgeFilter,
    as_of: date | None,
    window: Window | None,
) -> tuple[list[PublishedPledge], int]:
    """The pledges of `pledge_list` in `window` (every one if None), and how many it keeps.

    The filters, status and flags included, run in SQL (`workspace.pledge_sql`), as do the
    window and the count; only the page's pledges have their status and flags computed."""
    query = pledge_sql.filtered(workspace, where, as_of or today, as_of)
    read = read_page(workspace, query, window)
    return pledges.described(workspace, read.rows, today, as_of), read.total_rows


def pledge_row(p: PublishedPledge) -> PledgeRow:
    """A pledge as one row of a table (lists joined with ;)."""
    return PledgeRow(
        id=p.id,
        title=p.title,
        pledger=p.pledger.name or p.pledger.id,
        pledger_kind=p.pledger.kind,
        partners="; ".join([o.name or o.id for o in p.partners] + p.partners_named),
        kind=p.kind,
        status=p.status,
        fulfilment_pending=p.fulfilment_pending,
        flags="; ".join(p.flags),
        objectives="; ".join(str(n) for n in p.objectives),
        countries="; ".join(p.countries),
        made_at=p.made_at,
        made_on=p.made_on,
        deadline=p.deadline,
        metric=p.metric,
        target=p.target,
        amount=p.amount,
        currency=p.currency,
        updates=len(p.updates),
        last_update=p.last_update,
        source_url=p.source_url,
    )


@dataclass(frozen=True)
class RecommendationFilter:
    """Which recommendations a list keeps; `addressee` matches part of an addressee's name,
    in any case ("member states" keeps those addressed to "Member States")."""

    meeting: str | None = None
    forum: str | None = None
    status: str | None = None
    objective: int | None = None
    kind: str | None = None
    addressee: str | None = None

    def check(self) -> None:
        if self.status is not None and self.status not in FOLLOW_UP:
            raise Invalid(f"status is one of {', '.join(FOLLOW_UP)}", "status")
        if self.kind is not None and self.kind not in KINDS_OF_RECOMMENDATION:
            raise Invalid(f"kind is one of {', '.join(KINDS_OF_RECOMMENDATION)}", "kind")

    def keep(self, r: PublishedRecommendation) -> bool:
        named = [a.casefold() for a in r.addressees]
        return (
            (self.meeting is None or r.meeting == self.meeting)
            and (self.forum is None or r.forum == self.forum)
            and (self.status is None or r.status == self.status)
            and (self.objective is None or self.objective in r.objectives)
            and (self.kind is None or r.kind == self.kind)
            and (self.addressee is None or any(self.addressee.casefold() in a for a in named))
        )


def recommendation_list(
    workspace: Connection, where: RecommendationFilter, as_of: date | None = None
) -> list[PublishedRecommendation]:
    """The published recommendations that `where` keeps, in meeting order, with their
    follow-up status on `as_of` (default: now)."""
    where.check()
    rows = [r for r in recommendation_rows(workspace, as_of) if where.keep(r)]
    return sorted(rows, key=lambda r: (r.meeting, _paragraph(r.paragraph), r.id))


def _paragraph(text: str) -> tuple[int, str]:
    digits = "".join(ch for ch in text if ch.isdigit())
    return (int(digits) if digits else 10**6, text)


def recommendation_row(r: PublishedRecommendation) -> RecommendationRow:
    """A recommendation as one row of a table (lists joined with ;)."""
    return RecommendationRow(
        id=r.id,
        meeting=r.meeting,
        forum=r.forum,
        kind=r.kind,
        status=r.status,
        completed_on=r.completed_on,
        text=r.text,
        addressees="; ".join(r.addressees),
        objectives="; ".join(str(n) for n in r.objectives),
        answered_by="; ".join(r.answered_by),
        source_url=r.source_url,
    )


@dataclass(frozen=True)
class FollowUpCounts:
    """How many recommendations are in each follow-up status, and the share completed."""

    total: int
    by_status: dict[str, int]
    completion_rate: float | None


def follow_up_counts(rows: list[PublishedRecommendation]) -> FollowUpCounts:
    """How many of `rows` are in each follow-up status, and the share completed."""
    counts = Counter(r.status for r in rows)
    return FollowUpCounts(
        total=len(rows),
        by_status={status: counts[status] for status in FOLLOW_UP},
        completion_rate=share(counts["completed"], len(rows)),
    )


def counts_by_meeting(rows: list[PublishedRecommendation]) -> dict[str, FollowUpCounts]:
    """`follow_up_counts` for each meeting the rows come from."""
    grouped: dict[str, list[PublishedRecommendation]] = {}
    for r in rows:
        grouped.setdefault(r.meeting, []).append(r)
    return {meeting: follow_up_counts(mine) for meeting, mine in grouped.items()}


def _meeting_names(evidence: Connection, ids: set[str]) -> dict[str, tuple[str, str]]:
    query = select(meetings.c.id, meetings.c.name, meetings.c.forum).where(meetings.c.id.in_(ids))
    return {str(i): (str(name), str(forum)) for i, name, forum in evidence.execute(query)}


class AnswerLink(Held):
    """What answered a recommendation: a pledge, a practice or a later meeting, with its
    title where it is held (else its key)."""

    kind: str
    key: str
    label: str
    held: bool


class RecommendationShown(PublishedRecommendation):
    """A recommendation as its page shows it: its meeting named from the evidence base (its
    forum too, where the record names none) and what answered it."""

    meeting_name: str | None
    meeting_on_map: bool
    answers: list[AnswerLink]


def recommendation(
    evidence: Connection, workspace: Connection, record_id: int, as_of: date | None = None
) -> RecommendationShown:
    """One published recommendation with its meeting (named from the evidence base) and what
    answered it: each pledge, practice or later meeting with its title where it is held."""
    found = next((r for r in recommendation_rows(workspace, as_of) if r.id == record_id), None)
    if found is None:
        raise NotFound(f"No published recommendation has the id {record_id}.")
    answers = [a.partition(":") for a in found.answered_by]
    meeting_ids = {found.meeting} | {key for kind, _, key in answers if kind == "meeting"}
    names = _meeting_names(evidence, meeting_ids)
    pledge_ids = {int(key) for kind, _, key in answers if kind == PLEDGE_KIND}
    titles = {
        int(row.id): str(dict(row.data).get("title", ""))
        for row in workspace.execute(published(PLEDGE_KIND))
        if int(row.id) in pledge_ids
    }
    answered = []
    for kind, _, key in answers:
        if kind == PLEDGE_KIND:
            label = titles.get(int(key))
        elif kind == "meeting":
            label = names.get(key, (None, None))[0]
        else:  # a practice: its page finds it by its key
            label = key
        answered.append(AnswerLink(kind=kind, key=key, label=label or key, held=label is not None))
    meeting_name, meeting_forum = names.get(found.meeting, (None, None))
    return RecommendationShown(
        **{**dict(found), "forum": found.forum or meeting_forum},
        meeting_name=meeting_name,
        meeting_on_map=meeting_name is not None,
        answers=answered,
    )
