"""The follow-up sections every review report has: practices, pledges with their status and
flags, and recommendations with what answered them, from the published workspace records.

Counts cite the workspace (its state is in the report's stamp); each row names the public
source an imported record rests on, or the workspace record it is.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from sqlalchemy import Connection

from commonground.analysis.reports.model import WORKSPACE_SOURCE, Figure, Section, Table
from commonground.analysis.result import share
from commonground.workspace.answers import RecordData
from commonground.workspace.followup_records import PublishedPledge, PublishedRecommendation
from commonground.workspace.pledges import FULFILLED, IN_PROGRESS, pledge_rows, published
from commonground.workspace.recommendations import recommendation_rows

TEXT_SHOWN = 240
WS = [WORKSPACE_SOURCE]


@dataclass(frozen=True)
class ReportPractice:
    """A published practice as a report reads it: its GCM objectives (the primary first),
    the countries it names, the forum it came from and the source it rests on."""

    id: int
    title: str
    objectives: list[int]
    countries: list[str]
    forum: str | None
    source: str

    @classmethod
    def from_row(cls, record_id: int, data: RecordData) -> ReportPractice:
        held = data.get("gcm_objectives") or {}
        primary = held.get("primary")
        return cls(
            id=record_id,
            title=str(data.get("title")),
            objectives=[
                int(n) for n in ([primary] if primary else []) + (held.get("secondary") or [])
            ],
            countries=[str(c) for c in data.get("countries") or []],
            forum=(data.get("origin") or {}).get("forum"),
            source=str(data.get("source_url") or f"workspace record practice:{record_id}"),
        )


KeepPledge = Callable[[PublishedPledge], bool]
KeepRecommendation = Callable[[PublishedRecommendation], bool]
KeepPractice = Callable[[ReportPractice], bool]


def _source(record: PublishedPledge | PublishedRecommendation) -> str:
    return record.source_url or f"workspace record {record.ref}"


def _short(text: str) -> str:
    return text if len(text) <= TEXT_SHOWN else text[: TEXT_SHOWN - 1].rstrip() + "\u2026"


def pledges_section(workspace: Connection, today: date, keep: KeepPledge) -> Section:
    mine = [p for p in pledge_rows(workspace, today, today) if keep(p)]
    flagged = {
        flag: sum(1 for p in mine if flag in p.flags)
        for flag in ("overdue", "inactive", "not_measurable")
    }
    fulfilled = sum(1 for p in mine if p.status == FULFILLED)
    usd = sum(p.usd for p in mine if p.amount is not None and p.currency == "USD")
    return Section(
        id="pledges",
        title="Pledges, their status and flags",
        figures=[
            Figure(label="Pledges", value=len(mine), unit="pledges", sources=WS),
            Figure(label="Fulfilled (confirmed)", value=fulfilled, unit="pledges", sources=WS),
            Figure(
                label="Fulfilment rate",
                value=share(fulfilled, len(mine)),
                unit="share",
                sources=WS,
            ),
            Figure(
                label="In progress",
                value=sum(1 for p in mine if p.status == IN_PROGRESS),
                unit="pledges",
                sources=WS,
            ),
            Figure(label="Overdue", value=flagged["overdue"], unit="pledges", sources=WS),
            Figure(
                label="Inactive (no update for 24 months)",
                value=flagged["inactive"],
                unit="pledges",
                sources=WS,
            ),
            Figure(
                label="Not measurable (no metric or no deadline)",
                value=flagged["not_measurable"],
                unit="pledges",
                sources=WS,
            ),
            Figure(label="Amount pledged in US dollars", value=usd, unit="USD", sources=WS),
        ],
        table=Table(
            columns=["id", "title", "pledger", "status", "flags", "deadline", "source"],
            rows=[
                {
                    "id": p.id,
                    "title": p.title,
                    "pledger": p.pledger.name or p.pledger.id,
                    "status": p.status.replace("_", " "),
                    "flags": ", ".join(f.replace("_", " ") for f in p.flags) or "none",
                    "deadline": p.deadline,
                    "source": _source(p),
                }
                for p in mine
            ],
        ),
    )


def recommendations_section(
    workspace: Connection, today: date, keep: KeepRecommendation
) -> Section:
    mine = [r for r in recommendation_rows(workspace, today) if keep(r)]
    completed = sum(1 for r in mine if r.status == "completed")
    return Section(
        id="recommendations",
        title="Recommendations and what answered them",
        figures=[
            Figure(
                label="Recommendations and commitments",
                value=len(mine),
                unit="recommendations",
                sources=WS,
            ),
            Figure(label="Completed", value=completed, unit="recommendations", sources=WS),
            Figure(
                label="Completion rate", value=share(completed, len(mine)), unit="share", sources=WS
            ),
        ],
        table=Table(
            columns=["id", "meeting", "text", "status", "answered_by", "source"],
            rows=[
                {
                    "id": r.id,
                    "meeting": r.meeting,
                    "text": _short(r.text),
                    "status": r.status.replace("_", " "),
                    "answered_by": ", ".join(r.answered_by) or "nothing yet",
                    "source": _source(r),
                }
                for r in mine
            ],
        ),
    )


def practices_section(workspace: Connection, keep: KeepPractice) -> Section:
    every = [
        ReportPractice.from_row(rid, data) for rid, data in workspace.execute(published("practice"))
    ]
    mine = [p for p in every if keep(p)]
    return Section(
        id="practices",
        title="Practices",
        figures=[Figure(label="Practices", value=len(mine), unit="practices", sources=WS)],
        table=Table(
            columns=["id", "title", "objectives", "source"],
            rows=[
                {
                    "id": p.id,
                    "title": p.title,
                    "objectives": ", ".join(str(n) for n in p.objectives),
                    "source": p.source,
                }
                for p in mine
            ],
        ),
    )
