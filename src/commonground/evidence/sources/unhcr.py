"""UNHCR forcibly displaced and stateless populations, by country of asylum and of origin."""

from __future__ import annotations

from commonground.evidence.sources.context import (
    CountColumns,
    ImportContext,
    frame_rows,
    read_counts,
)
from commonground.evidence.store.tables import displacement

COLUMNS = ["asylum_iso3", "year", "origin_iso3", "group", "count"]
GROUPS = {"refugee", "asylum", "refugee return", "idp", "idp return", "stateless", "other"}
KINDS = ("country", "territory", "aggregate")
NAMED = CountColumns(
    "asylum_iso3",
    "origin_iso3",
    "group",
    "count",
    "population group",
    "country of asylum, year, origin and group",
)


def load_displacement(ctx: ImportContext) -> None:
    out = read_counts(ctx, COLUMNS, NAMED, GROUPS, (KINDS, KINDS))
    out = out.rename(columns={"place": "asylum", "category": "population_type"})
    out.insert(0, "source_id", ctx.spec.id)
    ctx.insert(displacement, frame_rows(out[out["count"] > 0]))
