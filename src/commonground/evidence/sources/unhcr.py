"""UNHCR forcibly displaced and stateless populations, by country of asylum and of origin."""

from __future__ import annotations

import pandas as pd

from commonground.evidence.sources.context import (
    ImportContext,
    check_choice,
    check_unique,
    column_areas,
    column_counts,
    column_years,
    frame_rows,
)
from commonground.evidence.store.tables import displacement

COLUMNS = ["asylum_iso3", "year", "origin_iso3", "group", "count"]
GROUPS = {"refugee", "asylum", "refugee return", "idp", "idp return", "stateless", "other"}
KINDS = ("country", "territory", "aggregate")


def load_displacement(ctx: ImportContext) -> None:
    frame = ctx.read_csv(COLUMNS)
    check_choice(ctx, frame, "group", GROUPS, "population group")
    check_unique(
        ctx,
        frame,
        ["asylum_iso3", "year", "origin_iso3", "group"],
        "country of asylum, year, origin and group",
    )
    out = pd.DataFrame(
        {
            "source_id": ctx.spec.id,
            "year": column_years(ctx, frame["year"], "year"),
            "asylum": column_areas(ctx, frame["asylum_iso3"], "asylum_iso3", KINDS),
            "origin": column_areas(ctx, frame["origin_iso3"], "origin_iso3", KINDS),
            "population_type": frame["group"],
            "count": column_counts(ctx, frame["count"], "count").astype("int64"),
            "source_row": frame.index + 2,
        }
    )
    ctx.insert(displacement, frame_rows(out[out["count"] > 0]))
