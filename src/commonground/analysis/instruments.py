"""Instruments and each state's status, as of any year.

The bundled status files give the year a state became a party; signatures are undated. As of
a year before a state's ratification, that state is not (yet) a party; a signatory is shown as
a signatory with its date unknown. Curated instruments (facts/governance) take their parties
from dated state actions instead (analysis/governance/parties.py).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import Connection, func, select

from commonground.analysis.catalogue import sources_by_id
from commonground.analysis.governance.parties import (
    NO_DATA,
    binding,
    bound_from,
    count_states,
    curated_parties,
    cutoff,
    in_force,
    party_count,
)
from commonground.analysis.memo import Memo, memo
from commonground.analysis.paging import Window, read_page
from commonground.domain.errors import InvalidQuery, NotFound
from commonground.domain.treaties import (
    Instrument,
    InstrumentSummary,
    Parties,
    PartyStatus,
    StateBinding,
)
from commonground.domain.vocab import PARTY_ACTIONS
from commonground.evidence.store.governance_tables import instrument_actions
from commonground.evidence.store.tables import areas, instruments, treaty_status

INSTRUMENT_PAGES = Memo(max_entries=64)


def list_instruments(conn: Connection) -> list[InstrumentSummary]:
    """Every instrument with its parties now (see `instrument_page`). The list is shared: read
    it, do not change it."""
    return instrument_page(conn, None)[0]


def instrument_page(conn: Connection, window: Window | None) -> tuple[list[InstrumentSummary], int]:
    """The instruments in `window` (every one if None), in order of adoption, with their
    parties now, and how many instruments there are. The window is read in SQL and only its
    instruments' parties are counted; memoised per build and window: counting every
    instrument's parties is over a second of work that the home page, the instruments page and
    the API would otherwise repeat on each view. Pages have a memo of their own, so that a
    client paging through with many windows crowds out no other result."""
    if window is None:
        return memo(conn, ("instruments", None), lambda: _instrument_page(conn, None))
    return INSTRUMENT_PAGES(conn, window, lambda: _instrument_page(conn, window))


def _instrument_page(
    conn: Connection, window: Window | None
) -> tuple[list[InstrumentSummary], int]:
    read = read_page(
        conn, select(instruments).order_by(instruments.c.adopted, instruments.c.id), window
    )
    ids = [r.id for r in read.rows]
    counts: dict[str, int] = dict(
        conn.execute(
            select(treaty_status.c.instrument_id, func.count())
            .where(treaty_status.c.status == "party", treaty_status.c.instrument_id.in_(ids))
            .group_by(treaty_status.c.instrument_id)
        ).all()
    )
    rows = []
    for r in (row._mapping for row in read.rows):
        if r["id"] not in counts:
            held = party_count(conn, r["id"])
            data = "dated state actions" if held else NO_DATA
        else:
            held = int(counts.get(r["id"], 0))
            data = f"status of every UN member state as of {r['status_as_of']}"
        now = parties(conn, r["id"]) if held else None
        rows.append(
            InstrumentSummary(
                **r,
                parties=held,
                party_data=data,
                parties_in_force=None if now is None else now.counts.in_force,
                partial=bool(now and now.partial),
            )
        )
    return rows, read.total_rows


def instrument_sources(conn: Connection) -> list[str]:
    """The ids of the sources every instrument of the list comes from: a page cites them all,
    as the whole list does."""
    query = select(instruments.c.source_id).distinct().order_by(instruments.c.source_id)
    return [str(s) for s in conn.execute(query).scalars()]


def get_instrument(conn: Connection, instrument_id: str) -> Instrument:
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
    return Instrument(**row)


def parties(
    conn: Connection, instrument_id: str, as_of: int | None = None, on: date | None = None
) -> Parties:
    """Each state's status, with counts, at the end of the year `as_of` or on the day `on`
    (neither: the latest held). A party counts as in force from the day the treaty binds it."""
    if as_of is not None and on is not None:
        raise InvalidQuery(
            f"as_of={as_of} and on={on.isoformat()}: give a year (as_of) or a day (on), not both",
            field="on",
        )
    instrument = get_instrument(conn, instrument_id)
    if not from_status_file(conn, instrument.id):
        return curated_parties(conn, instrument, as_of, on)
    until = cutoff(as_of, on)
    as_of = on.year if on is not None else as_of
    rule = instrument.state_entry()
    dated = _dated_consents(conn, instrument.id)
    query = (
        select(treaty_status, areas.c.name, areas.c.iso2)
        .join(areas, areas.c.code == treaty_status.c.country)
        .where(treaty_status.c.instrument_id == instrument.id)
        .order_by(areas.c.name_sort)
    )
    states: list[PartyStatus] = []
    for r in conn.execute(query).mappings():
        status, note = _status_as_of(r, as_of)
        consent = str(r["year"]) if status == "party" and r["year"] is not None else None
        own = None
        # A second source with the day of the same year's consent refines the year.
        day = dated.get(r["country"])
        if consent is not None and day is not None and day[0][:4] == consent:
            consent, own = day
            if until is not None and consent > until:
                status, note = "none", f"became a party on {consent}"
        bound, how = (
            binding(instrument.entry_into_force, consent, own, rule)
            if status == "party"
            else (None, None)
        )
        states.append(
            PartyStatus(
                country=r["country"],
                name=r["name"],
                status=status,
                year=r["year"] if status == "party" else None,
                signature_date_known=False if status == "signatory" else None,
                in_force=in_force(bound, until) if status == "party" else False,
                bound_from=bound,
                bound_by=how,
                party_from=r["year"] if r["status"] == "party" or r["denounced"] else None,
                party_until=r["denounced"],
                note=note,
                source_id=r["source_id"],
                source_row=r["source_row"],
            )
        )
    warnings = []
    if (
        as_of is not None
        and instrument.status_as_of
        and str(as_of) > str(instrument.status_as_of)[-4:]
    ):
        warnings.append(
            f"the status data are current to {instrument.status_as_of}; later"
            " ratifications are not held"
        )
    if as_of is not None and any(s.status == "signatory" for s in states):
        warnings.append("signature dates are not held: signatories are listed as such for any year")
    if on is not None and any(s.status == "party" and len(s.bound_from or "") == 4 for s in states):
        warnings.append(
            "the status file gives years of ratification only: where no other source gives the"
            f" day, a state that ratified in {on.year} counts as a party on any day of that year"
        )
    return Parties(
        instrument=instrument,
        as_of=as_of,
        on=on,
        counts=count_states(states, instrument),
        states=tuple(states),
        warnings=tuple(warnings),
        sources=tuple(sources_by_id(conn, [instrument.source_id])),
    )


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


def state_bindings(conn: Connection, code: str, year: int | None = None) -> list[StateBinding]:
    """For one state, each instrument it has consented to or acted on: when it consented and
    from which day the instrument binds it (at the end of `year`; None: the latest held)."""
    held = set(
        conn.execute(
            select(instrument_actions.c.instrument_id).where(instrument_actions.c.country == code)
        ).scalars()
    ) | set(
        conn.execute(
            select(treaty_status.c.instrument_id).where(
                treaty_status.c.country == code, treaty_status.c.status == "party"
            )
        ).scalars()
    )
    out = []
    for instrument_id in sorted(held):
        result = parties(conn, instrument_id, year)
        state = next((s for s in result.states if s.country == code), None)
        if state is None or state.status != "party":
            continue
        out.append(
            StateBinding(
                instrument_id=result.instrument.id,
                short_name=result.instrument.short_name,
                status=state.status,
                consent=state.date or (str(state.year) if state.year else None),
                bound_from=state.bound_from,
                bound_by=state.bound_by,
                in_force=state.in_force,
                rule=result.instrument.state_entry(),
            )
        )
    return sorted(out, key=lambda b: (b.consent or "", b.instrument_id))


def _dated_consents(conn: Connection, instrument_id: str) -> dict[str, tuple[str, str | None]]:
    """Per state, (the day of its first consent, the day a source says it took effect) where
    another source than the status file gives them (for the ICMW, manyhealth)."""
    found: dict[str, str] = {}
    own: dict[str, str] = {}
    for r in conn.execute(
        select(instrument_actions.c.country, instrument_actions.c.action, instrument_actions.c.date)
        .where(instrument_actions.c.instrument_id == instrument_id)
        .order_by(instrument_actions.c.date)
    ).mappings():
        when = r["date"]
        if not when or len(when) != 10:
            continue
        if r["action"] == "entry_into_force":
            own.setdefault(r["country"], when)
        elif r["action"] in PARTY_ACTIONS:
            found.setdefault(r["country"], when)
    return {code: (day, own.get(code)) for code, day in found.items()}


def from_status_file(conn: Connection, instrument_id: str) -> bool:
    """Whether a status file (one row per UN member) gives the instrument's parties."""
    found = conn.execute(
        select(treaty_status.c.country).where(treaty_status.c.instrument_id == instrument_id)
    ).first()
    return found is not None


