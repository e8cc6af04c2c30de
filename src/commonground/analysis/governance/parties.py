"""Parties of a curated instrument as of a year, from dated state actions.

Ratification, accession, succession, acceptance, approval or definitive signature makes a
state a party from its date; a signature alone makes a signatory. Where a source gives no
date but says the list is "as of" A, the state is known to be a party by A and unknown
before. The curated lists are often partial (`list_complete`): a state missing from a partial
list is unknown, not a non-party, and the result says so.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from sqlalchemy import Connection, select

from commonground.analysis.catalogue import sources_by_id
from commonground.analysis.governance.records import ActionRow, from_row
from commonground.domain.ids import GOVERNANCE_SOURCE as CURATED
from commonground.domain.treaties import (
    Instrument,
    Parties,
    PartyCounts,
    PartyStatus,
    SourceList,
    StateAction,
    StateEntry,
)
from commonground.domain.vocab import PARTY_ACTIONS
from commonground.evidence.store.governance_tables import instrument_actions
from commonground.evidence.store.tables import areas

NO_DATA = "no party data held for this instrument"


@dataclass(frozen=True)
class HeldAction(ActionRow):
    """An act of a state on an instrument, with the state's name in the areas table."""

    name: str


def actions(conn: Connection, instrument_id: str) -> list[HeldAction]:
    """The instrument's acts, state by state (in name order), each state's in date order."""
    query = (
        select(instrument_actions, areas.c.name)
        .join(areas, areas.c.code == instrument_actions.c.country)
        .where(instrument_actions.c.instrument_id == instrument_id)
        .order_by(areas.c.name_sort, instrument_actions.c.date, instrument_actions.c.source_row)
    )
    return [from_row(HeldAction, r) for r in conn.execute(query).mappings()]


def cutoff(year: int | None, on: date | None = None) -> str | None:
    """The last day a status is asked for: `on`, else the end of `year` (None: the latest)."""
    if on is not None:
        return on.isoformat()
    return None if year is None else f"{year:04d}-12-31"


def _known_by(act: HeldAction) -> str | None:
    """The day (or month, or year) by which the act is known to have happened: its own date,
    else its list's."""
    for known in (act.date, act.year, act.list_as_of, act.list_as_of_year):
        if known is not None and known != "":
            return str(known)
    return None


def _status(
    acts: list[HeldAction], until: str | None
) -> tuple[str, str | None, str | None, HeldAction | None]:
    """(status, date, note, the act that decides it) of one state on the day `until`
    ('YYYY-MM-DD'; None: all held)."""
    party = [a for a in acts if a.action in PARTY_ACTIONS]
    signed = [a for a in acts if a.action == "signature"]

    def first(done: list[HeldAction]) -> HeldAction:
        return min(done, key=lambda a: (a.date or a.list_as_of or "9999", a.source_row))

    if until is None:
        done_party, done_sign = party, signed
    else:
        done_party = [a for a in party if (_known_by(a) or until) <= until]
        done_sign = [a for a in signed if (_known_by(a) or until) <= until]
    if done_party:
        act = first(done_party)
        if act.date:
            return "party", act.date, None, act
        if act.list_as_of:
            return "party", None, f"a party by {act.list_as_of}; date not held", act
        return "party", None, "date not held: listed as a party for any year", act
    pending = [a for a in party if a.date is None and a.list_as_of_year is not None]
    if pending:
        act = first(pending)
        return "unknown", None, f"a party by {act.list_as_of}; date not held", act
    if done_sign:
        act = first(done_sign)
        note = None if act.date else "signature date not held"
        return "signatory", act.date, note, act
    later = [a for a in party + signed if a.date]
    note = f"{first(later).action} on {first(later).date}" if later else None
    return "none", None, note, None


def _first_party_year(acts: list[HeldAction]) -> int | None:
    years = [int(a.year) for a in acts if a.action in PARTY_ACTIONS and a.year]
    return min(years) if years else None


def binding(
    treaty_in_force: str | None,
    consent: str | None,
    own: str | None,
    rule: StateEntry | None = None,
) -> tuple[str | None, str | None]:
    """(the day a party is bound, and why that day). It is the later of the treaty's entry
    into force and the day the state's own instrument takes effect: the day a source gives
    (`own`), else the day the treaty's rule gives for its deposit, else the date of consent.
    A state that deposited before the treaty entered into force is bound from that entry
    into force, which the rule's day never passes for such a state."""
    if treaty_in_force is None or consent is None:
        return None, None
    by_rule = (
        rule.takes_effect(date.fromisoformat(consent)).isoformat()
        if rule is not None and len(consent) == 10
        else None
    )
    if own and rule is not None and by_rule is not None:
        effect = own
        how = (
            f"{rule.article}: {rule.describe()} (the source's own date agrees)"
            if own == by_rule
            else f"its own entry into force as the source gives it ({rule.article} gives {by_rule})"
        )
    elif own:
        effect, how = own, "its own entry into force, as the source gives it"
    elif rule is not None and by_rule is not None:
        effect, how = by_rule, f"{rule.article}: {rule.describe()}"
    else:
        effect = consent
        how = "its date of consent" if len(consent) == 10 else "its year of consent"
    if str(treaty_in_force) >= effect:
        return str(treaty_in_force), "the treaty's entry into force"
    return effect, how


