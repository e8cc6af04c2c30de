"""Countries and areas: the M49 list with ISO codes, and UN DESA's development and income groups."""

from __future__ import annotations

from typing import Any

from sqlalchemy import update

from commonground.evidence.sources.context import ImportContext, records
from commonground.evidence.store.tables import areas

COUNTRYNAME_COLUMNS = [
    "m49",
    "iso2",
    "iso3",
    "name",
    "name_sort",
    "name_text",
    "with_the",
    "region_code",
    "region",
    "subregion_code",
    "subregion",
    "intregion_code",
    "intregion",
    "iom_region",
    "rdh",
    "ldc",
    "lldc",
    "sids",
    "eu",
    "schengen",
    "balkans",
    "snapshot",
]

# Entries of the list that are not places: they stand for unknown or unattributed origins.
PSEUDO_AREAS = {"OOO": "unknown", "STL": "stateless", "OOS": "unidentified"}

ANNEX_COLUMNS = [
    "country_or_area",
    "notes",
    "m49",
    "type_of_data",
    "More Developed Regions",
    "Less Developed Regions",
    "Least developed countries",
    "High-income Countries",
    "Middle-income Countries",
    "Upper-middle-income Countries",
    "Lower-middle-income Countries",
    "Low-income Countries",
    "No income group available",
    "Sub-Saharan Africa",
]
INCOME_COLUMNS = {
    "High-income Countries": "high income",
    "Upper-middle-income Countries": "upper-middle income",
    "Lower-middle-income Countries": "lower-middle income",
    "Low-income Countries": "low income",
    "No income group available": "no income group",
}


def _int(value: str) -> int | None:
    return int(value) if value.strip() else None


def load_countrynames(ctx: ImportContext) -> None:
    """Every country, area and pseudo-area of the list, keyed by ISO3."""
    frame = ctx.read_csv(COUNTRYNAME_COLUMNS)
    ctx.unique(((r,) for r in frame["iso3"]), (i + 2 for i in frame.index), "ISO3 code", "iso3")
    rows: list[dict[str, Any]] = []
    for line, r in records(frame):
        code = r["iso3"].strip()
        if len(code) != 3:
            raise ctx.error(
                "not an ISO3 code", row=line, field="iso3", value=code, expected="three letters"
            )
        pseudo = PSEUDO_AREAS.get(code)
        kind = "aggregate" if pseudo else ("country" if r["m49"] else "territory")
        rows.append(
            {
                "code": code,
                "name": r["name_text"] or r["name"],
                "kind": kind,
                "aggregate_type": pseudo,
                "iso2": r["iso2"] or None,
                "m49": _int(r["m49"]) if not pseudo else None,
                "name_sort": r["name_sort"],
                "region_code": _int(r["region_code"]),
                "region": r["region"] or None,
                "subregion_code": _int(r["subregion_code"]),
                "subregion": r["subregion"] or None,
                "intregion_code": _int(r["intregion_code"]),
                "intregion": r["intregion"] or None,
                "iom_region": r["iom_region"] or None,
                "ldc": r["ldc"] == "1",
                "lldc": r["lldc"] == "1",
                "sids": r["sids"] == "1",
                "un_member": False,
                "source_id": ctx.spec.id,
            }
        )
        ctx.resolver.add_area(code, kind)
        for name in (r["name"], r["name_sort"], r["name_text"]):
            ctx.resolver.add_name(name, code, origin=f"{ctx.file} row {line}")
        if r["iso2"]:
            ctx.resolver.add_iso2(r["iso2"], code)
        if r["m49"] and not pseudo:
            ctx.resolver.add_m49(int(r["m49"]), code)
    ctx.insert(areas, rows)


def load_development_groups(ctx: ImportContext) -> None:
    """More/less developed regions and income groups as UN DESA used them in 2019."""
    frame = ctx.read_csv(ANNEX_COLUMNS)
    ctx.unique(((r,) for r in frame["m49"]), (i + 2 for i in frame.index), "M49 code", "m49")
    for line, r in records(frame):
        code = ctx.area(r["m49"], row=line, column="m49", kinds=("country", "territory"))
        more, less = r["More Developed Regions"] == "1", r["Less Developed Regions"] == "1"
        if more == less:
            raise ctx.error(
                "must be in exactly one of the more or less developed regions",
                row=line,
                field="More Developed Regions",
                value=f"{int(more)}/{int(less)}",
                expected="1/0 or 0/1",
            )
        incomes = [label for column, label in INCOME_COLUMNS.items() if r[column] == "1"]
        if len(incomes) != 1:
            raise ctx.error(
                "must be in exactly one income group",
                row=line,
                field="High-income Countries",
                value=", ".join(incomes) or "none",
                expected="one of " + ", ".join(INCOME_COLUMNS),
            )
        ctx.conn.execute(
            update(areas)
            .where(areas.c.code == code)
            .values(
                development_group="more developed" if more else "less developed",
                income_group=incomes[0],
            )
        )
        ctx.report.rows += 1
