"""Countries and areas: lookup by any code or spelling, and their classifications."""

from __future__ import annotations

import difflib
from collections.abc import Mapping
from dataclasses import dataclass, fields
from typing import Any

from sqlalchemy import Connection, Select, select

from commonground.analysis.memo import memo
from commonground.analysis.paging import Window, read_page
from commonground.domain.errors import NotFound
from commonground.evidence.countries import normalise
from commonground.evidence.store.tables import area_aliases, areas

COUNTRY_KINDS = ("country", "territory")
# Curated pseudo-areas (the rest of the North, of the South) belong to a development group
# by what they are, not by a classification row.
PSEUDO_DEVELOPMENT = {"other-north": "more developed", "other-south": "less developed"}
SCHEMES = ("region", "subregion", "development_group", "income_group")


@dataclass(frozen=True)
class AreaInfo:
    """What the analyses name and group an area by: its name, kind and classifications."""

    code: str
    name: str
    kind: str
    region: str | None
    subregion: str | None
    development_group: str | None
    income_group: str | None

    def group(self, scheme: str) -> str | None:
        """Its group under one of `SCHEMES`, or None where it has none."""
        if scheme not in SCHEMES:
            return None
        value: str | None = getattr(self, scheme)
        return value


def area_info(conn: Connection) -> dict[str, AreaInfo]:
    """Name, kind and classifications of every area, by code (kept per build: see memo)."""
    return memo(conn, "area-info", lambda: _read_area_info(conn))


def _read_area_info(conn: Connection) -> dict[str, AreaInfo]:
    query = select(
        areas.c.code,
        areas.c.name,
        areas.c.kind,
        areas.c.region,
        areas.c.subregion,
        areas.c.development_group,
        areas.c.income_group,
    )
    return {r.code: AreaInfo(**r._mapping) for r in conn.execute(query)}


def classify(info: Mapping[str, AreaInfo], code: str | None, scheme: str) -> str:
    """The group an area belongs to under a scheme; pseudo-areas are named for what they are."""
    if code is None:
        return "all"
    area = info.get(code)
    if scheme == "development_group" and code in PSEUDO_DEVELOPMENT:
        return PSEUDO_DEVELOPMENT[code]
    value = area.group(scheme) if area is not None else None
    if value:
        return str(value)
    if area is not None and area.kind == "aggregate":
        return f"unallocated ({area.name})"
    return "not classified"


def find_area(conn: Connection, value: str) -> str | None:
    """The area code for an ISO3, ISO2 or M49 code or any known spelling, or None."""
    text = value.strip()
    if not text:
        return None
    if len(text) == 2 and text.isalpha():
        found = conn.execute(select(areas.c.code).where(areas.c.iso2 == text.upper())).scalar()
        if found:
            return str(found)
    if text.isdigit():
        found = conn.execute(select(areas.c.code).where(areas.c.m49 == int(text))).scalar()
        if found:
            return str(found)
    found = conn.execute(select(areas.c.code).where(areas.c.code == text)).scalar()
    if found is None and len(text) == 3:
        found = conn.execute(select(areas.c.code).where(areas.c.code == text.upper())).scalar()
    if found is None:
        found = conn.execute(
            select(area_aliases.c.code).where(area_aliases.c.key == normalise(text))
        ).scalar()
    return None if found is None else str(found)


MATCH_LENGTH = 80


def suggest_areas(conn: Connection, value: str, limit: int = 5) -> list[str]:
    """Close matches ("ISO3 Name") for a value nothing resolved."""
    keys = dict(conn.execute(select(area_aliases.c.key, area_aliases.c.code)).all())
    names = dict(conn.execute(select(areas.c.code, areas.c.name)).all())
    # Names are short: a long value is cut so that one search stays cheap.
    matches = difflib.get_close_matches(
        normalise(value[:MATCH_LENGTH]), list(keys), n=limit * 4, cutoff=0.5
    )
    codes: list[str] = []
    for key in matches:
        if keys[key] not in codes:
            codes.append(keys[key])
    return [f"{c} ({names[c]})" for c in codes[:limit]]


