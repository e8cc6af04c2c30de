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

from commonground.analysis.catalogue import sources_by_id
from commonground.domain.ids import GOVERNANCE_SOURCE as CURATED
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


def _status(
    acts: list[dict[str, Any]], year: int | None
) -> tuple[str, str | None, str | None, dict[str, Any] | None]:
    """(status, date, note, the act that decides it) of one state as of `year` (None: all)."""
    party = [a for a in acts if a["action"] in PARTY_ACTIONS]
    signed = [a for a in acts if a["action"] == "signature"]

    def first(done: list[dict[str, Any]]) -> dict[str, Any]:
        return min(done, key=lambda a: (a["date"] or a["list_as_of"] or "9999", a["source_row"]))

    if year is None:
        done_party, done_sign = party, signed
    else:
        done_party = [a for a in party if (_known_by(a) or year) <= year]
        done_sign = [a for a in signed if (_known_by(a) or year) <= year]
    if done_party:
        act = first(done_party)
        if act["date"]:
            return "party", act["date"], None, act
        if act["list_as_of"]:
            return "party", None, f"a party by {act['list_as_of']}; date not held", act
        return "party", None, "date not held: listed as a party for any year", act
    pending = [a for a in party if a["date"] is None and a["list_as_of_year"] is not None]
    if pending:
        act = first(pending)
        return "unknown", None, f"a party by {act['list_as_of']}; date not held", act
    if done_sign:
        act = first(done_sign)
        note = None if act["date"] else "signature date not held"
        return "signatory", act["date"], note, act
    later = [a for a in party + signed if a["date"]]
    note = f"{first(later)['action']} on {first(later)['date']}" if later else None
    return "none", None, note, None


def _first_party_year(acts: list[dict[str, Any]]) -> int | None:
    years = [int(a["year"]) for a in acts if a["action"] in PARTY_ACTIONS and a["year"]]
    return min(years) if years else None


def bound_from(treaty_in_force: str | None, consent: str | None, own: str | None) -> str | None:
    """When a party is bound: the later of the treaty's entry into force and the date its own
    instrument takes effect (`own`, where a source gives it, else the date of consent)."""
    if treaty_in_force is None or consent is None:
        return None
    return max(str(treaty_in_force), own or consent)


def in_force(bound: str | None, year: int | None) -> bool | None:
    """Whether a party is bound at the end of `year` (today when None); None: not known."""
    if bound is None:
        return None
    return year is None or int(bound[:4]) <= year


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
        status, when, note, decided = _status(acts, year)
        own = [a["date"] for a in acts if a["action"] == "entry_into_force" and a["date"]]
        bound = (
            bound_from(instrument["entry_into_force"], when, min(own) if own else None)
            if status == "party"
            else None
        )
        states.append(
            {
                "country": code,
                "name": acts[0]["name"],
                "status": status,
                "year": int(when[:4]) if when else None,
                "date": when,
                "note": note,
                "in_force": in_force(bound, year) if status == "party" else False,
                "bound_from": bound,
                "party_from": _first_party_year(acts),
                "party_until": None,
                "conflict": ", ".join(sorted({a["conflict"] for a in acts if a["conflict"]}))
                or None,
                "actions": [
                    {
                        k: a[k]
                        for k in (
                            "action",
                            "date",
                            "source_id",
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
                # The source of the act that decides the status (the first, if none does).
                "source_id": (decided or acts[0])["source_id"],
                "source_url": (decided or acts[0])["source_url"],
            }
        )
    counts: dict[str, int | None] = {
        s: sum(1 for x in states if x["status"] == s)
        for s in ("party", "signatory", "unknown", "none")
    }
    counts["in_force"] = in_force_count(states, instrument)
    return {
        "instrument": instrument,
        "as_of": year,
        "counts": counts,
        "states": states,
        "lists": _lists(held),
        "complete_as_of": (complete_as_of(held) or (None,))[0],
        "partial": is_partial(held, year),
        "warnings": _warnings(held, states, year),
        "sources": sources_by_id(conn, sorted({a["source_id"] for a in held} | {CURATED})),
    }


def in_force_count(states: list[dict[str, Any]], instrument: dict[str, Any]) -> int | None:
    """Parties bound in the year asked; None where the treaty's entry into force is not held."""
    if instrument.get("entry_into_force") is None:
        return None
    return sum(1 for x in states if x["in_force"])


def _lists(held: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The source lists the actions were read from, with their date and completeness."""
    lists: dict[tuple[str, str | None, bool], int] = defaultdict(int)
    for a in held:
        lists[(a["source_url"], a["list_as_of"], a["list_complete"])] += 1
    return [
        {"source_url": url, "list_as_of": as_of, "list_complete": complete, "rows": n}
        for (url, as_of, complete), n in sorted(lists.items(), key=lambda i: str(i[0]))
    ]


def is_partial(held: list[dict[str, Any]], year: int | None) -> bool:
    """Whether the status asked rests on lists read only in part: no complete list covers
    it (none held, or only one older than the year asked and than later partial rows)."""
    complete = complete_as_of(held)
    partial = [a for a in held if not a["list_complete"]]
    if not partial:
        return False
    if complete is None:
        return True
    if year is not None and year <= int(complete[0][:4]):
        return False
    return any(str(a["list_as_of"] or a["date"] or "") > complete[0] for a in partial)


def complete_as_of(held: list[dict[str, Any]]) -> tuple[str, str] | None:
    """(date, source id) of the most recent complete list held, if any."""
    dated = [
        (str(a["list_as_of"]), str(a["source_id"]))
        for a in held
        if a["list_complete"] and a["list_as_of"]
    ]
    return max(dated) if dated else None


def _warnings(
    held: list[dict[str, Any]], states: list[dict[str, Any]], year: int | None
) -> list[str]:
    if not held:
        return [NO_DATA]
    out = []
    complete = complete_as_of(held)
    partial = any(not a["list_complete"] for a in held)
    if is_partial(held, year):
        out.append(
            "partial data: some source lists were read only in part, so a state not listed"
            " here is unknown, not a non-party"
        )
    if complete is not None and (year is None or year > int(complete[0][:4])):
        added = " (curated rows with their own sources)" if partial else ""
        out.append(
            f"the latest complete list held ({complete[1]}) is as of {complete[0]}: later"
            f" actions are held only where another source adds them{added}"
        )
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
