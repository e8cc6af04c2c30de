"""Typed records of a treaty and its parties, as the analysis hands them to the API and pages.

One shape for both ways a treaty's parties are held (a status file with one row per UN
member, or dated state actions), so that coverage, maps, the CLI and the API read the same
fields by name rather than by string key.
"""

from __future__ import annotations

import calendar
from datetime import date, timedelta
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict

from commonground.domain.citation import Citation

Status = Literal["party", "signatory", "unknown", "none"]


class _Record(BaseModel):
    model_config = ConfigDict(frozen=True)


class StateEntry(_Record):
    """When the treaty enters into force for a state that deposits its instrument later than
    the deposits that brought the treaty into force: `days` after the deposit, or the first
    day of the month after `months` months. The treaty's own article says which."""

    days: int = 0
    months: int = 0
    article: str
    source_url: str
    source_says: str

    def takes_effect(self, deposit: date) -> date:
        """The day the treaty binds a state that deposited on `deposit`."""
        if not self.months:
            return deposit + timedelta(days=self.days)
        # "the first day of the month following a period of N months after the deposit"
        month = deposit.month - 1 + self.months
        year, month = deposit.year + month // 12, month % 12 + 1
        day = min(deposit.day, calendar.monthrange(year, month)[1])
        ends = date(year, month, day)
        after = ends.replace(day=calendar.monthrange(ends.year, ends.month)[1]) + timedelta(days=1)
        return after

    def describe(self) -> str:
        if self.months:
            return f"the first day of the month after {self.months} months from its deposit"
        if self.days:
            return f"the {self.days}th day after its deposit"
        return "the day of its deposit"


class Instrument(_Record):
    """One row of the instruments table."""

    id: str
    title: str
    short_name: str
    kind: str
    binding: bool | None = None
    adopted: str | None = None
    entry_into_force: str | None = None
    status_as_of: str | None = None
    coverage: str | None = None
    source_id: str
    pillar: int | None = None
    depositary: str | None = None
    url: str | None = None
    source_url: str | None = None
    source_says: str | None = None
    note: str | None = None
    source_row: int | None = None
    state_entry_days: int | None = None
    state_entry_months: int | None = None
    state_entry_article: str | None = None
    state_entry_url: str | None = None
    state_entry_says: str | None = None

    def state_entry(self) -> StateEntry | None:
        """The rule for a later party's own entry into force, where the declaration gives it."""
        if self.state_entry_article is None:
            return None
        return StateEntry(
            days=self.state_entry_days or 0,
            months=self.state_entry_months or 0,
            article=self.state_entry_article,
            source_url=self.state_entry_url or "",
            source_says=self.state_entry_says or "",
        )


class StateAction(_Record):
    """One dated act of a state on a treaty, as a source lists it."""

    action: str
    date: str | None = None
    source_id: str
    name_as_read: str | None = None
    list_as_of: str | None = None
    list_complete: bool = True
    source_url: str | None = None
    source_says: str | None = None
    note: str | None = None
    conflict: str | None = None


class PartyStatus(_Record):
    """One state's status on a treaty as of the date asked, and when it is bound."""

    country: str
    name: str
    status: Status
    year: int | None = None
    date: str | None = None
    note: str | None = None
    in_force: bool | None = None
    bound_from: str | None = None
    bound_by: str | None = None
    party_from: int | None = None
    party_until: int | None = None
    signature_date_known: bool | None = None
    conflict: str | None = None
    source_id: str
    source_row: int | None = None
    source_url: str | None = None
    actions: tuple[StateAction, ...] = ()

    def row(self) -> dict[str, Any]:
        """The flat row of a table (the actions are listed on their own)."""
        return self.model_dump(exclude={"actions"})


class PartyCounts(_Record):
    """States by status; `in_force` is None where the treaty's entry into force is not held."""

    party: int
    signatory: int
    unknown: int
    none: int
    in_force: int | None


class SourceList(_Record):
    """A list the actions were read from, with its date and whether it was read in full."""

    source_url: str
    list_as_of: str | None
    list_complete: bool
    rows: int


class Parties(_Record):
    """Each state's status on one instrument at the end of a year, or on a day (`on`; both
    None: the latest held)."""

    instrument: Instrument
    as_of: int | None
    on: date | None = None
    counts: PartyCounts
    states: tuple[PartyStatus, ...]
    warnings: tuple[str, ...]
    sources: tuple[Citation, ...]
    lists: tuple[SourceList, ...] = ()
    complete_as_of: str | None = None
    partial: bool = False

    def party_codes(self) -> set[str]:
        """Parties in force where the entry into force is held, else every party."""
        if self.counts.in_force is None:
            return {s.country for s in self.states if s.status == "party"}
        return {s.country for s in self.states if s.status == "party" and s.in_force}


class StateBinding(_Record):
    """One state's standing on one instrument: since when it has consented, and from which day
    the instrument binds it, with the rule (the treaty's article) that gives that day."""

    instrument_id: str
    short_name: str
    status: Status
    consent: str | None
    bound_from: str | None
    bound_by: str | None
    in_force: bool | None
    rule: StateEntry | None


class InstrumentSummary(Instrument):
    """An instrument in the list, with its party counts today."""

    parties: int
    party_data: str
    parties_in_force: int | None
    partial: bool
