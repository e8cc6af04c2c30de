"""Normative coverage: how many of the world's migrants live under an instrument.

Destination side: migrants living in a state party. Origin side: migrants born in (or
citizens of) a state party. Both come from one stock edition; party status is taken as of
each year through the instruments module, so bundled treaties and curated instruments answer
alike. Migrants of unknown origin can never count on the origin side; they stay in the total.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from pydantic import Field
from sqlalchemy import Connection

from commonground.analysis.areas import area_names
from commonground.analysis.catalogue import sources_by_id
from commonground.analysis.corridors import CorridorTable, stock_corridors, stock_edition
from commonground.analysis.declare import Declared, Edition, Params, Year
from commonground.analysis.instruments import parties
from commonground.analysis.result import Analysis, share


def coverage(
    conn: Connection,
    instrument: str,
    *,
    year: int | None = None,
    edition: str | None = None,
    top: int = 10,
) -> Analysis:
    chosen = stock_edition(conn, edition, year)
    corridors = stock_corridors(conn, chosen.source_id, chosen.years)
    names = area_names(conn)
    series: list[dict[str, Any]] = []
    for y in chosen.years:
        party = _parties(parties(conn, instrument, as_of=y))
        series.append({"year": y, **_covered(corridors[y], party), "source_id": chosen.source_id})
    status = parties(conn, instrument, as_of=chosen.year)
    party = _parties(status)
    headline = _covered(corridors[chosen.year], party)
    uncovered = _uncovered(corridors[chosen.year], party, names, top)
    instrument_row = status["instrument"]
    warnings = list(status["warnings"])
    if not status["states"]:
        warnings.append(
            f"no party data held for {instrument_row['id']}: coverage is unknown, not zero"
        )
        for row in [headline, *series]:
            row.update({k: None for k in row if k.endswith(("_covered", "_share"))})
    elif not party:
        warnings.append(f"no state is a party to {instrument_row['id']} as of {chosen.year}")
    source_ids = [chosen.source_id, instrument_row["source_id"]]
    return Analysis(
        name="coverage",
        summary={
            "instrument": instrument_row["id"],
            "instrument_title": instrument_row["title"],
            "edition": chosen.source_id,
            "year": chosen.year,
            "years_available": chosen.years,
            "status_data_as_of": instrument_row.get("status_as_of"),
            **headline,
        },
        tables={"series": series, "uncovered_corridors": uncovered},
        method=[
            "World total: every corridor of the edition for the year, both sexes, unknown"
            " origins included.",
            "Destination side: migrants living in a state party; origin side: migrants from a"
            " state party; both sides: corridors with a party at each end.",
            "Party status is taken as of each year of the series (ratification or accession"
            " year at most that year).",
            f"Uncovered corridors: the {top} largest corridors with no party at either end.",
        ],
        sources=sources_by_id(conn, list(dict.fromkeys(source_ids))),
        warnings=warnings,
    )


def _parties(status: dict[str, Any]) -> set[str]:
    return {s["country"] for s in status["states"] if s["status"] == "party"}


def _covered(table: CorridorTable, party: set[str]) -> dict[str, Any]:
    mask = table.mask(party)
    in_d, in_o = mask[table.destination], mask[table.origin]
    world = table.world
    dest = float(table.stock[in_d].sum())
    orig = float(table.stock[in_o].sum())
    both = float(table.stock[in_d & in_o].sum())
    return {
        "parties": len(party),
        "world": int(world),
        "destination_covered": int(dest),
        "destination_share": share(dest, world),
        "origin_covered": int(orig),
        "origin_share": share(orig, world),
        "both_covered": int(both),
        "both_share": share(both, world),
    }


def _uncovered(
    table: CorridorTable, party: set[str], names: dict[str, str], top: int
) -> list[dict[str, Any]]:
    mask = table.mask(party)
    outside = np.flatnonzero(~mask[table.destination] & ~mask[table.origin])
    largest = outside[np.argsort(-table.stock[outside], kind="stable")[:top]]
    selected = np.zeros(len(table.stock), dtype=bool)
    selected[largest] = True
    rows = sorted(table.rows(selected), key=lambda c: -c[2])
    world = table.world
    return [
        {
            "rank": i + 1,
            "origin": o,
            "origin_name": names.get(o, o),
            "destination": d,
            "destination_name": names.get(d, d),
            "stock": int(v),
            "share_of_world": share(v, world),
        }
        for i, (o, d, v) in enumerate(rows)
    ]


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
    run=lambda conn, p: coverage(conn, p.instrument, year=p.year, edition=p.edition, top=p.top),
    arguments=("instrument",),
)
