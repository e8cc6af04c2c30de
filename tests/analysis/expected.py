"""Expected figures for the analyses, computed from the raw bundle files with pandas.

Nothing here imports `commonground`: corridors come from the long stock files, parties from
the treaty status files, codes from the M49 country file, groups from the 2019 ANNEX.
"""

from __future__ import annotations

from functools import cache

import pandas as pd

from tests.api import raw


@cache
def corridors(edition: str, year: int) -> pd.DataFrame:
    """origin, destination, stock (both sexes) for one year of the 2020 or 2024 edition."""
    frame = raw.long_stock(raw.STOCK_2024 if edition == "2024" else raw.STOCK_2020)
    frame = frame[frame["year"] == year]
    return (
        frame.groupby(["origin_iso3", "destination_iso3"], as_index=False)["stock"]
        .sum()
        .rename(columns={"origin_iso3": "origin", "destination_iso3": "destination"})
    )


# The treaty files still use the retired ISO 3166 code TP for "East Timor" (Timor-Leste).
RETIRED_ISO2 = {"TP": "TLS"}


@cache
def iso3_by_iso2() -> dict[str, str]:
    codes = {r["iso2"]: iso3 for iso3, r in raw.countrynames().items() if r["iso2"]}
    return {**codes, **RETIRED_ISO2}


def treaty_parties(name: str, as_of: int) -> set[str]:
    """ISO3 codes of the parties to a bundled treaty with a ratification year <= as_of."""
    frame = raw.csv(f"{raw.TREATIES}/hr_status_{name}.csv")
    year = "year ratification or accession"
    party = frame[(frame["state party"] == "1") & (frame[year] != "")]
    party = party[party[year].astype(int) <= as_of]
    return {iso3_by_iso2()[code] for code in party["iso2"]}


@cache
def development_by_iso3() -> dict[str, str]:
    """ISO3 -> "North" (more developed) or "South" (less developed), from the ANNEX."""
    groups = raw.annex_groups()
    out = {}
    for iso3, row in raw.countrynames().items():
        if row["m49"] and str(int(row["m49"])) in groups:
            out[iso3] = "North" if groups[str(int(row["m49"]))] == "more developed" else "South"
    return out


def inside_stock(frame: pd.DataFrame, states: set[str]) -> float:
    both = frame["origin"].isin(states) & frame["destination"].isin(states)
    return float(frame.loc[both, "stock"].sum())
