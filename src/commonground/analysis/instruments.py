"""Instruments and each state's status, as of any year.

The bundled status files give the year a state became a party; signatures are undated. As of
a year before a state's ratification, that state is not (yet) a party; a signatory is shown as
a signatory with its date unknown. Curated instruments (facts/governance) take their parties
from dated state actions instead (analysis/governance/parties.py).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, func, select

from commonground.analysis.catalogue import sources_by_id
from commonground.analysis.governance.parties import (
    NO_DATA,
    bound_from,
    curated_parties,
    in_force,
    in_force_count,
    party_count,
)
from commonground.domain.errors import NotFound
from commonground.evidence.store.tables import areas, instruments, treaty_status


def list_instruments(conn: Connection) -> list[dict[str, Any]]:
    counts: dict[str, int] = dict(
        conn.execute(
            select(treaty_status.c.instrument_id, func.count())
            .where(treaty_status.c.status == "party")
            .group_by(treaty_status.c.instrument_id)
        ).all()
    )
    rows = []
    for r in conn.execute(
        select(instruments).order_by(instruments.c.adopted, instruments.c.id)
    ).mappings():
        row = dict(r)
        if r["id"] not in counts:
            row["parties"] = party_count(conn, r["id"])
            row["party_data"] = "dated state actions" if row["parties"] else NO_DATA
        else:
            row["parties"] = int(counts.get(r["id"], 0))
            row["party_data"] = f"status of every UN member state as of {r['status_as_of']}"
        now = parties(conn, r["id"]) if row["parties"] else None
        row["parties_in_force"] = None if now is None else now["counts"]["in_force"]
        row["partial"] = bool(now and now.get("partial"))
        rows.append(row)
    return rows


def get_instrument(conn: Connection, instrument_id: str) -> dict[str, Any]:
    row = (
        conn.execute(select(instruments).where(instruments.c.id == instrument_id.lower()))
        .mappings()
        .first()
    )
    if row is None:
        known = [str(i) for i in conn.execute(select(instruments.c.id)).scalars()]
        raise NotFound(
            f"no instrument {instrument_id!r}; instruments: {', '.join(known)}", suggestions=known
        )
    return dict(row)


def parties(conn: Connection, instrument_id: str, as_of: int | None = None) -> dict[str, Any]:
    """Each state's status, with counts; `as_of` keeps only ratifications up to that year."""
    instrument = get_instrument(conn, instrument_id)
    if not from_status_file(conn, instrument["id"]):
        return curated_parties(conn, instrument, as_of)
    query = (
        select(treaty_status, areas.c.name, areas.c.iso2)
        .join(areas, areas.c.code == treaty_status.c.country)
        .where(treaty_status.c.instrument_id == instrument["id"])
        .order_by(areas.c.name_sort)
    )
    states: list[dict[str, Any]] = []
    for r in conn.execute(query).mappings():
        status, note = _status_as_of(r, as_of)
        consent = str(r["year"]) if status == "party" and r["year"] is not None else None
        bound = bound_from(instrument["entry_into_force"], consent, None)
        states.append(
            {
                "country": r["country"],
                "name": r["name"],
                "status": status,
                "year": r["year"] if status == "party" else None,
                "signature_date_known": False if status == "signatory" else None,
                "in_force": in_force(bound, as_of) if status == "party" else False,
                "bound_from": bound,
                "party_from": r["year"] if r["status"] == "party" or r["denounced"] else None,
                "party_until": r["denounced"],
                "note": note,
                "source_id": r["source_id"],
                "source_row": r["source_row"],
            }
        )
    counts: dict[str, int | None] = {
        s: sum(1 for x in states if x["status"] == s) for s in ("party", "signatory", "none")
    }
    counts["in_force"] = in_force_count(states, instrument)
    warnings = []
    if (
        as_of is not None
        and instrument["status_as_of"]
        and str(as_of) > str(instrument["status_as_of"])[-4:]
    ):
        warnings.append(
            f"the status data are current to {instrument['status_as_of']}; later"
            " ratifications are not held"
        )
    if as_of is not None and any(s["status"] == "signatory" for s in states):
        warnings.append("signature dates are not held: signatories are listed as such for any year")
    return {
        "instrument": instrument,
        "as_of": as_of,
        "counts": counts,
        "states": states,
        "warnings": warnings,
        "sources": sources_by_id(conn, [instrument["source_id"]]),
    }


def _status_as_of(row: Any, as_of: int | None) -> tuple[str, str | None]:
    """The status at the end of `as_of` (today when None), with a note on what changes it."""
    status, note, year, denounced = row["status"], row["note"], row["year"], row["denounced"]
    if denounced is not None:
        span = f"a party from {year} until it denounced the instrument in {denounced}"
        if as_of is not None and year <= as_of < denounced:
            return "party", span
        return "none", span
    if as_of is not None and status == "party" and year is not None and year > as_of:
        return "none", f"became a party in {year}"
    return status, note


def from_status_file(conn: Connection, instrument_id: str) -> bool:
    """Whether a status file (one row per UN member) gives the instrument's parties."""
    found = conn.execute(
        select(treaty_status.c.country).where(treaty_status.c.instrument_id == instrument_id)
    ).first()
    return found is not None


def party_counts_by_year(conn: Connection, instrument_id: str) -> list[dict[str, Any]]:
    """At the end of each year in which a count changed: states that had consented to be
    bound (ratifications held, denunciations taken off) and parties in force (None where the
    treaty's entry into force is not held)."""
    result = parties(conn, instrument_id, None)
    treaty = result["instrument"]["entry_into_force"]
    change: dict[int, list[int]] = {}

    def add(year: int, column: int, n: int) -> None:
        change.setdefault(year, [0, 0])[column] += n

    for s in result["states"]:
        start, end = s.get("party_from"), s.get("party_until")
        if start is None:
            continue
        add(int(start), 0, 1)
        if end is not None:
            add(int(end), 0, -1)
        bound = bound_from(treaty, s.get("bound_from") or str(start), None)
        if bound is not None and (end is None or int(bound[:4]) < int(end)):
            add(int(bound[:4]), 1, 1)
            if end is not None:
                add(int(end), 1, -1)
    ratified, bound_total, out = 0, 0, []
    for year in sorted(change):
        ratified += change[year][0]
        bound_total += change[year][1]
        out.append(
            {"year": year, "parties": ratified, "in_force": None if treaty is None else bound_total}
        )
    return out
