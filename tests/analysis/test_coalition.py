"""Coalition what-if: corridors inside a set and the greedy additions, from raw rows."""

from __future__ import annotations

import pytest
from sqlalchemy import Connection

from commonground.analysis.coalition import coalition
from commonground.domain.errors import InvalidQuery, NotFound
from tests.analysis import expected


def test_north_america(conn: Connection) -> None:
    result = coalition(conn, "USA, Mexico, CA", edition="2024", year=2024, additions=2)
    frame = expected.corridors("2024", 2024)
    members = {"USA", "MEX", "CAN"}
    inside = expected.inside_stock(frame, members)
    assert result.summary.inside_stock == inside
    assert result.summary.inside_share == pytest.approx(inside / frame["stock"].sum())
    assert result.summary.ranking == "greedy"
    # First addition: the state with the largest corridors (both ways) with the set.
    link = frame[frame["origin"].isin(members) ^ frame["destination"].isin(members)].copy()
    link["other"] = link["origin"].where(~link["origin"].isin(members), link["destination"])
    link = link[link["other"] != "OOO"]
    best = link.groupby("other")["stock"].sum().sort_values(ascending=False)
    first = result.tables["additions"][0]
    assert (first["add"], first["stock_added"]) == (best.index[0], best.iloc[0])
    second = result.tables["additions"][1]
    grown = members | {best.index[0]}
    assert second["inside_stock_after"] == expected.inside_stock(frame, grown | {second["add"]})


def test_named_set_from_the_classifications(conn: Connection) -> None:
    result = coalition(conn, "set:sids", additions=0)
    sids = {k for k, r in expected.raw.countrynames().items() if r["sids"] == "1"}
    assert result.summary.states == len(sids)
    assert result.summary.inside_stock == expected.inside_stock(
        expected.corridors("2024", 2024), sids
    )


def test_empty_and_unknown_sets(conn: Connection) -> None:
    with pytest.raises(InvalidQuery, match="empty"):
        coalition(conn, " , ")
    with pytest.raises(NotFound) as error:
        coalition(conn, "USA,Mexcio,Frnace")
    assert "MEX (Mexico)" in error.value.suggestions
    assert "FRA (France)" in error.value.suggestions
    with pytest.raises(NotFound, match="m20") as unknown:
        coalition(conn, "set:m20")
    assert "set:g20" in unknown.value.suggestions
    with pytest.raises(InvalidQuery, match="group of areas"):
        coalition(conn, "World")
