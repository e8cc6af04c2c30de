"""UNHCR displacement against the raw file."""

from __future__ import annotations

import pandas as pd
from sqlalchemy import Connection

from commonground.analysis.displacement import displacement
from tests.conftest import DATA_DIR

UNHCR = DATA_DIR / "extras" / "unhcr_forcibly_displaced_by_asylum_origin_1990_2024.csv"


def test_refugees_under_unhcr_mandate_end_2023() -> None:
    """MANIFEST's 31.64 M is the `refugee` group summed over every asylum and origin."""
    raw = pd.read_csv(UNHCR, keep_default_na=False)
    refugees = int(raw.loc[(raw["year"] == 2023) & (raw["group"] == "refugee"), "count"].sum())
    assert round(refugees / 1e6, 2) == 31.64


def test_refugees_2023_served_as_in_the_file(conn: Connection) -> None:
    raw = pd.read_csv(UNHCR, keep_default_na=False)
    in_2023 = raw[raw["year"] == 2023]
    result = displacement(conn, year=2023, population_type="refugee")
    assert result.summary.total == int(in_2023.loc[in_2023["group"] == "refugee", "count"].sum())
    by_asylum = {r["asylum"]: r["count"] for r in result.rows}
    turkey = in_2023[(in_2023["group"] == "refugee") & (in_2023["asylum_iso3"] == "TUR")]
    assert by_asylum["TUR"] == int(turkey["count"].sum())
    for group in ("asylum", "idp", "stateless"):
        expected = int(in_2023.loc[in_2023["group"] == group, "count"].sum())
        assert displacement(conn, year=2023, population_type=group).summary.total == expected