@dataclass(frozen=True)
class PartiesInYear:
    """The counts at the end of a year in which one changed."""

    year: int
    parties: int
    """States that had consented to be bound (ratifications held, denunciations taken off)."""
    in_force: int | None
    """Parties the treaty binds (None where its entry into force is not held)."""


def party_counts_by_year(conn: Connection, instrument_id: str) -> list[PartiesInYear]:
    """At the end of each year in which a count changed: states that had consented to be
    bound (ratifications held, denunciations taken off) and parties in force (None where the
    treaty's entry into force is not held)."""
    result = parties(conn, instrument_id, None)
    treaty = result.instrument.entry_into_force
    change: dict[int, list[int]] = {}

    def add(year: int, column: int, n: int) -> None:
        change.setdefault(year, [0, 0])[column] += n

    for s in result.states:
        start, end = s.party_from, s.party_until
        if start is None:
            continue
        add(int(start), 0, 1)
        if end is not None:
            add(int(end), 0, -1)
        bound = bound_from(treaty, s.bound_from or str(start), None)
        if bound is not None and (end is None or int(bound[:4]) < int(end)):
            add(int(bound[:4]), 1, 1)
            if end is not None:
                add(int(end), 1, -1)
    ratified, bound_total = 0, 0
    out: list[PartiesInYear] = []
    for year in sorted(change):
        ratified += change[year][0]
        bound_total += change[year][1]
        out.append(PartiesInYear(year, ratified, None if treaty is None else bound_total))
    return out
