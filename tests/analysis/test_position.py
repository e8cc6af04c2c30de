"""A country's migration position: measured numbers only, from the raw files."""

from __future__ import annotations

import pytest
from sqlalchemy import Connection

from commonground.analysis.position import position
from tests.analysis import expected
from tests.api import raw


def test_mexico(conn: Connection) -> None:
    result = position(conn, "Mexico", edition="2024")
    frame = expected.corridors("2024", 2024)
    immigrants = frame.loc[frame["destination"] == "MEX", "stock"].sum()
    emigrants = frame.loc[frame["origin"] == "MEX", "stock"].sum()
    assert result.summary.immigrants == immigrants
    assert result.summary.emigrants == emigrants
    assert result.summary.immigrant_emigrant_ratio == pytest.approx(immigrants / emigrants)
    assert "label" not in result.summary.figures()
    unhcr = raw.csv(raw.UNHCR)
    refugees = unhcr[(unhcr["group"] == "refugee") & (unhcr["year"] == "2023")]
    hosted = refugees.loc[refugees["asylum_iso3"] == "MEX", "count"].astype(int).sum()
    out = refugees.loc[refugees["origin_iso3"] == "MEX", "count"].astype(int).sum()
    row = next(r for r in result.tables["refugees"] if r["year"] == 2023)
    assert (row["refugees_hosted"], row["refugees_originating"]) == (hosted, out)
    wdi = raw.csv(raw.WDI)
    mex = wdi[(wdi["iso3"] == "MEX") & (wdi["year"] == "2023")].iloc[0]
    money = next(r for r in result.tables["remittances"] if r["year"] == 2023)
    assert money["received_usd_millions"] * 1e6 == pytest.approx(
        float(mex["personal_remittances_received_usd"]), rel=1e-6
    )


def test_trend_over_the_edition(conn: Connection) -> None:
    series = position(conn, "DEU", edition="2020").tables["stock"]
    for row in series:
        frame = expected.corridors("2020", row["year"])
        assert row["immigrants"] == frame.loc[frame["destination"] == "DEU", "stock"].sum()


def test_a_state_with_no_data(conn: Connection) -> None:
    result = position(conn, "Antarctica")
    assert result.summary.immigrants is None and result.summary.emigrants is None
    assert any("no migrant stock held for ATA" in w for w in result.warnings)
    assert result.tables["refugees"] == []
