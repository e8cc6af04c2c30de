"""manyhealth's memberships (HUGGO_MEM): the 1951 Refugee Convention and the Migrant Workers
Convention, with each state's signature, ratification and entry into force.

The file does not say reliably how a state became a party (its `Accession` and `Succession`
columns are known to be wrong for some states), so a ratification date here is recorded as
the state's consent to be bound, of unstated kind. The file is a second source for
instruments that another source covers too: after loading, the build compares the two (see
`evidence/sources/compare.py`).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from commonground.evidence.sources.compare import compare_declared
from commonground.evidence.sources.context import (
    ImportContext,
    check_choice,
    column_areas,
    records,
)
from commonground.evidence.store.governance_tables import instrument_actions

COLUMNS = [
    "manyID",
    "Title",
    "stateID",
    "StateName",
    "StateSignature",
    "StateRatification",
    "StateForce",
    "StateEnd",
    "Accession",
    "Succession",
]
NO_END = "9999-12-31"
ACTS = {
    "StateSignature": "signature",
    "StateRatification": "consent_to_be_bound",
    "StateForce": "entry_into_force",
}


def _iso(ctx: ImportContext, value: str, *, row: int, column: str) -> str | None:
    text = value.strip()
    if not text:
        return None
    try:
        parsed = date.fromisoformat(text)
    except ValueError:
        parsed = None
    if parsed is None or len(text) != 10:
        raise ctx.error("not a date", row=row, field=column, value=value, expected="YYYY-MM-DD")
    return parsed.isoformat()


def load_memberships(ctx: ImportContext) -> None:
    opts = ctx.spec.options
    declared: dict[str, str] = opts["instruments"]
    frame = ctx.read_csv(COLUMNS)
    check_choice(ctx, frame, "manyID", declared, "treaty (manyID)")
    check_choice(ctx, frame, "StateEnd", [NO_END], "end date (no state has left either treaty)")
    as_of = str(opts["as_of"])
    url = str(ctx.spec.url)
    rows: list[dict[str, Any]] = []
    states = column_areas(ctx, frame["StateName"], "StateName", kinds=("country", "territory"))
    lines = range(2, len(frame) + 2)
    ctx.unique(
        zip(frame["manyID"], states, strict=True), iter(lines), "state and treaty", "StateName"
    )
    for (line, r), code in zip(records(frame), states, strict=True):
        instrument = declared[r["manyID"]]
        said = f"{r['StateName']} ({r['stateID']}): " + "; ".join(
            f"{c} {r[c]}" for c in ACTS if r[c].strip()
        )
        dates = {c: _iso(ctx, r[c], row=line, column=c) for c in ACTS}
        if dates["StateForce"] and not dates["StateRatification"]:
            raise ctx.error(
                "in force for a state with no ratification",
                row=line,
                field="StateRatification",
                expected="a ratification date where StateForce is given",
            )
        for column, action in ACTS.items():
            when = dates[column]
            if when is None:
                continue
            ctx.report.years.add(int(when[:4]))
            rows.append(
                {
                    "instrument_id": instrument,
                    "country": code,
                    "action": action,
                    "date": when,
                    "year": int(when[:4]),
                    "name_as_read": r["StateName"],
                    "list_as_of": as_of,
                    "list_as_of_year": int(as_of[:4]),
                    "list_complete": True,
                    "source_id": ctx.spec.id,
                    "source_url": url,
                    "source_says": said,
                    "note": "kind of consent not given by the source"
                    if action == "consent_to_be_bound"
                    else None,
                    "conflict": None,
                    "source_row": line,
                }
            )
    ctx.insert(instrument_actions, rows)
    for check in opts.get("checks", []):
        compare_declared(ctx, check)
