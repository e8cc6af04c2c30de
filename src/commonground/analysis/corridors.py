"""Migrant stock corridors (origin, destination, persons) of one edition, for the analyses.

Coverage, quadrants, representation and coalitions all start from the same corridor table of
one edition and year (both sexes); it is read through the shared flow query, so aggregate
destinations are never counted as countries and editions are never mixed.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
from sqlalchemy import Connection, select

from commonground.analysis.editions import resolve_edition
from commonground.analysis.flows import available_years, check_year
from commonground.analysis.memo import keep, kept
from commonground.analysis.stock import STOCK
from commonground.domain.errors import InvalidQuery
from commonground.evidence.store.tables import areas, migrant_stock, stock_totals

Corridor = tuple[str, str, float]  # origin, destination, persons


@dataclass(frozen=True)
class StockEdition:
    """An edition with origins, the years it covers and the year chosen."""

    source_id: str
    years: list[int]
    year: int


def stock_edition(conn: Connection, edition: str | None, year: int | None) -> StockEdition:
    """The edition (default: the latest) and year; a clear error for a year it lacks."""
    source_id = resolve_edition(conn, "stock", edition, migrant_stock, stock_totals)
    years = available_years(conn, STOCK, source_id, {"sex": "total"})
    if not years:
        raise InvalidQuery(
            f"edition {source_id} gives totals by destination only; corridors need an edition"
            " with origins (2017, 2020, 2024 or wb-2017)",
            field="edition",
        )
    return StockEdition(source_id, years, check_year(years, year, f"edition {source_id}"))


@dataclass(frozen=True)
class CorridorTable:
    """Corridors as arrays: area indexes into `codes` for each end, and persons."""

    codes: list[str]
    origin: npt.NDArray[np.int64]
    destination: npt.NDArray[np.int64]
    stock: npt.NDArray[np.float64]

    @property
    def world(self) -> float:
        return float(self.stock.sum())

    def mask(self, states: Iterable[str]) -> npt.NDArray[np.bool_]:
        """True for each area code in `states` (indexable by `origin` or `destination`)."""
        wanted = set(states)
        return np.array([c in wanted for c in self.codes], dtype=bool)

    def rows(self, selected: npt.NDArray[np.bool_] | None = None) -> Iterator[Corridor]:
        """(origin, destination, persons) for every corridor, or the selected ones."""
        index = np.arange(len(self.stock)) if selected is None else np.flatnonzero(selected)
        for i in index:
            yield (
                self.codes[self.origin[i]],
                self.codes[self.destination[i]],
                float(self.stock[i]),
            )

    def by_area(self, side: str) -> dict[str, float]:
        """Persons summed by destination or by origin."""
        index = self.destination if side == "destination" else self.origin
        sums = np.bincount(index, weights=self.stock, minlength=len(self.codes))
        return {c: float(v) for c, v in zip(self.codes, sums, strict=True) if v}


def stock_corridors(
    conn: Connection, source_id: str, years: Sequence[int]
) -> dict[int, CorridorTable]:
    """Every corridor of the edition for each year asked, both sexes (kept per build: see memo).

    The years not yet kept are read in one query.
    """
    wanted = [int(y) for y in years]
    found = {y: kept(conn, _key(source_id, y)) for y in wanted}
    missing = [y for y, table in found.items() if table is None]
    if missing:
        for y, table in _read(conn, source_id, missing).items():
            found[y] = keep(conn, _key(source_id, y), table)
    return found


def year_corridors(conn: Connection, source_id: str, year: int) -> CorridorTable:
    """Every corridor of the edition in one year, both sexes (kept per build: see memo)."""
    return stock_corridors(conn, source_id, [year])[year]


def _key(source_id: str, year: int) -> tuple[str, str, int]:
    return ("stock-corridors", source_id, year)


def _read(conn: Connection, source_id: str, years: list[int]) -> dict[int, CorridorTable]:
    """Corridors of the given years; aggregate destinations (e.g. WORLD) are never summed."""
    t = migrant_stock
    aggregates = select(areas.c.code).where(areas.c.kind == "aggregate")
    query = (
        select(t.c.year, t.c.origin, t.c.destination, t.c.stock)
        .where(t.c.source_id == source_id, t.c.sex == "total", t.c.year.in_(years))
        .where(t.c.destination.not_in(aggregates))
        .order_by(t.c.year, t.c.origin, t.c.destination)
    )
    by_year: dict[int, list[tuple[str, str, float]]] = {y: [] for y in years}
    for year, origin, destination, persons in conn.execute(query):
        by_year[int(year)].append((origin, destination, persons))
    return {y: _table(rows) for y, rows in by_year.items()}


def _table(rows: list[tuple[str, str, float]]) -> CorridorTable:
    codes = sorted({r[0] for r in rows} | {r[1] for r in rows})
    index = {c: i for i, c in enumerate(codes)}
    return CorridorTable(
        codes,
        np.fromiter((index[r[0]] for r in rows), dtype=np.int64, count=len(rows)),
        np.fromiter((index[r[1]] for r in rows), dtype=np.int64, count=len(rows)),
        np.fromiter((r[2] for r in rows), dtype=np.float64, count=len(rows)),
    )