def require_area(conn: Connection, value: str, *, what: str = "country or area") -> str:
    code = find_area(conn, value)
    if code is None:
        suggestions = suggest_areas(conn, value)
        hint = f"; did you mean {', '.join(suggestions)}?" if suggestions else ""
        raise NotFound(f"unknown {what} {value!r}{hint}", suggestions=suggestions)
    return code


@dataclass(frozen=True)
class Area:
    """A country, territory, former state or aggregate as the areas table holds it (its
    fields in the table's order), and its ISO3 code: None for an aggregate, whose code is not
    one."""

    code: str
    name: str
    kind: str
    aggregate_type: str | None
    iso2: str | None
    m49: int | None
    name_sort: str | None
    region_code: int | None
    region: str | None
    subregion_code: int | None
    subregion: str | None
    intregion_code: int | None
    intregion: str | None
    iom_region: str | None
    development_group: str | None
    ldc: bool | None
    lldc: bool | None
    sids: bool | None
    income_group: str | None
    un_member: bool
    note: str | None
    source_id: str | None
    iso3: str | None

    @classmethod
    def of(cls, row: Mapping[Any, Any]) -> Area:
        """The record of a row of the areas table."""
        iso3 = (
            row["code"]
            if row["kind"] in ("country", "territory", "former") and len(row["code"]) == 3
            else None
        )
        return cls(**row, iso3=iso3)

    @property
    def is_country(self) -> bool:
        """A state or territory of today: one with a profile (not an aggregate or former)."""
        return self.kind in ("country", "territory")


AREA_FIELDS = [f.name for f in fields(Area)]


def area_record(conn: Connection, code: str) -> Area:
    return Area.of(conn.execute(select(areas).where(areas.c.code == code)).mappings().one())


def list_areas(
    conn: Connection,
    kinds: tuple[str, ...] = COUNTRY_KINDS,
    un_member: bool | None = None,
    region: str | None = None,
    development_group: str | None = None,
) -> list[Area]:
    query = _areas_query(kinds, un_member, region, development_group)
    return [Area.of(r) for r in conn.execute(query).mappings()]


@dataclass(frozen=True)
class AreaPage:
    rows: list[Area]
    total_rows: int
    source_ids: list[str]
    """The sources of every listed area's record, not of this page's alone."""


def area_page(
    conn: Connection,
    window: Window | None,
    kinds: tuple[str, ...] = COUNTRY_KINDS,
    un_member: bool | None = None,
    region: str | None = None,
    development_group: str | None = None,
) -> AreaPage:
    """One window of `list_areas`, read in SQL, with the sources the whole list cites."""
    query = _areas_query(kinds, un_member, region, development_group)
    read = read_page(conn, query, window)
    listed = query.order_by(None).subquery()
    cited = select(listed.c.source_id).distinct().where(listed.c.source_id.is_not(None))
    return AreaPage(
        [Area.of(r._mapping) for r in read.rows],
        read.total_rows,
        sorted(str(s) for s in conn.execute(cited).scalars()),
    )


def _areas_query(
    kinds: tuple[str, ...],
    un_member: bool | None,
    region: str | None,
    development_group: str | None,
) -> Select[Any]:
    query = (
        select(areas)
        .where(areas.c.kind.in_(kinds))
        .order_by(areas.c.name_sort, areas.c.name, areas.c.code)
    )
    if un_member is not None:
        query = query.where(areas.c.un_member.is_(un_member))
    if region:
        query = query.where(areas.c.region == region)
    if development_group:
        query = query.where(areas.c.development_group == development_group)
    return query


def area_names(conn: Connection) -> dict[str, str]:
    return dict(conn.execute(select(areas.c.code, areas.c.name)).all())


def country_codes(conn: Connection) -> set[str]:
    """Codes of states and territories, former ones included (not aggregates, not OOO)."""
    rows = conn.execute(select(areas.c.code).where(areas.c.kind.in_((*COUNTRY_KINDS, "former"))))
    return {str(c) for c in rows.scalars()}
