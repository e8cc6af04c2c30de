"""Areas and spellings no bundle file defines: aggregates, former states, and aliases.

They are repository facts (`facts/areas.csv`, `facts/area_aliases.csv`), each row with a note
saying where the spelling or aggregate occurs, validated like any source.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, insert

from commonground import __version__
from commonground.domain.errors import SourceError
from commonground.domain.ids import AREAS_SOURCE
from commonground.evidence.countries import AreaResolver
from commonground.evidence.sources.context import SourceReport
from commonground.evidence.sources.csvfile import read_rows
from commonground.evidence.sources.curated import CuratedSource
from commonground.evidence.store.tables import areas, sources
from commonground.sql import insert_rows

AREA_FIELDS = ["code", "name", "kind", "aggregate_type", "m49", "aliases", "note"]
ALIAS_FIELDS = ["alias", "code", "note"]
KINDS = {"aggregate", "former", "territory"}


def _path(name: str) -> Path:
    return Path(str(resources.files("commonground.facts").joinpath(name)))


SOURCE = CuratedSource(
    id=AREAS_SOURCE,
    title="Aggregates, former states and spellings curated by Common Ground",
    files=(_path("areas.csv"), _path("area_aliases.csv")),
    labels=("facts/areas.csv", "facts/area_aliases.csv"),
    origin="this repository",
    note="each row cites where the aggregate or spelling occurs",
)


def _read(name: str, fields: list[str]) -> list[tuple[int, dict[str, str]]]:
    return read_rows(_path(name), f"facts/{name}", fields)


def curated_area_rows(resolver: AreaResolver) -> list[dict[str, Any]]:
    """Register curated areas and aliases with the resolver; return the area rows to store."""
    rows: list[dict[str, Any]] = []
    for line, r in _read("areas.csv", AREA_FIELDS):
        if r["kind"] not in KINDS:
            raise SourceError(
                "facts/areas.csv",
                "unknown kind",
                field="kind",
                value=r["kind"],
                expected=" or ".join(sorted(KINDS)),
                row=line,
            )
        if not r["note"].strip():
            raise SourceError(
                "facts/areas.csv",
                "every curated area needs a note saying where it comes from",
                field="note",
                row=line,
            )
        if r["code"] in resolver.kinds:
            raise SourceError(
                "facts/areas.csv",
                "duplicate area code",
                field="code",
                value=r["code"],
                expected="a code not used before",
                row=line,
            )
        resolver.add_area(r["code"], r["kind"])
        for name in [r["name"], *filter(None, r["aliases"].split("|"))]:
            try:
                resolver.add_name(name, r["code"], origin=f"facts/areas.csv row {line}")
            except ValueError as exc:
                raise SourceError("facts/areas.csv", str(exc), field="aliases", row=line) from exc
        if r["m49"]:
            resolver.add_m49(int(r["m49"]), r["code"])
        rows.append(
            {
                "code": r["code"],
                "name": r["name"],
                "kind": r["kind"],
                "aggregate_type": r["aggregate_type"] or None,
                "m49": int(r["m49"]) if r["m49"] else None,
                "un_member": False,
                "note": r["note"],
                "source_id": None,
            }
        )
    for line, r in _read("area_aliases.csv", ALIAS_FIELDS):
        if not r["note"].strip():
            raise SourceError(
                "facts/area_aliases.csv", "every alias needs a note", row=line, field="note"
            )
        if len(r["alias"]) == 2 and r["alias"].isalpha() and r["alias"].isupper():
            # A former ISO2 code: the build resolves it as a code, and the stored alias table
            # keeps it too, so that the API finds "TP" as the build did.
            resolver.add_iso2(r["alias"], r["code"])
        try:
            resolver.add_name(r["alias"], r["code"], origin=f"facts/area_aliases.csv row {line}")
        except ValueError as exc:
            raise SourceError("facts/area_aliases.csv", str(exc), row=line, field="alias") from exc
    return rows


def store_curated_areas(conn: Connection, rows: list[dict[str, Any]]) -> SourceReport:
    """The curated source row, then its areas; the report counts them."""
    conn.execute(insert(sources).values(SOURCE.citation(len(rows), None).model_dump()))
    insert_rows(conn, areas, [{**row, "source_id": AREAS_SOURCE} for row in rows])
    report = SourceReport(AREAS_SOURCE, __version__, ", ".join(SOURCE.labels))
    report.rows = len(rows)
    return report
