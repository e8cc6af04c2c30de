"""Parties of a curated instrument as of a year, from dated state actions.

Ratification, accession, succession, acceptance, approval or definitive signature makes a
state a party from its date; a signature alone makes a signatory. Where a source gives no
date but says the list is "as of" A, the state is known to be a party by A and unknown
before. The curated lists are often partial (`list_complete`): a state missing from a partial
list is unknown, not a non-party, and the result says so.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from sqlalchemy import Connection, select

from commonground.analysis.governance.lookup import governance_sources
from commonground.domain.vocab import PARTY_ACTIONS
from commonground.evidence.store.governance_tables import instrument_actions
from commonground.evidence.store.tables import areas

NO_DATA = "no party data held for this instrument"


def actions(conn: Connection, instrument_id: str) -> list[dict[str, Any]]:
    query = (
        select(instrument_actions, areas.c.name)
        .join(areas, areas.c.code == instrument_actions.c.country)
        .where(instrument_actions.c.instrument_id == instrument_id)
        .order_by(areas.c.name_sort, instrument_actions.c.date, instrument_actions.c.source_row)
    )
    return [dict(r) for r in conn.execute(query).mappings()]


def _known_by(act: dict[str, Any]) -> int | None:
    """The year by which the act is known to have happened (its own, or its list's)."""
    known = act["year"] if act["year"] is not None else act["list_as_of_year"]
    return None if known is None else int(known)


def _status(acts: list[dict[str, Any]], year: int | None) -> tuple[str, str | None, str | None]:
    """(status, date, note) of one state as of `year` (None: everything held)."""
    party = [a for a in acts if a["action"] in PARTY_ACTIONS]
    signed = [a for a in acts if a["action"] == "signature"]

    def first(done: list[dict[str, Any]]) -> dict[str, Any]:
        return min(done, key=lambda a: a["date"] or a["list_as_of"] or "9999")

    if year is None:
        done_party, done_sign = party, signed
    else:
        done_party = [a for a in party if (_known_by(a) or year) <= year]
        done_sign = [a for a in signed if (_known_by(a) or year) <= year]
    if done_party:
        act = first(done_party)
        if act["date"]:
            return "party", act["date"], None
        if act["list_as_of"]:
            return "party", None, f"a party by {act['list_as_of']}; date not held"
        return "party", None, "date not held: listed as a party for any year"
    pending = [a for a in party if a["date"] is None and a["list_as_of_year"] is not None]
    if pending:
        return "unknown", None, f"a party by {first(pending)['list_as_of']}; date not held"
    if done_sign:
        act = first(done_sign)
        note = None if act["date"] else "signature date not held"
        return "signatory", act["date"], note
    later = [a for a in party + signed if a["date"]]
    note = f"{first(later)['action']} on {first(later)['date']}" if later else None
    return "none", None, note


def curated_parties(
    conn: Connection, instrument: dict[str, Any], year: int | None
) -> dict[str, Any]:
    """Each state with an action on the instrument, its status as of `year`, and caveats."""
    held = actions(conn, instrument["id"])
    by_state: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for act in held:
        by_state[act["country"]].append(act)
    states = []
    for code, acts in by_state.items():
        status, when, note = _status(acts, year)
        states.append(
            {
                "country": code,
                "name": acts[0]["name"],
                "status": status,
                "year": int(when[:4]) if when else None,
                "date": when,
                "note": note,
                "conflict": ", ".join(sorted({a["conflict"] for a in acts if a["conflict"]}))
                or None,
                "actions": [
                    {
                        k: a[k]
                        for k in (
                            "action",
                            "date",
                            "name_as_read",
                            "list_as_of",
                            "list_complete",
                            "source_url",
                            "source_says",
                            "note",
                            "conflict",
                        )
                    }
                    for a in acts
                ],
                "source_id": acts[0]["source_id"],
                "source_url": acts[0]["source_url"],
            }
        )
    counts = {
        s: sum(1 for x in states if x["status"] == s)
        for s in ("party", "signatory", "unknown", "none")
    }
    return {
        "instrument": instrument,
        "as_of": year,
        "counts": counts,
        "states": states,
        "lists": _lists(held),
        "warnings": _warnings(held, states, year),
        "sources": governance_sources(conn),
    }


def _lists(held: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The source lists the actions were read from, with their date and completeness."""
    lists: dict[tuple[str, str | None, bool], int] = defaultdict(int)
    for a in held:
        lists[(a["source_url"], a["list_as_of"], a["list_complete"])] += 1
    return [
        {"source_url": url, "list_as_of": as_of, "list_complete": complete, "rows": n}
        for (url, as_of, complete), n in sorted(lists.items(), key=lambda i: str(i[0]))
    ]


def _warnings(
    held: list[dict[str, Any]], states: list[dict[str, Any]], year: int | None
) -> list[str]:
    if not held:
        return [NO_DATA]
    out = []
    if any(not a["list_complete"] for a in held):
        out.append(
            "partial data: some source lists were read only in part, so a state not listed"
            " here is unknown, not a non-party"
        )
    dates = [str(a["list_as_of"]) for a in held if a["list_as_of"]]
    if dates and all(a["list_complete"] for a in held):
        out.append(f"complete only as of {max(dates)}: later actions are not held")
    undated = [s for s in states if s["status"] == "party" and s["date"] is None]
    if year is not None and any(s["note"] and "any year" in s["note"] for s in undated):
        out.append("some parties have no date held: they are listed as parties for any year")
    if year is not None and any(s["status"] == "unknown" for s in states):
        out.append(
            "some states were parties by a later list date, with no date of their own:"
            " their status in this year is unknown"
        )
    return out


def party_count(conn: Connection, instrument_id: str) -> int:
    """States with any party-making action held (the current status)."""
    codes = conn.execute(
        select(instrument_actions.c.country)
        .where(
            instrument_actions.c.instrument_id == instrument_id,
            instrument_actions.c.action.in_(PARTY_ACTIONS),
        )
        .distinct()
    ).scalars()
    return len(list(codes))
