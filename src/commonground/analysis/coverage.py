"""Normative coverage: how many of the world's migrants live under an instrument.

Destination side: migrants living in a state party. Origin side: migrants born in (or
citizens of) a state party. Both come from one stock edition; party status is taken as of
each year through the instruments module, so bundled treaties and curated instruments answer
alike. Migrants of unknown origin can never count on the origin side; they stay in the total.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, replace
from typing import Self

import numpy as np
from pydantic import Field
from sqlalchemy import Connection

from commonground.analysis.areas import area_names, country_codes
from commonground.analysis.catalogue import sources_by_id
from commonground.analysis.corridors import CorridorTable, stock_corridors, stock_edition
from commonground.analysis.declare import Declared, Edition, Params, Year
from commonground.analysis.instruments import parties
from commonground.analysis.result import Analysis, Summary, share


@dataclass(frozen=True)
class Covered:
    """Migrants living in a party (destination side), coming from one (origin side), and both,
    out of the world's; None where no party data is held (coverage unknown, not zero)."""

    parties: int
    world: int
    destination_covered: int | None
    destination_share: float | None
    origin_covered: int | None
    origin_share: float | None
    both_covered: int | None
    both_share: float | None

    def unknown(self) -> Self:
        """The same world, with every covered figure unknown."""
        return replace(
            self,
            destination_covered=None,
            destination_share=None,
            origin_covered=None,
            origin_share=None,
            both_covered=None,
            both_share=None,
        )


@dataclass(frozen=True)
class _Year:
    year: int


@dataclass(frozen=True)
class _Counted:
    ratifications: int
    source_id: str


@dataclass(frozen=True)
class CoverageYear(_Counted, Covered, _Year):
    """Coverage in one year of the edition, with the parties as of that year."""


@dataclass(frozen=True)
class UncoveredCorridor:
    """One of the largest corridors between two states with no party at either end."""

    rank: int
    origin: str
    origin_name: str
    destination: str
    destination_name: str
    stock: int
    share_of_world: float | None


@dataclass(frozen=True)
class AggregateApart:
    """Migrants in corridors with an aggregate at one end, by that end."""

    side: str
    area: str
    area_name: str
    stock: int
    share_of_world: float | None


class CoverageSummary(Summary):
    """How many of the world's migrants live under an instrument, in the chosen year: the
    instrument, the stock edition, how parties are counted and the headline coverage."""

    instrument: str
    instrument_title: str
    edition: str
    year: int
    years_available: list[int]
    status_data_as_of: str | None
    """The day the party status data are current to."""
    entry_into_force: str | None
    counts: str
    """What counts as a party: "parties in force", or "ratifications" where the treaty's
    entry into force is not held."""
    ratifications: int
    """States that had consented to be bound as of the year."""
    parties: int
    """States counted as parties (in force, where that is known)."""
    world: int
    destination_covered: int | None
    """Migrants living in a party (None where no party data is held)."""
    destination_share: float | None
    origin_covered: int | None
    """Migrants born in or citizens of a party (None where no party data is held)."""
    origin_share: float | None
    both_covered: int | None
    """Migrants in corridors with a party at each end."""
    both_share: float | None


