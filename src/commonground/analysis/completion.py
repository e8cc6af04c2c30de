"""Completion: what share of what forums recommended, and of what was pledged, had been done
by a given date.

Recommendations count as completed from their completion date; pledges as fulfilled from
the date of an update reporting fulfilment that a moderator confirmed. Rates are given per
meeting and forum (recommendations), and per objective, country, organisation, kind,
meeting and forum (pledges); clusters say where commitments gather, and the objectives with
none are listed beside them. The meetings' forums and names and the objectives' titles come
from the evidence base; the records from the workspace.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import asdict, dataclass, make_dataclass
from datetime import date
from functools import reduce
from operator import or_
from typing import Annotated, Any, Literal

from pydantic import Field
from sqlalchemy import Connection, select

from commonground.analysis.declare import AsOfDay, Declared, Params, choices
from commonground.analysis.result import Analysis, Summary, share
from commonground.evidence.store.governance_tables import meetings
from commonground.evidence.store.tables import gcm_objectives
from commonground.workspace.followup_records import PublishedPledge
from commonground.workspace.pledges import FULFILLED, asked_day, pledge_rows
from commonground.workspace.recommendations import recommendation_rows

BY = ("meeting", "forum", "objective", "country", "organisation", "kind")
FOLLOW_UP_ORDER = ("completed", "in_progress", "open", "not_completed")


class CompletionSummary(Summary):
    """Completion of recommendations and pledges on one day, for a forum or meeting or all."""

    as_of: str
    forum: str | None
    meeting: str | None
    recommendations: int
    recommendations_completed: int
    recommendation_completion_rate: float | None
    """Completed recommendations per recommendation (null where there are none)."""
    pledges: int
    pledges_fulfilled: int
    """Pledges whose fulfilment a moderator confirmed by the day."""
    pledge_fulfilment_rate: float | None
    """Fulfilled pledges per pledge (null where there are none)."""
    objectives_without_commitments: list[int]
    """The GCM objectives no pledge or recommendation names."""


@dataclass(frozen=True)
class MeetingCompletion:
    """A meeting's recommendations by their follow-up status on the day."""

    meeting: str
    meeting_name: str
    forum: str | None
    recommendations: int
    completed: int
    in_progress: int
    open: int
    not_completed: int
    completion_rate: float | None


PLEDGE_COUNTS: list[tuple[str, Any]] = [
    ("pledges", int),
    ("fulfilled", int),
    ("in_progress", int),
    ("planned", int),
    ("dropped", int),
    ("fulfilment_rate", float | None),
    ("amount_usd", float),
]


def _pledge_group(by: str) -> type[Any]:
    """The row of the pledges table grouped by `by`: the group, in a column named after
    `by`, then its pledges by status and their USD amounts. One type per grouping, since
    the group's column is named after it."""
    return make_dataclass(
        f"PledgesBy{by.title()}",
        [(by, str), *PLEDGE_COUNTS],
        frozen=True,
        namespace={
            "__doc__": f"The pledges of one {by}, by status, with their USD amounts.",
            "__module__": __name__,
        },
    )


PLEDGE_GROUPS = {by: _pledge_group(by) for by in BY}


@dataclass(frozen=True)
class ObjectiveCommitments:
    """A GCM objective with the pledges and recommendations that name it."""

    objective: int
    title: str
    pledges: int
    recommendations: int


def _meetings(evidence: Connection) -> dict[str, tuple[str, str, int | None]]:
    query = select(meetings.c.id, meetings.c.forum, meetings.c.name, meetings.c.year)
    return {mid: (forum, name, year) for mid, forum, name, year in evidence.execute(query)}


def _objectives(evidence: Connection) -> dict[int, str]:
    query = select(gcm_objectives.c.number, gcm_objectives.c.title).order_by(
        gcm_objectives.c.number
    )
    return {int(n): str(t) for n, t in evidence.execute(query)}


def _keys(
    p: PublishedPledge, by: str, forum_of: dict[str, tuple[str, str, int | None]]
) -> list[str]:
    made_at = p.made_at
    if by == "meeting":
        return [made_at or "(on its own)"]
    if by == "forum":
        return [forum_of[made_at][0] if made_at in forum_of else made_at or "(on its own)"]
    if by == "objective":
        return [str(n) for n in p.objectives] or ["(none given)"]
    if by == "country":
        return sorted(p.places) or ["(none given)"]
    if by == "organisation":
        return [p.pledger.id, *p.partner_ids]
    return [p.kind or "(not stated)"]


