"""IOM Missing Migrants Project against the raw file."""

from __future__ import annotations

import pandas as pd
import pytest
from sqlalchemy import Connection

from commonground.analysis.missing_migrants import missing_migrants
from tests.conftest import DATA_DIR

MMP = DATA_DIR / "extras" / "iom_missing_migrants_2014_2025.csv"


def raw_by_year() -> dict[int, int]:
    raw = pd.read_csv(MMP, keep_default_na=False)
    years = raw["incident_date"].str[:4].astype(int)
    return {int(y): int(v) for y, v in raw.groupby(years)["dead_and_missing"].sum().items()}


@pytest.mark.parametrize(("year", "thousands"), [(2023, 8.8), (2024, 9.2)])
def test_dead_and_missing_by_year(conn: Connection, year: int, thousands: float) -> None:
    expected = raw_by_year()[year]
    assert round(expected / 1000, 1) == thousands  # MANIFEST: about 8.8 k and 9.2 k
    assert missing_migrants(conn, year=year).summary.total == expected


def test_every_year_and_incident_is_loaded(conn: Connection) -> None:
    expected = raw_by_year()
    result = missing_migrants(conn)
    assert {r["year"]: r["dead_and_missing"] for r in result.rows} == expected
    assert sum(r["incidents"] for r in result.rows) == len(pd.read_csv(MMP, keep_default_na=False))
