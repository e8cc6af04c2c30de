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


ICMW_IN_FORCE = "2003-07-01"  # UN press release L/T/4371, 19 March 2003


def _icmw_day_in_force(deposit: str) -> str:
    """ICMW art. 87(2): the first day of the month after three months from the deposit."""
    year, month, _ = (int(x) for x in deposit.split("-"))
    month += 3  # the day of the deposit never moves the month that follows
    year, month = year + (month - 1) // 12, (month - 1) % 12 + 1
    year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return f"{year:04d}-{month:02d}-01"


@cache
def manyhealth_icmw() -> dict[str, tuple[str, str]]:
    """ISO3 -> (ratification, entry into force for the state) in manyhealth's ICMW rows."""
    frame = raw.csv("treaties/manyhealth/manyhealth_refugee_icmw_memberships.csv")
    frame = frame[frame["manyID"].str.startswith("IP04MF")]
    names = {}
    for row in raw.countrynames().values():
        for key in ("name", "name_sort", "name_text"):
            names[row[key].lower()] = row["iso3"]
    out = {}
    for r in frame.to_dict("records"):
        code = names.get(r["StateName"].lower(), r["stateID"])
        out[code] = (r["StateRatification"], r["StateForce"])
    return out


def icmw_in_force(until: str) -> set[str]:
    """ICMW parties bound on the day `until`: ratified by the status file's year and bound
    from the later of the treaty's entry into force and the state's own (manyhealth's day,
    else art. 87(2) from its ratification day, else its year where no day is held)."""
    out = set()
    for code in treaty_parties("icmw", int(until[:4])):
        year = _ratification_year("icmw", code)
        day = manyhealth_icmw().get(code)
        own = str(year)
        if day is not None and day[0][:4] == str(year):
            if day[0] > until:
                continue
            own = day[1] or _icmw_day_in_force(day[0])
        if max(ICMW_IN_FORCE, own) <= until:
            out.add(code)
    return out


def _ratification_year(name: str, iso3: str) -> int:
    frame = raw.csv(f"{raw.TREATIES}/hr_status_{name}.csv")
    by_iso3 = {iso3_by_iso2()[r["iso2"]]: r for r in frame.to_dict("records") if r["iso2"]}
    return int(by_iso3[iso3]["year ratification or accession"])


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
