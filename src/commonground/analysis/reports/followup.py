"""The follow-up sections every review report has: practices, pledges with their status and
flags, and recommendations with what answered them, from the published workspace records.

Counts cite the workspace (its state is in the report's stamp); each row names the public
source an imported record rests on, or the workspace record it is.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from sqlalchemy import Connection

from commonground.analysis.reports.model import WORKSPACE_SOURCE, Figure, Section, Table
from commonground.analysis.result import share
from commonground.workspace.pledges import FULFILLED, IN_PROGRESS, pledge_rows, published
from commonground.workspace.recommendations import recommendation_rows

Keep = Callable[[dict[str, Any]], bool]
TEXT_SHOWN = 240
WS = [WORKSPACE_SOURCE]


def _source(data: dict[str, Any], ref: str) -> str:
    source = data.get("source") or {}
    return str(source.get("url") or data.get("source_url") or f"workspace record {ref}")


def _short(text: str) -> str:
    return text if len(text) <= TEXT_SHOWN else text[: TEXT_SHOWN - 1].rstrip() + "\u2026"


def pledges_section(workspace: Connection, today: date, keep: Keep) -> Section:
    mine = [p for p in pledge_rows(workspace, today, today) if keep(p["data"])]
    flagged = {
        flag: sum(1 for p in mine if flag in p["flags"])
        for flag in ("overdue", "inactive", "not_measurable")
    }
    fulfilled = sum(1 for p in mine if p["status"] == FULFILLED)
    usd = sum(
        float(p["data"]["amount"])
        for p in mine
        if p["data"].get("amount") is not None and p["data"].get("currency") == "USD"
    )
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
                value=sum(1 for p in mine if p["status"] == IN_PROGRESS),
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
                    "id": p["id"],
                    "title": p["title"],
                    "pledger": str(p["pledger"].get("name") or p["pledger"]["id"]),
                    "status": p["status"].replace("_", " "),
                    "flags": ", ".join(f.replace("_", " ") for f in p["flags"]) or "none",
                    "deadline": p["data"].get("deadline"),
                    "source": _source(p["data"], p["ref"]),
                }
                for p in mine
            ],
        ),
    )


def recommendations_section(workspace: Connection, today: date, keep: Keep) -> Section:
    mine = [r for r in recommendation_rows(workspace, today) if keep(r)]
    completed = sum(1 for r in mine if r["status"] == "completed")
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
                    "id": r["id"],
                    "meeting": r["meeting"],
                    "text": _short(r["data"]["text"]),
                    "status": r["status"].replace("_", " "),
                    "answered_by": ", ".join(str(a) for a in r["answered_by"]) or "nothing yet",
                    "source": _source(r["data"], r["ref"]),
                }
                for r in mine
            ],
        ),
    )


def practices_section(workspace: Connection, keep: Keep) -> Section:
    mine = [(rid, dict(data)) for rid, data in workspace.execute(published("practice"))]
    mine = [(rid, data) for rid, data in mine if keep(data)]
    return Section(
        id="practices",
        title="Practices",
        figures=[Figure(label="Practices", value=len(mine), unit="practices", sources=WS)],
        table=Table(
            columns=["id", "title", "objectives", "source"],
            rows=[
                {
                    "id": rid,
                    "title": str(data.get("title")),
                    "objectives": ", ".join(str(n) for n in practice_objectives(data)),
                    "source": _source(data, f"practice:{rid}"),
                }
                for rid, data in mine
            ],
        ),
    )


def practice_objectives(data: dict[str, Any]) -> list[int]:
    held = data.get("gcm_objectives") or {}
    primary = held.get("primary")
    return ([primary] if primary else []) + list(held.get("secondary") or [])
