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
from typing import Any

from sqlalchemy import Connection, select

from commonground.analysis.paging import Window, read_page
from commonground.analysis.result import share
from commonground.domain.errors import NotFound
from commonground.evidence.store.governance_tables import meetings
from commonground.workspace import pledge_sql, pledges
from commonground.workspace.errors import Invalid
from commonground.workspace.pledges import PLEDGE_KIND, PledgeFilter, published
from commonground.workspace.recommendations import (
    FOLLOW_UP,
    KINDS_OF_RECOMMENDATION,
    recommendation_rows,
)

__all__ = [
    "PLEDGE_COLUMNS",
    "REC_COLUMNS",
    "PledgeFilter",
    "RecommendationFilter",
    "counts_by_meeting",
    "follow_up_counts",
    "pledge_list",
    "pledge_page",
    "pledge_row",
    "recommendation",
    "recommendation_list",
    "recommendation_row",
]

PLEDGE_COLUMNS = [
    "id",
    "title",
    "pledger",
    "pledger_kind",
    "partners",
    "kind",
    "status",
    "fulfilment_pending",
    "flags",
    "objectives",
    "countries",
    "made_at",
    "made_on",
    "deadline",
    "metric",
    "target",
    "amount",
    "currency",
    "updates",
    "last_update",
    "source_url",
]
REC_COLUMNS = [
    "id",
    "meeting",
    "forum",
    "kind",
    "status",
    "completed_on",
    "text",
    "addressees",
    "objectives",
    "answered_by",
    "source_url",
]


def pledge_list(
    workspace: Connection, today: date, where: PledgeFilter, as_of: date | None = None
) -> list[dict[str, Any]]:
    """The published pledges that `where` keeps, with status and flags on `as_of` (or today)."""
    return pledges.find(workspace, today, where, as_of)


def pledge_page(
    workspace: Connection,
    today: date,
    where: PledgeFilter,
    as_of: date | None,
    window: Window | None,
) -> tuple[list[dict[str, Any]], int]:
    """The pledges of `pledge_list` in `window` (every one if None), and how many it keeps.

    The filters, status and flags included, run in SQL (`workspace.pledge_sql`), as do the
    window and the count; only the page's pledges have their status and flags computed."""
    query = pledge_sql.filtered(workspace, where, as_of or today, as_of)
    read = read_page(workspace, query, window)
    return pledges.described(workspace, read.rows, today, as_of), read.total_rows


def pledge_row(p: dict[str, Any]) -> dict[str, Any]:
    """A pledge as one row of a table (lists joined with ;)."""
    data = p["data"]
    source = data.get("source") or {}
    return {
        "id": p["id"],
        "title": p["title"],
        "pledger": p["pledger"].get("name", p["pledger"]["id"]),
        "pledger_kind": p["pledger"].get("kind"),
        "partners": "; ".join(
            [str(o.get("name", o["id"])) for o in p["partners"]] + data.get("partners_named", [])
        ),
        "kind": data.get("kind"),
        "status": p["status"],
        "fulfilment_pending": p["fulfilment_pending"],
        "flags": "; ".join(p["flags"]),
        "objectives": "; ".join(str(n) for n in data.get("objectives") or []),
        "countries": "; ".join(data.get("countries") or []),
        "made_at": data.get("made_at"),
        "made_on": p["made_on"],
        "deadline": data.get("deadline"),
        "metric": data.get("metric"),
        "target": data.get("target"),
        "amount": data.get("amount"),
        "currency": data.get("currency"),
        "updates": len(p["updates"]),
        "last_update": p["last_update"],
        "source_url": source.get("url"),
    }


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

    def keep(self, r: dict[str, Any]) -> bool:
        data = r["data"]
        named = [str(a).casefold() for a in data.get("addressees") or []]
        return (
            (self.meeting is None or r["meeting"] == self.meeting)
            and (self.forum is None or r["forum"] == self.forum)
            and (self.status is None or r["status"] == self.status)
            and (self.objective is None or self.objective in (data.get("objectives") or []))
            and (self.kind is None or r["kind"] == self.kind)
            and (self.addressee is None or any(self.addressee.casefold() in a for a in named))
        )


def recommendation_list(
    workspace: Connection, where: RecommendationFilter, as_of: date | None = None
) -> list[dict[str, Any]]:
    """The published recommendations that `where` keeps, in meeting order, with their
    follow-up status on `as_of` (default: now)."""
    where.check()
    rows = [r for r in recommendation_rows(workspace, as_of) if where.keep(r)]
    return sorted(rows, key=lambda r: (r["meeting"], _paragraph(r["data"]), r["id"]))


def _paragraph(data: dict[str, Any]) -> tuple[int, str]:
    text = str(data.get("paragraph") or "")
    digits = "".join(ch for ch in text if ch.isdigit())
    return (int(digits) if digits else 10**6, text)


def recommendation_row(r: dict[str, Any]) -> dict[str, Any]:
    """A recommendation as one row of a table (lists joined with ;)."""
    data = r["data"]
    return {
        "id": r["id"],
        "meeting": r["meeting"],
        "forum": r["forum"],
        "kind": r["kind"],
        "status": r["status"],
        "completed_on": data.get("completed_on") if r["status"] == "completed" else None,
        "text": data["text"],
        "addressees": "; ".join(data.get("addressees") or []),
        "objectives": "; ".join(str(n) for n in data.get("objectives") or []),
        "answered_by": "; ".join(r["answered_by"]),
        "source_url": (data.get("source") or {}).get("url"),
    }


def follow_up_counts(rows: list[dict[str, Any]]) -> dict[str, Any]:
    """How many recommendations are in each follow-up status, and the share completed."""
    counts = Counter(r["status"] for r in rows)
    return {
        "total": len(rows),
        "by_status": {status: counts[status] for status in FOLLOW_UP},
        "completion_rate": share(counts["completed"], len(rows)),
    }


def counts_by_meeting(rows: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """`follow_up_counts` for each meeting the rows come from."""
    grouped: dict[str, list[dict[str, Any]]] = {}
    for r in rows:
        grouped.setdefault(r["meeting"], []).append(r)
    return {meeting: follow_up_counts(mine) for meeting, mine in grouped.items()}


def _meeting_names(evidence: Connection, ids: set[str]) -> dict[str, tuple[str, str]]:
    query = select(meetings.c.id, meetings.c.name, meetings.c.forum).where(meetings.c.id.in_(ids))
    return {str(i): (str(name), str(forum)) for i, name, forum in evidence.execute(query)}


def recommendation(
    evidence: Connection, workspace: Connection, record_id: int, as_of: date | None = None
) -> dict[str, Any]:
    """One published recommendation with its meeting (named from the evidence base) and what
    answered it: each pledge, practice or later meeting with its title where it is held."""
    found = next((r for r in recommendation_rows(workspace, as_of) if r["id"] == record_id), None)
    if found is None:
        raise NotFound(f"No published recommendation has the id {record_id}.")
    answers = [a.partition(":") for a in found["answered_by"]]
    meeting_ids = {found["meeting"]} | {key for kind, _, key in answers if kind == "meeting"}
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
        answered.append(
            {"kind": kind, "key": key, "label": label or key, "held": label is not None}
        )
    meeting_name, meeting_forum = names.get(found["meeting"], (None, None))
    return {
        **found,
        "meeting_name": meeting_name,
        "meeting_on_map": meeting_name is not None,
        "forum": found["forum"] or meeting_forum,
        "answers": answered,
        "row": recommendation_row(found),
    }