def coverage(
    conn: Connection,
    instrument: str,
    *,
    year: int | None = None,
    edition: str | None = None,
    top: int = 10,
) -> Analysis[CoverageSummary]:
    chosen = stock_edition(conn, edition, year)
    corridors = stock_corridors(conn, chosen.source_id, chosen.years)
    names = area_names(conn)
    series: list[CoverageYear] = []
    for y in chosen.years:
        at = parties(conn, instrument, as_of=y)
        covered = _covered(corridors[y], at.party_codes())
        series.append(
            CoverageYear(
                year=y, **asdict(covered), ratifications=at.counts.party, source_id=chosen.source_id
            )
        )
    status = parties(conn, instrument, as_of=chosen.year)
    party = status.party_codes()
    counted = "parties in force" if status.counts.in_force is not None else "ratifications"
    headline = _covered(corridors[chosen.year], party)
    state_codes = country_codes(conn)
    uncovered = _uncovered(corridors[chosen.year], party, names, top, state_codes)
    apart = _aggregates_apart(corridors[chosen.year], names, state_codes)
    instrument_row = status.instrument
    warnings = list(status.warnings)
    if not status.states:
        warnings.append(
            f"no party data held for {instrument_row.id}: coverage is unknown, not zero"
        )
        headline = headline.unknown()
        series = [s.unknown() for s in series]
    elif not party:
        warnings.append(f"no state is a party to {instrument_row.id} as of {chosen.year}")
    if status.counts.in_force is None and status.states:
        warnings.append(
            f"the entry into force of {instrument_row.id} is not held: coverage counts every"
            " state that had ratified or acceded, in force or not"
        )
    source_ids = [chosen.source_id, instrument_row.source_id]
    return Analysis(
        name="coverage",
        summary=CoverageSummary(
            instrument=instrument_row.id,
            instrument_title=instrument_row.title,
            edition=chosen.source_id,
            year=chosen.year,
            years_available=chosen.years,
            status_data_as_of=instrument_row.status_as_of,
            entry_into_force=instrument_row.entry_into_force,
            counts=counted,
            ratifications=status.counts.party,
            **asdict(headline),
        ),
        tables={
            "series": [asdict(s) for s in series],
            "uncovered_corridors": [asdict(u) for u in uncovered],
            "aggregates_apart": [asdict(a) for a in apart],
        },
        method=[
            "World total: every corridor of the edition for the year, both sexes, unknown"
            " origins included.",
            "Destination side: migrants living in a state party; origin side: migrants from a"
            " state party; both sides: corridors with a party at each end.",
            "Party status is taken as of each year of the series, counting parties in force: a"
            " state is bound from the later of the treaty's entry into force and the date its"
            " own instrument takes effect (where a source gives it, else its date of"
            " ratification or accession); before that it has ratified but is not yet bound."
            " Where the treaty's entry into force is not held, every ratification counts.",
            f"Uncovered corridors: the {top} largest corridors between two states with no party"
            " at either end. Corridors with an unknown origin (OOO) or another aggregate at one"
            " end are not ranked among them: they are listed apart, each with its share of the"
            " world's migrants.",
        ],
        sources=sources_by_id(conn, list(dict.fromkeys(source_ids))),
        warnings=warnings,
    )


def _covered(table: CorridorTable, party: set[str]) -> Covered:
    mask = table.mask(party)
    in_d, in_o = mask[table.destination], mask[table.origin]
    world = table.world
    dest = float(table.stock[in_d].sum())
    orig = float(table.stock[in_o].sum())
    both = float(table.stock[in_d & in_o].sum())
    return Covered(
        parties=len(party),
        world=int(world),
        destination_covered=int(dest),
        destination_share=share(dest, world),
        origin_covered=int(orig),
        origin_share=share(orig, world),
        both_covered=int(both),
        both_share=share(both, world),
    )


def _uncovered(
    table: CorridorTable, party: set[str], names: dict[str, str], top: int, states: set[str]
) -> list[UncoveredCorridor]:
    mask = table.mask(party)
    state = table.mask(states)
    between_states = state[table.destination] & state[table.origin]
    outside = np.flatnonzero(~mask[table.destination] & ~mask[table.origin] & between_states)
    largest = outside[np.argsort(-table.stock[outside], kind="stable")[:top]]
    selected = np.zeros(len(table.stock), dtype=bool)
    selected[largest] = True
    rows = sorted(table.rows(selected), key=lambda c: -c[2])
    world = table.world
    return [
        UncoveredCorridor(i + 1, o, names.get(o, o), d, names.get(d, d), int(v), share(v, world))
        for i, (o, d, v) in enumerate(rows)
    ]


def _aggregates_apart(
    table: CorridorTable, names: dict[str, str], states: set[str]
) -> list[AggregateApart]:
    """Migrants in corridors with an aggregate end (unknown origin, "Other South", ...), by
    that end: never a state, so never covered nor ranked among the uncovered corridors."""
    world = table.world
    out = []
    for side in ("origin", "destination"):
        for code, persons in sorted(table.by_area(side).items(), key=lambda kv: -kv[1]):
            if code in states or not persons:
                continue
            out.append(
                AggregateApart(
                    side, code, names.get(code, code), int(persons), share(persons, world)
                )
            )
    return out


class CoverageParams(Params):
    instrument: str = Field(description="Instrument id, e.g. icmw")
    year: Year = None
    edition: Edition = None
    top: int = Field(10, ge=1, le=1000, description="Largest uncovered corridors to list")


DECLARED = Declared(
    name="coverage",
    summary="Share of the world's migrants living in or coming from parties",
    example="commonground analyse coverage icmw --year 2020",
    params=CoverageParams,
    answers=CoverageSummary,
    rows={
        "series": CoverageYear,
        "uncovered_corridors": UncoveredCorridor,
        "aggregates_apart": AggregateApart,
    },
    run=lambda conn, p: coverage(conn, p.instrument, year=p.year, edition=p.edition, top=p.top),
    arguments=("instrument",),
)
