"""World Bank and KNOMAD: bilateral matrices, inflows and the WDI series against the raw files."""

from __future__ import annotations

from functools import cache
from typing import Any

import openpyxl
import pandas as pd
import pytest
from sqlalchemy import Connection, select

from commonground.analysis.remittances import remittances
from commonground.analysis.stock import stock
from commonground.evidence.store.tables import remittances as remittance_table
from tests.conftest import DATA_DIR

REMITTANCES = DATA_DIR / "remittances"


@cache
def sheet(name: str, sheet_name: str) -> list[tuple[Any, ...]]:
    book = openpyxl.load_workbook(REMITTANCES / name, read_only=True, data_only=True)
    rows = list(book[sheet_name].iter_rows(values_only=True))
    book.close()
    return rows


def matrix(name: str, sheet_name: str) -> dict[tuple[str, str], float]:
    """Cells of a matrix by (row label, column label), from row 3 up to the WORLD row."""
    rows = sheet(name, sheet_name)
    header = rows[1]
    cells: dict[tuple[str, str], float] = {}
    for row in rows[2:]:
        label = str(row[0]).strip()
        if label.upper() == "WORLD":
            break
        for j, column in enumerate(header[1:], start=1):
            if column is None or str(column).strip().upper() == "WORLD":
                continue
            if isinstance(row[j], int | float):
                cells[(label, str(column).strip())] = float(row[j])
    return cells


def world_row(name: str, sheet_name: str) -> dict[str, float]:
    rows = sheet(name, sheet_name)
    header = rows[1]
    row = next(r for r in rows[2:] if str(r[0]).strip().upper() == "WORLD")
    return {
        str(c).strip(): float(v)
        for c, v in zip(header[1:], row[1:], strict=False)
        if c is not None and str(c).strip().upper() != "WORLD" and isinstance(v, int | float)
    }


BRM_2021 = ("bilateral_remittance_matrix_2021_0.xlsx", "FINAL BRM 2021 ")
BRM_2017 = ("WB_Bilateral_Remittance_Estimates_2017.xlsx", "Bilateral_Remittances_2017")
STOCK_2017 = ("WB_Bilateral_Estimates_Migrant_Stocks_2017.xlsx", "Bilateral_Migration_2017")


def test_2021_bilateral_cells_sum_to_the_global_figure(conn: Connection) -> None:
    expected = sum(matrix(*BRM_2021).values())
    assert round(expected / 1000, 1) == 781.1  # MANIFEST: US$781.1 bn
    result = remittances(conn, edition="2021")
    assert result.summary.total == pytest.approx(expected, rel=1e-9)
    assert result.summary.year == 2021
    assert {s.id for s in result.sources} == {"wb-remittances-2021"}


def test_2021_india_receives_and_usa_sends(conn: Connection) -> None:
    cells = matrix(*BRM_2021)
    india = sum(v for (_, receiver), v in cells.items() if receiver == "India")
    usa = sum(v for (sender, _), v in cells.items() if sender == "United States")
    assert round(india / 1000, 1) == 89.4  # MANIFEST
    assert round(usa / 1000, 1) == 200.2
    assert remittances(conn, edition="2021", receiver="IND").summary.total == pytest.approx(india)
    sent = remittances(conn, edition="2021", sender="USA", group_by="sender")
    assert sent.summary.total == pytest.approx(usa)
    assert sent.rows[0]["sender"] == "USA"


def test_2021_a_corridor_equals_its_cell(conn: Connection) -> None:
    cell = matrix(*BRM_2021)[("United States", "Mexico")]
    result = remittances(conn, edition="2021", sender="USA", receiver="MEX")
    assert result.summary.total == pytest.approx(cell)


def test_2017_world_row_sums_to_the_global_figure(conn: Connection) -> None:
    """The cells are stored; the WORLD row differs from them by US$2 million in the source
    itself (its Israel and Lebanon columns), which leaves the global figure unchanged."""
    published = sum(world_row(*BRM_2017).values())
    assert round(published / 1000, 1) == 613.5  # MANIFEST: US$613.5 bn
    cells = sum(matrix(*BRM_2017).values())
    assert abs(published - cells) < 2.1
    total = remittances(conn, edition="2017").summary.total
    assert total == pytest.approx(cells, rel=1e-9)
    assert round(total / 1000, 1) == 613.5
    india = world_row(*BRM_2017)["India"]
    assert round(india / 1000, 1) == 69.0
    assert remittances(conn, edition="2017", receiver="IND").summary.total == pytest.approx(india)


def test_2017_world_bank_migrant_stock_mexico_to_usa(conn: Connection) -> None:
    cell = matrix(*STOCK_2017)[("Mexico", "United States")]
    assert cell == 11_573_680  # MANIFEST
    result = stock(conn, edition="wb-2017", destination="USA", origin="MEX")
    assert result.summary.total == cell
    assert result.summary.source_id == "wb-migrant-stock-2017"


def test_inflows_world_2021_and_india_2023_estimate(conn: Connection) -> None:
    rows = sheet("inward_remittance_flows_december_2023_1.xlsx", "Inward remittance flows")
    header = list(rows[0])
    world = next(r for r in rows if r[0] == "World")
    india = next(r for r in rows if r[0] == "India")
    world_2021 = float(world[header.index(2021)])
    india_2023 = float(india[header.index("2023e")])
    assert round(world_2021 / 1000, 1) == 792.2  # MANIFEST
    assert india_2023 == 125_000

    def stored(receiver: str, year: int) -> tuple[float, bool]:
        t = remittance_table
        row = conn.execute(
            select(t.c.usd_millions, t.c.estimate).where(
                t.c.source_id == "knomad-inflows-2023-12",
                t.c.flow == "inflow",
                t.c.receiver == receiver,
                t.c.year == year,
            )
        ).one()
        return float(row.usd_millions), bool(row.estimate)

    assert stored("world", 2021) == (pytest.approx(world_2021), False)
    assert stored("IND", 2023) == (india_2023, True)
    served = remittances(conn, edition="inflows", year=2023, receiver="IND")
    assert served.summary.total == india_2023


def test_wdi_india_2023(conn: Connection) -> None:
    raw = pd.read_csv(
        REMITTANCES / "wdi_personal_remittances_received_paid_1990_2023.csv",
        keep_default_na=False,
    )
    cell = raw.loc[(raw["iso3"] == "IND") & (raw["year"] == 2023)]
    received = float(cell["personal_remittances_received_usd"].iloc[0])
    assert round(received / 1e9, 1) == 119.5  # MANIFEST
    result = remittances(conn, edition="wdi", year=2023, receiver="IND", flow="inflow")
    assert result.summary.total == pytest.approx(received / 1e6)
    assert result.summary.unit == "US$ millions"
