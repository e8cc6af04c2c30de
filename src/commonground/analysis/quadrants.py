"""North/South corridors: migrant stock between groups of origin and of destination.

"North" and "South" are the UN DESA more and less developed regions (the bundle's 2019 annex;
for the 2017 edition its own published group totals agree with it to the person). The 2017
table's "Other North" and "Other South" origins count on their side; an unknown origin is
kept apart, never guessed. The same matrix reads by income group or by M49 region.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import asdict, dataclass
from typing import Any

import numpy as np
from pydantic import ConfigDict, Field
from pydantic.dataclasses import dataclass as row_type
from sqlalchemy import Connection

from commonground.analysis.areas import AreaInfo, area_info, classify
from commonground.analysis.catalogue import role, sources_by_id
from commonground.analysis.corridors import CorridorTable, stock_corridors, stock_edition
from commonground.analysis.declare import Declared, Edition, Params, Year
from commonground.analysis.flows import check_year
from commonground.analysis.result import Analysis, Rows, Summary, share
from commonground.analysis.stock import published_total
from commonground.domain.errors import InvalidQuery

SCHEMES = ("development_group", "income_group", "region")
NORTH_SOUTH = {"more developed": "North", "less developed": "South"}
UNKNOWN = "unknown origin"
Matrix = dict[tuple[str, str], float]
"""Migrant stock by (origin group, destination group)."""


@dataclass(frozen=True)
class Corridor:
    """Migrant stock from one group to another, and its share of the world's."""

    origin_group: str
    destination_group: str
    corridor: str
    stock: int
    share_of_world: float | None
    source_id: str


@dataclass(frozen=True)
class Hosted:
    """Migrant stock living in one destination group, from every origin."""

    destination_group: str
    stock: int
    share_of_world: float | None


@dataclass(frozen=True)
class OriginMix:
    """The migrants of one destination group who come from one origin group."""

    destination_group: str
    origin_group: str
    stock: int
    share_of_destination_group: float | None


@dataclass(frozen=True)
class Growth:
    """A corridor's stock in two years, its change and its annual rate of change."""

    origin_group: str
    destination_group: str
    start: int
    end: int
    stock_start: int
    stock_end: int
    change: int
    growth: float | None
    annual_rate: float | None

    def row(self) -> dict[str, Any]:
        """The table row, whose stock columns are named after their years."""
        return {
            "origin_group": self.origin_group,
            "destination_group": self.destination_group,
            f"stock_{self.start}": self.stock_start,
            f"stock_{self.end}": self.stock_end,
            "change": self.change,
            "growth": self.growth,
            "annual_rate": self.annual_rate,
        }


@row_type(frozen=True, config=ConfigDict(extra="allow"))
class GrowthRow:
    """A row of the growth table: a corridor's change between two years and its annual rate,
    with its stock in each year as `stock_<start>` and `stock_<end>`, columns named after the
    years (after `destination_group`)."""

    origin_group: str
    destination_group: str
    change: int
    growth: float | None
    annual_rate: float | None


class QuadrantsSummary(Summary):
    """The edition, year and grouping of the corridors, the world's migrants between groups
    and, split North/South only, the four North/South corridors and the edition's own
    published group totals; those figures are absent (not None) under another split."""

    edition: str
    year: int
    since: int | None
    """The base year of the growth table, where one was asked."""
    by: str
    """The classification the groups are read from."""
    years_available: list[int]
    world: int
    """Migrants in every corridor, between groups or not."""
    north_to_north: int | None = Field(None, alias="North → North")
    north_to_south: int | None = Field(None, alias="North → South")
    south_to_north: int | None = Field(None, alias="South → North")
    south_to_south: int | None = Field(None, alias="South → South")
    published_hosted_North: int | None = None
    """The edition's own published total of migrants living in the North, where it has one."""
    published_hosted_South: int | None = None
    """The edition's own published total of migrants living in the South, where it has one."""

    def figures(self) -> dict[str, Any]:
        """The figures held, in order: a North/South figure not set is left out, not None."""
        return self.model_dump(by_alias=True, exclude_unset=True)


