"""The Global Compact for Migration: its 23 objectives and their actions (A/RES/73/195)."""

from __future__ import annotations

from typing import Any

from commonground.evidence.sources.context import ImportContext, check_unique, records
from commonground.evidence.store.tables import gcm_actions, gcm_objectives

OBJECTIVE_COLUMNS = ["objective", "title", "n_actions", "commitment", "title_in_source", "note"]
ACTION_COLUMNS = ["objective", "action", "text"]


def load_objectives(ctx: ImportContext) -> None:
    frame = ctx.read_csv(OBJECTIVE_COLUMNS)
    check_unique(ctx, frame, ["objective"], "objective")
    rows: list[dict[str, Any]] = []
    for line, r in records(frame):
        number = ctx.count(r["objective"], row=line, column="objective")
        if not number or not 1 <= number <= 23:
            raise ctx.error(
                "not a GCM objective number",
                row=line,
                field="objective",
                value=r["objective"],
                expected="1 to 23",
            )
        for column in ("title", "commitment"):
            if not r[column].strip():
                raise ctx.error("missing value", row=line, field=column, expected="text")
        rows.append(
            {
                "number": number,
                "title": r["title"].strip(),
                "commitment": r["commitment"].strip(),
                "n_actions": ctx.count(r["n_actions"], row=line, column="n_actions"),
                "title_in_source": r["title_in_source"] or None,
                "note": r["note"] or None,
                "source_id": ctx.spec.id,
            }
        )
    if len(rows) != 23:
        raise ctx.error(f"{len(rows)} objectives", expected="the 23 objectives of the GCM")
    ctx.insert(gcm_objectives, rows)


def load_actions(ctx: ImportContext) -> None:
    frame = ctx.read_csv(ACTION_COLUMNS)
    check_unique(ctx, frame, ["objective", "action"], "objective and action letter")
    rows: list[dict[str, Any]] = []
    for line, r in records(frame):
        number = ctx.count(r["objective"], row=line, column="objective")
        letter = r["action"].strip()
        if not (len(letter) == 1 and letter.isalpha() and letter.islower()):
            raise ctx.error(
                "not an action letter",
                row=line,
                field="action",
                value=letter,
                expected="a lower-case letter",
            )
        rows.append(
            {
                "objective": number,
                "letter": letter,
                "text": r["text"].strip(),
                "source_id": ctx.spec.id,
                "source_row": line,
            }
        )
    ctx.insert(gcm_actions, rows)
