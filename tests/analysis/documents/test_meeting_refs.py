"""Meetings named as reports name them, resolved against the curated meetings by their town
or host country, their year and their forum, on real passages (tests/documents/texts) and
on both backends."""

from __future__ import annotations

from sqlalchemy import Connection

from commonground.analysis.documents.mentions import finder_for
from tests.documents import text


def _meetings(conn: Connection, words: str) -> list[tuple[str, str | None]]:
    return [(m.surface, m.key) for m in finder_for(conn).find(words) if m.kind == "meeting"]


def test_a_town_and_a_meeting_word_name_the_forum_s_meeting_there(conn: Connection) -> None:
    manila = text("gfmd_manila_2008_meeting_page").decode()
    found = _meetings(conn, manila)
    assert ("Manila meeting", "meeting:gfmd-2008") in found  # the GFMD named just before
    assert ("2006 HLD", "meeting:hld-2006") in found
    assert ("Manila GFMD", "meeting:gfmd-2008") in found
    brussels = text("gfmd_brussels_2007_meeting_page").decode()
    # Brussels hosted the first GFMD and its Civil Society Day: "meeting" is the GFMD's
    assert _meetings(conn, brussels) == [("Brussels meeting", "meeting:gfmd-2007")]


def test_a_section_heading_of_a_year_and_a_town_names_that_year_s_meeting(
    conn: Connection,
) -> None:
    history = text("gfmd_civil_society_days_history").decode()
    found = _meetings(conn, history)
    for heading, meeting in (
        ("2010: Puerto Vallarta, Mexico", "gfmd-2010"),
        ("2009: Athens, Greece", "gfmd-2009"),
        ("2008: Manila, Philippines", "gfmd-2008"),
        ("2007: Brussels, Belgium", "gfmd-2007"),
    ):
        assert (heading, f"meeting:{meeting}") in found


def test_a_year_or_a_forum_picks_one_meeting_of_a_town_that_hosted_several(
    conn: Connection,
) -> None:
    # Geneva hosted the GFMD in 2011 and in 2024: without a year it names neither
    assert _meetings(conn, "the Geneva summit") == []
    assert _meetings(conn, "the 2011 Geneva summit") == [
        ("2011 Geneva summit", "meeting:gfmd-2011")
    ]
    assert _meetings(conn, "the 2010 GFMD in Puerto Vallarta") == [
        ("2010 GFMD in Puerto Vallarta", "meeting:gfmd-2010")
    ]
    assert _meetings(conn, "HLD 2006") == [("HLD 2006", "meeting:hld-2006")]
    assert _meetings(conn, "At the GFMD, the Mexico meeting") == [
        ("Mexico meeting", "meeting:gfmd-2010")
    ]


def test_a_country_s_chairmanship_is_not_a_meeting(conn: Connection) -> None:
    dhaka = text("gfmd_dhaka_2016_meeting_page").decode()
    chair = "throughout the Bangladesh GFMD Chairmanship."
    assert chair in dhaka
    assert _meetings(conn, chair) == []
    assert _meetings(conn, "the Bangladesh GFMD in December") == [
        ("Bangladesh GFMD", "meeting:gfmd-2016")
    ]
