"""The summaries the build writes equal sums computed from the raw bundle files.

Stock by area and year from the 2024 long file (both sexes are female + male rows), the world
total of every year, refugees by country of asylum and of origin from the UNHCR file, and
bilateral remittances received from the World Bank 2021 matrix.
"""

from __future__ import annotations

import pandas as pd
import pytest
from sqlalchemy import Connection, text

from tests.api import raw

EDITION = "undesa-ims-2024"


def summed(conn: Connection, fact: str, source: str, part: str, year: int) -> pd.DataFrame:
    rows = conn.execute(
        text(
            "SELECT area, inward, inward_rows, outward, outward_rows FROM flow_area_totals"
            " WHERE fact_table = :f AND source_id = :s AND part = :p AND year = :y"
        ),
        {"f": fact, "s": source, "p": part, "y": year},
    ).all()
    return pd.DataFrame(rows, columns=["area", "inward", "inward_rows", "outward", "outward_rows"])


def world(conn: Connection, fact: str, source: str, part: str) -> dict[int, float]:
    rows = conn.execute(
        text(
            "SELECT year, total FROM flow_totals"
            " WHERE fact_table = :f AND source_id = :s AND part = :p"
        ),
        {"f": fact, "s": source, "p": part},
    ).all()
    return {int(y): float(t) for y, t in rows}


def test_world_totals_of_every_year_equal_the_long_file(conn: Connection) -> None:
    frame = raw.long_stock(raw.STOCK_2024)
    expected = frame.groupby("year")["stock"].sum().to_dict()
    assert world(conn, "migrant_stock", EDITION, "total") == expected
    female = frame[frame["sex"] == "female"].groupby("year")["stock"].sum().to_dict()
    assert world(conn, "migrant_stock", EDITION, "female") == female


@pytest.mark.parametrize("year", [1990, 2024])
def test_immigrants_and_emigrants_of_every_area_equal_the_long_file(
    conn: Connection, year: int
) -> None:
    frame = raw.long_stock(raw.STOCK_2024)
    frame = frame[frame["year"] == year]
    held = summed(conn, "migrant_stock", EDITION, "total", year).set_index("area")
    immigrants = frame.groupby("destination_iso3")["stock"].sum()
    emigrants = frame.groupby("origin_iso3")["stock"].sum()
    assert held.loc[held["inward_rows"] > 0, "inward"].to_dict() == immigrants.to_dict()
    assert held.loc[held["outward_rows"] > 0, "outward"].to_dict() == emigrants.to_dict()


def test_refugees_hosted_and_originating_equal_the_unhcr_file(conn: Connection) -> None:
    frame = raw.csv(raw.UNHCR).copy()
    frame["count"] = pd.to_numeric(frame["count"])
    frame = frame[(frame["group"] == "refugee") & (frame["year"] == "2023")]
    held = summed(conn, "displacement", "unhcr-displacement", "refugee", 2023).set_index("area")
    hosted = frame.groupby("asylum_iso3")["count"].sum()
    assert held.loc[held["inward_rows"] > 0, "inward"].to_dict() == hosted.to_dict()
    originating = frame.groupby("origin_iso3")["count"].sum()
    for country in ("SYR", "AFG", "UKR", "VEN", "SSD", "MAR"):
        assert held.loc[country, "outward"] == originating[country]
    assert (
        world(conn, "displacement", "unhcr-displacement", "refugee")[2023] == frame["count"].sum()
    )


def test_bilateral_remittances_received_equal_the_2021_matrix(conn: Connection) -> None:
    sheet = (raw.REMIT_2021, "FINAL BRM 2021 ")
    held = summed(conn, "remittances", "wb-remittances-2021", "bilateral", 2021).set_index("area")
    for code, name in (("IND", "India"), ("MEX", "Mexico"), ("MAR", "Morocco")):
        assert held.loc[code, "inward"] == pytest.approx(raw.received(*sheet, name), rel=1e-9)
    total = world(conn, "remittances", "wb-remittances-2021", "bilateral")[2021]
    assert total == pytest.approx(raw.bilateral_total(*sheet), rel=1e-9)
