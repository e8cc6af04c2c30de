"""Areas and spellings no bundle file defines: aggregates, former states, and aliases.

They are repository facts (`facts/areas.csv`, `facts/area_aliases.csv`), each row with a note
saying where the spelling or aggregate occurs, validated like any source.
"""

from __future__ import annotations

import csv
from importlib import resources
from typing import Any

from commonground.domain.errors import SourceError
from commonground.evidence.countries import AreaResolver
from commonground.evidence.store.tables import areas

AREA_FIELDS = ["code", "name", "kind", "aggregate_type", "m49", "aliases", "note"]
ALIAS_FIELDS = ["alias", "code", "note"]
KINDS = {"aggregate", "former", "territory"}


def _read(name: str, fields: list[str]) -> list[tuple[int, dict[str, str]]]:
    text = resources.files("commonground.facts").joinpath(name).read_text("utf-8")
    reader = csv.DictReader(text.splitlines())
    if reader.fieldnames != fields:
        raise SourceError(
            f"facts/{name}",
            "the columns changed",
            row=1,
            value=reader.fieldnames,
            expected=", ".join(fields),
        )
    return [(line, row) for line, row in enumerate(reader, start=2)]


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


def store_curated_areas(conn: Any, rows: list[dict[str, Any]]) -> None:
    from commonground.sql import insert_rows

    insert_rows(conn, areas, rows)
