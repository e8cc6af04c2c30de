"""Facts proposed from small real passages, one test per kind, each compared with the
evidence base on both backends: agreement (with the stored value and its source), a new
fact, and a conflict (both values, both sources)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection

from commonground.analysis.documents.ingest import read
from tests.documents import text

# "About the Bali Process", https://baliprocess.dev.juicebox.com.au/about/about-the-bali-process
# (the words in quotes as the page gives them; the store lists 41 members of its own sources).
BALI = (
    "The Bali Process: '45 Member States and 4 Member Organisations - IOM, UNHCR, UNODC and"
    " ILO - as well as 18 Observer States and nine Observer Organisations'."
)
# The Colombo Process's home page, https://www.colomboprocess.org/ (as the store's note reads it).
COLOMBO = "The Colombo Process: '12 Member States and 8 Observer Countries'."


def _proposals(conn: Connection, data: bytes, kind: str) -> list[Any]:
    _, reading = read(conn, data, "passage.txt")
    return [p for p in reading.proposals if p.kind == kind]


def test_a_meeting_held_in_a_place_and_chaired_agrees_with_the_map(conn: Connection) -> None:
    found = _proposals(conn, text("gfmd_dhaka_2016_meeting_page"), "meeting")
    dhaka = next(p for p in found if p.fact["details"].get("place") == "Dhaka")
    assert dhaka.fact["subject"] == "meeting:gfmd-2016"
    assert dhaka.fact["details"]["chair"] == "country:BGD"
    assert dhaka.fact["details"]["year"] == 2016
    assert "held in Dhaka on 10-12 December" in dhaka.fact["quote"]
    assert dhaka.comparison == "agrees"
    assert dhaka.stored["place"] == "Dhaka" and dhaka.stored["chair"] == ["country:BGD"]
    assert dhaka.stored["sources"], "the stored values name their source"


def test_the_members_of_a_group_agree_with_the_map(conn: Connection) -> None:
    found = _proposals(conn, text("rcm_about_us_and_observers"), "members")
    (members,) = [p for p in found if "relation" not in p.fact["details"]]
    assert members.fact["subject"] == "forum:rcm"
    assert len(members.fact["details"]["members"]) == 11
    assert {"country:BLZ", "country:DOM", "country:USA"} <= set(members.fact["refs"])
    assert "country:ARG" not in members.fact["refs"]  # an observer, named in the next sentence
    assert members.comparison == "agrees" and members.stored["not_stored"] == []


def test_a_count_agrees_or_conflicts_with_the_map(conn: Connection) -> None:
    (colombo,) = _proposals(conn, COLOMBO.encode(), "count")
    assert colombo.fact["details"]["count"] == 12
    assert colombo.comparison == "agrees" and colombo.stored["count"] == 12
    (bali,) = _proposals(conn, BALI.encode(), "count")
    assert bali.fact["subject"] == "forum:bali-process"
    assert bali.fact["details"]["count"] == 45
    assert bali.comparison == "conflicts"
    assert bali.stored["count"] != 45 and bali.stored["sources"]


def test_a_state_action_on_an_instrument_agrees_with_the_treaty_record(conn: Connection) -> None:
    found = _proposals(conn, text("ilo_bolivia_ratifies_c189_2013"), "action")
    dated = next(p for p in found if p.fact["details"]["date"])
    assert dated.fact["details"] == {
        "instrument": "instrument:ilo-c189",
        "country": "country:BOL",
        "action": "ratification",
        "date": "2013-04-15",
        "year": 2013,
    }
    assert "deposited with the International Labour Office" in dated.fact["quote"]
    assert dated.comparison == "agrees"
    assert any("2013-04-15" in a for a in dated.stored["actions"])


def test_a_figure_of_the_evidence_base_is_compared_at_its_precision(conn: Connection) -> None:
    found = _proposals(conn, text("rmn_un_258_million_2017"), "figure")
    world = next(p for p in found if p.fact["details"]["as_read"] == "258 million")
    assert world.fact["details"]["area"] == "area:world"
    assert world.fact["details"]["year"] == 2017
    assert world.comparison == "agrees"
    assert 257_500_000 <= max(world.stored["values"].values()) < 258_500_000
    earlier = next(p for p in found if p.fact["details"]["as_read"] == "248 million")
    assert earlier.fact["details"]["year"] == 2015 and earlier.comparison == "agrees"
