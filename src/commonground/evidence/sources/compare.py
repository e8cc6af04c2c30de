"""Two sources, one check: where two files cover one instrument, compare who is a party and
since when, and keep every disagreement with the build.

A check is declared with the second source in `facts/datasets.yaml` (`options.checks`): the
instrument, the first source, and the disagreements expected, each with its reason. The
build prints every disagreement and stops only where a declared expectation breaks: a
disagreement nobody declared (unless its kind is tolerated, `tolerate`), or a declared one
the files no longer show.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select

from commonground.domain.vocab import PARTY_ACTIONS
from commonground.evidence.sources.context import Disagreement, ImportContext
from commonground.evidence.store.governance_tables import instrument_actions, source_disagreements
from commonground.evidence.store.tables import treaty_status

KINDS = ("only_in_first", "only_in_second", "year_differs", "date_differs")


def party_dates(ctx: ImportContext, instrument: str, source_id: str) -> dict[str, str]:
    """Each party's date (or year, for status files) of consent as one source gives it."""
    status = ctx.conn.execute(
        select(treaty_status.c.country, treaty_status.c.year).where(
            treaty_status.c.instrument_id == instrument,
            treaty_status.c.source_id == source_id,
            (treaty_status.c.status == "party") | treaty_status.c.denounced.is_not(None),
        )
    ).all()
    if status:
        return {str(c): str(y) for c, y in status}
    acts = ctx.conn.execute(
        select(instrument_actions.c.country, func.min(instrument_actions.c.date))
        .where(
            instrument_actions.c.instrument_id == instrument,
            instrument_actions.c.source_id == source_id,
            instrument_actions.c.action.in_(PARTY_ACTIONS),
        )
        .group_by(instrument_actions.c.country)
    ).all()
    return {str(c): str(d) for c, d in acts}


def compare_declared(ctx: ImportContext, check: dict[str, Any]) -> None:
    instrument = str(check["instrument"])
    first_id, second_id = str(check["first"]), str(check.get("second", ctx.spec.id))
    first = party_dates(ctx, instrument, first_id)
    second = party_dates(ctx, instrument, second_id)
    if not first or not second:
        raise ctx.error(
            f"nothing to compare for {instrument}: {first_id} gives {len(first)} parties,"
            f" {second_id} {len(second)}",
            expected="both sources loaded before this check (order in facts/datasets.yaml)",
        )
    found: dict[tuple[str, str], tuple[str | None, str | None]] = {}
    for code in sorted(set(first) | set(second)):
        a, b = first.get(code), second.get(code)
        if a is None:
            found[(code, "only_in_second")] = (None, b)
        elif b is None:
            found[(code, "only_in_first")] = (a, None)
        elif len(a) == 4 or len(b) == 4:
            if a[:4] != b[:4]:
                found[(code, "year_differs")] = (a, b)
        elif a != b:
            found[(code, "date_differs")] = (a, b)
    expected = {(str(e["country"]), str(e["kind"])): str(e["reason"]) for e in check["expected"]}
    tolerated = {str(k): str(v) for k, v in check.get("tolerate", {}).items()}
    rows: list[Disagreement] = []
    for (code, kind), (a, b) in found.items():
        reason = expected.get((code, kind)) or tolerated.get(kind)
        rows.append(
            Disagreement(
                instrument_id=instrument,
                country=code,
                kind=kind,
                first_source=first_id,
                first_value=a,
                second_source=second_id,
                second_value=b,
                declared=reason is not None,
                reason=reason,
            )
        )
    if rows:
        ctx.conn.execute(source_disagreements.insert(), rows)
    ctx.report.disagreements += rows
    ctx.report.notes.append(
        f"{instrument}: {len(first)} parties in {first_id}, {len(second)} in {second_id},"
        f" {len(rows)} disagreements ({sum(1 for r in rows if r['declared'])} declared)"
    )
    undeclared = [r for r in rows if not r["declared"]]
    stale = sorted(set(expected) - set(found))
    if undeclared or stale:
        problem = undeclared[0] if undeclared else None
        raise ctx.error(
            f"{instrument}: {first_id} and {second_id} disagree where no expectation says so"
            if problem
            else f"{instrument}: a declared disagreement is gone",
            field="options.checks.expected",
            value=(
                f"{problem['country']} {problem['kind']} ({problem['first_value']} /"
                f" {problem['second_value']}); {len(undeclared)} undeclared in all"
                if problem
                else ", ".join(f"{c} {k}" for c, k in stale)
            ),
            expected="each disagreement declared with its reason in facts/datasets.yaml,"
            " and each declared one still found",
        )
