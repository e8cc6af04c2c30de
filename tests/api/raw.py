"""Figures read straight from the raw bundle files, independently of the importers.

Tests compare what the API serves with these; nothing here imports `commonground`.
"""

from __future__ import annotations

import hashlib
from functools import cache
from pathlib import Path
from typing import Any

import openpyxl
import pandas as pd

from tests.conftest import DATA_DIR

STOCK_2024 = "undesa_ims/undesa_ims2024_stock_by_destination_origin_sex_long.csv"
STOCK_2020 = "undesa_ims/undesa_ims2020_stock_by_destination_origin_sex_long.csv"
STOCK_2017 = "undesa_ims/UN_MigrantStockByOriginAndDestination_2017_Table1_renamed.csv"
STOCK_2019 = "undesa_ims/UN_MigrantStockTotal_2019.xlsx"
COUNTRYNAMES = "classifications/gdidata_countrynames.csv"
ANNEX = "classifications/undesa_ims2019_annex_development_income_groups.csv"
REMIT_2021 = "remittances/bilateral_remittance_matrix_2021_0.xlsx"
REMIT_2017 = "remittances/WB_Bilateral_Remittance_Estimates_2017.xlsx"
INFLOWS = "remittances/inward_remittance_flows_december_2023_1.xlsx"
WDI = "remittances/wdi_personal_remittances_received_paid_1990_2023.csv"
UNHCR = "extras/unhcr_forcibly_displaced_by_asylum_origin_1990_2024.csv"
MISSING = "extras/iom_missing_migrants_2014_2025.csv"
TREATIES = "treaties/un_core_hr_treaties"
GCM_VOTES = "unga_votes/gcm_A_RES_73_195_votes.csv"
UN_VOTES = "unga_votes/unvotes_un_votes.csv"
GCM_OBJECTIVES = "gcm/gcm_objectives.csv"
GCM_ACTIONS = "gcm/gcm_objective_actions.csv"


def path(relative: str) -> Path:
    return DATA_DIR / relative


@cache
def csv(relative: str) -> pd.DataFrame:
    """A bundle CSV as strings, with "NA" (Namibia) kept as text."""
    return pd.read_csv(path(relative), keep_default_na=False, dtype=str)


def sha256(relative: str) -> str:
    return hashlib.sha256(path(relative).read_bytes()).hexdigest()


@cache
def long_stock(relative: str) -> pd.DataFrame:
    """A gdidata long stock file (2020 or 2024 edition) with numeric year and stock."""
    frame = pd.read_csv(path(relative), keep_default_na=False)
    frame["stock"] = pd.to_numeric(frame["stock"])
    return frame


@cache
def countrynames() -> dict[str, dict[str, str]]:
    """Rows of the M49 country file by ISO3."""
    return {r["iso3"]: dict(r) for r in csv(COUNTRYNAMES).to_dict("records")}


@cache
def annex_groups() -> dict[str, str]:
    """M49 code -> "more developed" / "less developed" from the 2019 ANNEX."""
    out = {}
    for r in csv(ANNEX).to_dict("records"):
        more = next(k for k in r if k.lower().startswith("more developed"))
        out[str(int(r["m49"]))] = "more developed" if r[more] == "1" else "less developed"
    return out


def number(text: str) -> int | None:
    """A 2017-table cell: thousands separators, ".." for not available."""
    cleaned = text.replace(",", "").strip()
    return None if cleaned in ("", "..") else int(float(cleaned))


@cache
def table_2017() -> pd.DataFrame:
    return csv(STOCK_2017)


@cache
def workbook_rows(relative: str, sheet: str) -> list[tuple[Any, ...]]:
    book = openpyxl.load_workbook(path(relative), read_only=True, data_only=True)
    rows = [tuple(r) for r in book[sheet].iter_rows(values_only=True)]
    book.close()
    return rows


def table1_2019(code: int) -> dict[int, int]:
    """Both-sexes stock by year for an M49 code in Table 1 of the 2019 workbook."""
    rows = workbook_rows(STOCK_2019, "Table 1")
    header = next(r for r in rows if r[0] is None and r[5] == 1990)
    years = [int(y) for y in header[5:12]]
    row = next(r for r in rows if r[3] == code)
    return dict(zip(years, (int(v) for v in row[5:12]), strict=True))


def matrix(relative: str, sheet: str) -> tuple[list[str], list[tuple[str, list[Any]]]]:
    """A World Bank bilateral matrix: receiving names across, (sending name, cells) down.

    Stops at the WORLD row; cells are the raw values (None where blank).
    """
    rows = workbook_rows(relative, sheet)
    head = rows[1]
    names = [str(h).strip() for h in head[1:] if h is not None]
    body = []
    for r in rows[2:]:
        if r[0] is None or str(r[0]).strip().upper() == "WORLD":
            break
        body.append((str(r[0]).strip(), list(r[1 : 1 + len(names)])))
    return names, body


def received(relative: str, sheet: str, receiver: str) -> float:
    """Sum of a receiving column over all sending rows (the WORLD row excluded)."""
    names, body = matrix(relative, sheet)
    col = names.index(receiver)
    return sum(float(cells[col]) for _, cells in body if isinstance(cells[col], int | float))


def bilateral_total(relative: str, sheet: str) -> float:
    """Sum of every bilateral cell (WORLD row and column excluded)."""
    names, body = matrix(relative, sheet)
    cols = [i for i, n in enumerate(names) if n.upper() != "WORLD"]
    return sum(
        float(cells[i]) for _, cells in body for i in cols if isinstance(cells[i], int | float)
    )


def treaty(instrument: str) -> pd.DataFrame:
    return csv(f"{TREATIES}/hr_status_{instrument}.csv")