def bound_from(
    treaty_in_force: str | None,
    consent: str | None,
    own: str | None,
    rule: StateEntry | None = None,
) -> str | None:
    """The day (or year, where only that is held) from which a party is bound."""
    return binding(treaty_in_force, consent, own, rule)[0]


def in_force(bound: str | None, until: str | None) -> bool | None:
    """Whether a party is bound on the day `until` (today when None); None: not known."""
    if bound is None:
        return None
    return until is None or bound <= until


def curated_parties(
    conn: Connection, instrument: Instrument, year: int | None, on: date | None = None
) -> Parties:
    """Each state with an action on the instrument, its status at the end of `year` (or on
    the day `on`), and caveats."""
    until = cutoff(year, on)
    year = on.year if on is not None else year
    rule = instrument.state_entry()
    held = actions(conn, instrument.id)
    by_state: dict[str, list[HeldAction]] = defaultdict(list)
    for act in held:
        by_state[act.country].append(act)
    states = []
    for code, acts in by_state.items():
        status, when, note, decided = _status(acts, until)
        own = [a.date for a in acts if a.action == "entry_into_force" and a.date]
        bound, how = (
            binding(instrument.entry_into_force, when, min(own) if own else None, rule)
            if status == "party"
            else (None, None)
        )
        # The source of the act that decides the status (the first, if none does).
        deciding = decided or acts[0]
        states.append(
            PartyStatus(
                country=code,
                name=acts[0].name,
                status=status,
                year=int(when[:4]) if when else None,
                date=when,
                note=note,
                in_force=in_force(bound, until) if status == "party" else False,
                bound_from=bound,
                bound_by=how,
                party_from=_first_party_year(acts),
                party_until=None,
                conflict=", ".join(sorted({a.conflict for a in acts if a.conflict})) or None,
                actions=tuple(
                    StateAction(**{k: getattr(a, k) for k in StateAction.model_fields})
                    for a in acts
                ),
                source_id=deciding.source_id,
                source_url=deciding.source_url,
            )
        )
    return Parties(
        instrument=instrument,
        as_of=year,
        on=on,
        counts=count_states(states, instrument),
        states=tuple(states),
        lists=_lists(held),
        complete_as_of=(complete_as_of(held) or (None,))[0],
        partial=is_partial(held, year),
        warnings=tuple(_warnings(held, states, year)),
        sources=tuple(sources_by_id(conn, sorted({a.source_id for a in held} | {CURATED}))),
    )


def count_states(states: list[PartyStatus], instrument: Instrument) -> PartyCounts:
    """States by status, and parties bound in the year asked (None where the treaty's entry
    into force is not held)."""
    by_status = {s: sum(1 for x in states if x.status == s) for s in ("party", "signatory")}
    return PartyCounts(
        party=by_status["party"],
        signatory=by_status["signatory"],
        unknown=sum(1 for x in states if x.status == "unknown"),
        none=sum(1 for x in states if x.status == "none"),
        in_force=None
        if instrument.entry_into_force is None
        else sum(1 for x in states if x.in_force),
    )


def _lists(held: list[HeldAction]) -> tuple[SourceList, ...]:
    """The source lists the actions were read from, with their date and completeness."""
    lists: dict[tuple[str, str | None, bool], int] = defaultdict(int)
    for a in held:
        lists[(a.source_url, a.list_as_of, a.list_complete)] += 1
    return tuple(
        SourceList(source_url=url, list_as_of=as_of, list_complete=complete, rows=n)
        for (url, as_of, complete), n in sorted(lists.items(), key=lambda i: str(i[0]))
    )


def is_partial(held: list[HeldAction], year: int | None) -> bool:
    """Whether the status asked rests on lists read only in part: no complete list covers
    it (none held, or only one older than the year asked and than later partial rows)."""
    complete = complete_as_of(held)
    partial = [a for a in held if not a.list_complete]
    if not partial:
        return False
    if complete is None:
        return True
    if year is not None and year <= int(complete[0][:4]):
        return False
    return any(str(a.list_as_of or a.date or "") > complete[0] for a in partial)


def complete_as_of(held: list[HeldAction]) -> tuple[str, str] | None:
    """(date, source id) of the most recent complete list held, if any."""
    dated = [
        (str(a.list_as_of), str(a.source_id)) for a in held if a.list_complete and a.list_as_of
    ]
    return max(dated) if dated else None


def _warnings(held: list[HeldAction], states: list[PartyStatus], year: int | None) -> list[str]:
    if not held:
        return [NO_DATA]
    out = []
    complete = complete_as_of(held)
    partial = any(not a.list_complete for a in held)
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
    undated = [s for s in states if s.status == "party" and s.date is None]
    if year is not None and any(s.note and "any year" in s.note for s in undated):
        out.append("some parties have no date held: they are listed as parties for any year")
    if year is not None and any(s.status == "unknown" for s in states):
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