def completion(
    evidence: Connection,
    workspace: Connection,
    *,
    as_of: date,
    today: date,
    forum: str | None = None,
    meeting: str | None = None,
    by: str = "objective",
) -> Analysis[CompletionSummary]:
    """Completion of recommendations and pledges as they stood on `as_of`."""
    forum_of = _meetings(evidence)
    titles = _objectives(evidence)

    def forum_id(meeting_id: str, given: str | None) -> str | None:
        return forum_of[meeting_id][0] if meeting_id in forum_of else given

    def held_after(meeting_id: str) -> bool:
        year = forum_of.get(meeting_id, ("", "", None))[2]
        return year is not None and year > as_of.year

    recs = [
        r
        for r in recommendation_rows(workspace, as_of)
        if (forum is None or forum_id(r.meeting, r.forum) == forum)
        and (meeting is None or r.meeting == meeting)
        and not held_after(r.meeting)
    ]
    per_meeting: dict[str, Counter[str]] = defaultdict(Counter)
    for r in recs:
        per_meeting[r.meeting][r.status] += 1
    rec_rows = [
        MeetingCompletion(
            meeting=mid,
            meeting_name=forum_of.get(mid, ("", "(not on the map yet)", None))[1],
            forum=forum_id(mid, None),
            recommendations=sum(counts.values()),
            completed=counts["completed"],
            in_progress=counts["in_progress"],
            open=counts["open"],
            not_completed=counts["not_completed"],
            completion_rate=share(counts["completed"], sum(counts.values())),
        )
        for mid, counts in sorted(per_meeting.items())
    ]
    pledged = [
        p
        for p in pledge_rows(workspace, today, as_of)
        if (forum is None or _keys(p, "forum", forum_of) == [forum])
        and (meeting is None or p.made_at == meeting)
    ]
    groups: dict[str, Counter[str]] = defaultdict(Counter)
    amounts: dict[str, float] = defaultdict(float)
    for p in pledged:
        for key in _keys(p, by, forum_of):
            groups[key][p.status] += 1
            if p.amount and p.currency == "USD":
                amounts[key] += p.usd
    group = PLEDGE_GROUPS[by]
    pledge_table = []
    for key, counts in sorted(groups.items(), key=lambda kv: (-sum(kv[1].values()), kv[0])):
        total = sum(counts.values())
        pledge_table.append(
            group(
                key,
                pledges=total,
                fulfilled=counts[FULFILLED],
                in_progress=counts["in_progress"],
                planned=counts["planned"],
                dropped=counts["dropped"],
                fulfilment_rate=share(counts[FULFILLED], total),
                amount_usd=amounts.get(key, 0.0),
            )
        )
    by_objective: Counter[int] = Counter()
    recs_by_objective: Counter[int] = Counter()
    for p in pledged:
        by_objective.update(p.objectives)
    for r in recs:
        recs_by_objective.update(r.objectives)
    clusters = [
        ObjectiveCommitments(
            objective=n,
            title=titles.get(n, ""),
            pledges=by_objective[n],
            recommendations=recs_by_objective[n],
        )
        for n in sorted(titles, key=lambda n: (-(by_objective[n] + recs_by_objective[n]), n))
    ]
    none = [row for row in clusters if row.pledges == 0 and row.recommendations == 0]
    completed = sum(1 for r in recs if r.status == "completed")
    fulfilled = sum(1 for p in pledged if p.status == FULFILLED)
    return Analysis(
        name="completion",
        summary=CompletionSummary(
            as_of=as_of.isoformat(),
            forum=forum,
            meeting=meeting,
            recommendations=len(recs),
            recommendations_completed=completed,
            recommendation_completion_rate=share(completed, len(recs)),
            pledges=len(pledged),
            pledges_fulfilled=fulfilled,
            pledge_fulfilment_rate=share(fulfilled, len(pledged)),
            objectives_without_commitments=[row.objective for row in none],
        ),
        tables={
            "recommendations": [asdict(row) for row in rec_rows],
            "pledges": [asdict(row) for row in pledge_table],
            "clusters": [asdict(row) for row in clusters if row not in none],
            "objectives_without": [asdict(row) for row in none],
        },
        method=[
            "Recommendations and commitments of forum meetings are read from the workspace;"
            " one counts as completed from the date its follow-up was completed.",
            "A pledge counts as fulfilled from the date of an update reporting fulfilment,"
            " once a moderator has confirmed it; pledges made after the date are left out.",
            f"Pledges are grouped by {by}; a pledge with several values (objectives,"
            " countries, pledger and partners) counts in each. Amounts add USD pledges only.",
            "Meetings and their forums, and the titles of the GCM objectives, come from the"
            " evidence base; a meeting it does not hold yet is counted under its own id."
            " Recommendations of meetings held after the date are left out.",
        ],
        sources=[],
        columns={
            "recommendations": [
                "meeting",
                "meeting_name",
                "forum",
                "recommendations",
                *FOLLOW_UP_ORDER,
                "completion_rate",
            ],
            "pledges": [
                by,
                "pledges",
                "fulfilled",
                "in_progress",
                "planned",
                "dropped",
                "fulfilment_rate",
                "amount_usd",
            ],
            "clusters": ["objective", "title", "pledges", "recommendations"],
            "objectives_without": ["objective", "title", "pledges", "recommendations"],
        },
    )


class CompletionParams(Params):
    forum: Annotated[str | None, Field(description="Only this forum's meetings, like gfmd")] = None
    meeting: Annotated[str | None, Field(description="Only this meeting, like gfmd-2008")] = None
    as_of: AsOfDay = None
    by: Annotated[
        Literal["meeting", "forum", "objective", "country", "organisation", "kind"],
        Field(description="How pledges are grouped: " + choices(BY)),
    ] = "objective"


def _run(
    evidence: Connection, workspace: Connection, p: CompletionParams, today: date
) -> Analysis[CompletionSummary]:
    as_of = asked_day(p.as_of) if p.as_of else today
    return completion(
        evidence, workspace, as_of=as_of, today=today, forum=p.forum, meeting=p.meeting, by=p.by
    )


DECLARED = Declared(
    name="completion",
    summary="Completion of forums' recommendations and of pledges, at any date",
    example="commonground analyse completion --forum gfmd --as-of 2010",
    params=CompletionParams,
    answers=CompletionSummary,
    rows={
        "recommendations": MeetingCompletion,
        "pledges": reduce(or_, PLEDGE_GROUPS.values()),
        "clusters": ObjectiveCommitments,
        "objectives_without": ObjectiveCommitments,
    },
    run_on_day=_run,
)
