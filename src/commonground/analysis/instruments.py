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
from commonground.analysis.governance.parties import NO_DATA, curated_parties, party_count
from commonground.domain.errors import NotFound
from commonground.domain.ids import GOVERNANCE_SOURCE as CURATED
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
        if r["source_id"] == CURATED:
            row["parties"] = party_count(conn, r["id"])
            row["party_data"] = "curated state actions" if row["parties"] else NO_DATA
        else:
            row["parties"] = int(counts.get(r["id"], 0))
            row["party_data"] = f"status of every UN member state as of {r['status_as_of']}"
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
    if instrument["source_id"] == CURATED:
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
        states.append(
            {
                "country": r["country"],
                "name": r["name"],
                "status": status,
                "year": r["year"] if status == "party" else None,
                "signature_date_known": False if status == "signatory" else None,
                "note": note,
                "source_id": r["source_id"],
                "source_row": r["source_row"],
            }
        )
    counts = {s: sum(1 for x in states if x["status"] == s) for s in ("party", "signatory", "none")}
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


def party_counts_by_year(conn: Connection, instrument_id: str) -> list[dict[str, int]]:
    """Number of parties at the end of each year in which it changed (denunciations included)."""
    instrument = get_instrument(conn, instrument_id)
    rows = conn.execute(
        select(treaty_status.c.year, treaty_status.c.denounced).where(
            treaty_status.c.instrument_id == instrument["id"],
            treaty_status.c.year.is_not(None),
            (treaty_status.c.status == "party") | treaty_status.c.denounced.is_not(None),
        )
    ).all()
    change: dict[int, int] = {}
    for year, denounced in rows:
        change[int(year)] = change.get(int(year), 0) + 1
        if denounced is not None:
            change[int(denounced)] = change.get(int(denounced), 0) - 1
    total, out = 0, []
    for year in sorted(change):
        total += change[year]
        out.append({"year": year, "parties": total})
    return out
