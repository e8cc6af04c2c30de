"""The facts reports give in lists, shares, changes, brackets and headings, read from small
real passages (tests/documents/texts) and compared with the evidence base on both backends."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection

from commonground.analysis.documents.ingest import read
from tests.documents import text

RMN = "rmn_un_258_million_2017"


def _proposals(conn: Connection, name: str, kind: str) -> list[Any]:
    _, reading = read(conn, text(name), f"{name}.txt")
    return [p for p in reading.proposals if p.kind == kind]


def _figure(found: list[Any], as_read: str, area: str | None = None) -> Any:
    return next(
        p
        for p in found
        if p.fact["details"]["as_read"] == as_read
        and (area is None or p.fact["details"]["area"] == area)
    )


def test_each_stock_of_a_list_is_read_with_its_area_and_the_year_of_the_report(
    conn: Connection,
) -> None:
    found = _proposals(conn, RMN, "figure")
    # "By continent, Asia had 80 million international migrants, Europe 78 million, ...":
    # the sentence names no year; the report's is 2017 ("between 2000 and 2015" is not it)
    for as_read, area in (
        ("80 million", "area:asia"),
        ("78 million", "area:europe"),
        ("25 million", "area:africa"),
        ("8.4 million", "area:oceania"),
    ):
        p = _figure(found, as_read, area)
        assert p.fact["details"]["year"] == 2017
        assert p.comparison == "agrees" and p.stored["sources"]
    # "followed by 12.2 million each in Saudi Arabia and Germany, 11.6 million in Russia"
    assert _figure(found, "12.2 million", "country:SAU").comparison == "agrees"
    assert _figure(found, "12.2 million", "country:DEU").comparison == "agrees"
    russia = _figure(found, "11.6 million", "country:RUS")
    assert russia.comparison == "conflicts"  # the store has 11,651,509: 11.7 million
    assert russia.stored["values"]["undesa-ims-2017"] == 11_651_509
    high = _figure(found, "165 million")
    assert high.fact["details"]["area"] == "area:high-income-countries"
    assert high.comparison == "agrees"


def test_shares_are_read_as_what_they_are_a_share_of(conn: Connection) -> None:
    found = _proposals(conn, RMN, "figure")
    total = _figure(found, "64 percent")  # "165 million migrants in high-income countries,
    assert total.fact["details"]["indicator"] == "share_of_world_migrants"  # 64 percent of
    assert total.fact["details"]["area"] == "area:high-income-countries"  # the total"
    assert total.comparison == "agrees"  # 164.8 of 257.7 million
    apposed = _figure(found, "57 percent")  # "some 146 million or 57 percent, are in the
    assert apposed.fact["details"]["area"] == "area:more-developed-regions"  # more developed
    assert apposed.comparison == "agrees"  # countries": 56.6 per cent in the store
    people = _figure(found, "3.4 percent")
    assert people.fact["details"]["indicator"] == "migrant_share_of_population"
    men, women = _figure(found, "52 percent"), _figure(found, "48 percent")
    assert men.fact["details"]["indicator"] == "share_of_male_migrants"
    assert women.fact["details"]["indicator"] == "share_of_female_migrants"
    assert men.comparison == "new"  # the 2017 revision in the store is not split by sex
    # "compared with 54 percent of the world's people" is not a share of migrants
    assert not [p for p in found if p.fact["details"]["as_read"] == "54 percent"]


def test_a_change_is_compared_with_the_stock_of_both_years(conn: Connection) -> None:
    found = _proposals(conn, RMN, "figure")
    # "The number of international migrants rose 10 million from 248 million in 2015, and
    # is up 50 percent from 173 million in 2000."
    rose = _figure(found, "10 million")
    assert rose.fact["details"]["indicator"] == "migrant_stock_change"
    assert rose.fact["details"]["year"] == "2015-2017"
    assert rose.comparison == "agrees"  # 10.1 million in the store
    up = _figure(found, "50 percent")
    assert up.fact["details"]["year"] == "2000-2017"
    assert up.comparison == "conflicts"  # 49.3 per cent: the text rounds up
    assert up.stored["values"]["undesa-ims-2017"] == 49.31


def test_each_state_with_its_date_in_brackets_is_an_action_of_its_own(
    conn: Connection,
) -> None:
    found = _proposals(conn, "iuf_bolivia_ratifies_c189_2013", "action")
    by_state = {p.fact["details"]["country"]: p for p in found}
    assert set(by_state) == {f"country:{c}" for c in ("BOL", "URY", "PHL", "MUS", "NIC", "ITA")}
    assert by_state["country:URY"].fact["details"]["date"] == "2012-06-12"
    assert by_state["country:ITA"].fact["details"]["date"] == "2013-01-22"
    assert all(p.fact["subject"] == "instrument:ilo-c189" for p in found)  # "C189"
    assert all(by_state[f"country:{c}"].comparison == "agrees" for c in ("URY", "PHL", "ITA"))
    # "On April 16, Bolivia was the sixth country": no year of its own, none borrowed
    assert by_state["country:BOL"].fact["details"]["year"] is None


def test_a_fact_named_again_with_less_is_proposed_once(conn: Connection) -> None:
    (action,) = _proposals(conn, "ilo_bolivia_ratifies_c189_2013", "action")
    assert action.fact["details"]["date"] == "2013-04-15"
    assert "deposited with the International Labour Office" in action.fact["quote"]


def test_observers_are_read_apart_from_members(conn: Connection) -> None:
    name = "rcm_about_us_and_observers"
    (observers,) = [
        p for p in _proposals(conn, name, "members") if p.fact["details"].get("relation")
    ]
    assert observers.fact["details"]["relation"] == "observer"
    assert observers.fact["refs"] == [f"country:{c}" for c in ("ARG", "COL", "ECU", "JAM", "PER")]
    assert observers.comparison == "agrees"
    (count,) = _proposals(conn, name, "count")
    assert count.fact["details"]["count"] == 12
    assert count.fact["details"]["relation"] == "observer"
    assert count.comparison == "conflicts" and count.stored["count"] != 12


def test_a_section_heading_says_where_and_when_a_meeting_was_held(conn: Connection) -> None:
    found = _proposals(conn, "gfmd_civil_society_days_history", "meeting")
    held = {p.fact["subject"]: p for p in found}
    vallarta = held["meeting:gfmd-2010"]
    assert vallarta.fact["quote"] == "2010: Puerto Vallarta, Mexico"
    assert vallarta.fact["details"]["place"] == "Puerto Vallarta"
    assert vallarta.fact["details"]["year"] == 2010
    assert vallarta.comparison == "agrees"
    assert {"meeting:gfmd-2007", "meeting:gfmd-2008", "meeting:gfmd-2009"} <= set(held)