def quadrants(
    conn: Connection,
    *,
    edition: str | None = None,
    year: int | None = None,
    since: int | None = None,
    by: str = "development_group",
) -> Analysis[QuadrantsSummary]:
    if by not in SCHEMES:
        raise InvalidQuery(f"cannot split corridors by {by!r}", field="by", allowed=list(SCHEMES))
    chosen = stock_edition(conn, edition, year)
    base = None if since is None else check_year(chosen.years, since, f"edition {chosen.source_id}")
    info = area_info(conn)
    years = [chosen.year] if base is None else [base, chosen.year]
    tables = stock_corridors(conn, chosen.source_id, years)
    matrix = _matrix(tables[chosen.year], info, by)
    world = sum(matrix.values())
    rows = [
        Corridor(o, d, f"{o} → {d}", int(v), share(v, world), chosen.source_id)
        for (o, d), v in sorted(matrix.items(), key=lambda kv: -kv[1])
    ]
    result_tables: dict[str, Rows] = {
        "corridors": [asdict(r) for r in rows],
        "hosted": [asdict(r) for r in _hosted(matrix, world)],
        "origin_mix": [asdict(r) for r in _origin_mix(matrix)],
    }
    if base is not None:
        growth = _growth(_matrix(tables[base], info, by), matrix, base, chosen.year)
        result_tables["growth"] = [g.row() for g in growth]
    north_south = by == "development_group"
    summary = QuadrantsSummary(
        edition=chosen.source_id,
        year=chosen.year,
        since=base,
        by=by,
        years_available=chosen.years,
        world=int(world),
        **(_north_south(conn, matrix, chosen.source_id, chosen.year) if north_south else {}),
    )
    return Analysis(
        name="quadrants",
        summary=summary,
        tables=result_tables,
        method=[
            "North = UN DESA more developed regions, South = less developed regions, from the"
            " 2019 annex in the bundle; the 2017 table's Other North / Other South origins count"
            " on their side.",
            "Corridors whose origin is unknown (OOO) or whose area has no group are shown as such,"
            " never assigned.",
            "Growth: change between the two years and the annual rate of change"
            " r = ln(stock_end / stock_start) / years, as UN DESA computes it.",
        ],
        sources=sources_by_id(
            conn,
            [chosen.source_id, *role(conn, "development_groups"), *role(conn, "classification")],
        ),
    )


def _north_south(
    conn: Connection, matrix: Matrix, source_id: str, year: int
) -> dict[str, int | None]:
    """The North/South corridors held (by their published names) and, where the edition
    publishes its own group totals, those beside ours."""
    figures: dict[str, int | None] = {
        f"{o} → {d}": int(v)
        for (o, d), v in matrix.items()
        if o in NORTH_SOUTH.values() and d in NORTH_SOUTH.values()
    }
    for label, area in (("North", "more-developed-regions"), ("South", "less-developed-regions")):
        figures[f"published_hosted_{label}"] = published_total(conn, source_id, year, area)
    return figures


def _group(info: Mapping[str, AreaInfo], code: str, by: str) -> str:
    if code == "OOO":
        return UNKNOWN
    group = classify(info, code, by)
    if by == "development_group":
        return NORTH_SOUTH.get(group, group)
    return group


def _matrix(table: CorridorTable, info: Mapping[str, AreaInfo], by: str) -> Matrix:
    labels = sorted({_group(info, c, by) for c in table.codes})
    group = np.array([labels.index(_group(info, c, by)) for c in table.codes], dtype=np.int64)
    n = len(labels)
    key = group[table.origin] * n + group[table.destination]
    sums = np.bincount(key, weights=table.stock, minlength=n * n)
    return {(labels[k // n], labels[k % n]): float(v) for k, v in enumerate(sums) if v}


def _hosted(matrix: Matrix, world: float) -> list[Hosted]:
    hosted: dict[str, float] = defaultdict(float)
    for (_, d), v in matrix.items():
        hosted[d] += v
    return [
        Hosted(d, int(v), share(v, world)) for d, v in sorted(hosted.items(), key=lambda kv: -kv[1])
    ]


def _origin_mix(matrix: Matrix) -> list[OriginMix]:
    hosted: dict[str, float] = defaultdict(float)
    for (_, d), v in matrix.items():
        hosted[d] += v
    rows = [OriginMix(d, o, int(v), share(v, hosted[d])) for (o, d), v in matrix.items()]
    return sorted(rows, key=lambda r: (r.destination_group, -r.stock))


def _growth(before: Matrix, after: Matrix, start: int, end: int) -> list[Growth]:
    rows = []
    for key in sorted(set(before) | set(after), key=lambda k: -after.get(k, 0.0)):
        a, b = before.get(key, 0.0), after.get(key, 0.0)
        rate = math.log(b / a) / (end - start) if a > 0 and b > 0 and end != start else None
        rows.append(
            Growth(key[0], key[1], start, end, int(a), int(b), int(b - a), share(b - a, a), rate)
        )
    return rows


class QuadrantsParams(Params):
    edition: Edition = None
    year: Year = None
    since: int | None = Field(None, description="Base year for growth rates")
    by: str = Field("development_group", description=", ".join(SCHEMES))


DECLARED = Declared(
    name="quadrants",
    summary="North/South (or income, region) corridors, hosts, growth",
    example="commonground analyse quadrants --edition 2020 --since 1990",
    params=QuadrantsParams,
    answers=QuadrantsSummary,
    rows={"corridors": Corridor, "hosted": Hosted, "origin_mix": OriginMix, "growth": GrowthRow},
    run=lambda conn, p: quadrants(conn, edition=p.edition, year=p.year, since=p.since, by=p.by),
)
