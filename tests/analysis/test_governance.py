"""The questions users ask of the governance map, against the curated files read directly."""

from __future__ import annotations

import csv

import pytest
from sqlalchemy import Connection

from commonground.analysis.governance.actors import StateActor, actor_record
from commonground.analysis.governance.forums import forum_record, holders
from commonground.analysis.governance.meetings import meeting_record
from commonground.analysis.governance.pillars import list_pillars
from commonground.analysis.instruments import parties
from commonground.domain.errors import NotFound
from tests.conftest import DATA_DIR
from tests.governance_raw import PARTY_ACTIONS, dated_in, rows

GFMD_YEARS = range(2007, 2027)


def gfmd(roles: tuple[str, ...], year: int) -> set[str]:
    return {
        r["actor"]
        for r in rows("roles.csv")
        if r["forum"] == "gfmd" and r["role"] in roles and dated_in(r, year)
    }


@pytest.mark.parametrize("year", GFMD_YEARS)
def test_the_gfmd_chair_in_a_year(conn: Connection, year: int) -> None:
    found = {r.actor for r in holders(conn, "gfmd", ("chair", "co_chair"), year)}
    assert found == gfmd(("chair", "co_chair"), year)


def test_known_gfmd_chairs(conn: Connection) -> None:
    def chairs(year: int) -> set[str]:
        return {r.actor for r in holders(conn, "gfmd", ("chair", "co_chair"), year)}

    assert chairs(2007) == {"BEL"}
    assert chairs(2018) == {"DEU", "MAR"}
    assert chairs(2023) >= {"FRA", "SEN"}


@pytest.mark.parametrize("year", GFMD_YEARS)
def test_the_gfmd_troika_in_a_year(conn: Connection, year: int) -> None:
    found = {r.actor for r in holders(conn, "gfmd", ("troika",), year)}
    assert found == gfmd(("troika",), year)


MEMBERSHIP = {"member", "founding_member", "associate_member", "suspended_member"}


def expected_members(forum: str, year: int) -> set[str]:
    """Members known in `year`: dated rows holding then, and lists as of that very year."""
    return {
        r["actor"]
        for r in rows("roles.csv")
        if r["forum"] == forum
        and r["role"] in MEMBERSHIP
        and (
            dated_in(r, year)
            or (not r["from_year"] and not r["to_year"] and r["as_of"] == str(year))
        )
    }


@pytest.mark.parametrize(
    ("forum", "year"),
    [
        ("prague-process", 2018),
        ("prague-process", 2020),
        ("colombo-process", 2003),
        ("colombo-process", 2024),
        ("abu-dhabi-dialogue", 2021),
        ("schengen-area", 2025),
        ("mercosur-residence-area", 2016),
        ("midsa", 2010),
    ],
)
def test_members_of_a_process_as_of_a_year(conn: Connection, forum: str, year: int) -> None:
    result = forum_record(conn, forum, year)
    assert {r.actor for r in result.members} == expected_members(forum, year)


def test_a_list_as_of_one_year_is_not_shown_for_another(conn: Connection) -> None:
    listed = [r for r in rows("roles.csv") if r["forum"] == "prague-process" and r["as_of"]]
    year = int(listed[0]["as_of"])
    later = forum_record(conn, "prague-process", year + 2)
    assert not any(r.basis == "listed" for r in later.members)
    assert any(f"as of other years ({year})" in note for note in later.notes)
    same = forum_record(conn, "prague-process", year)
    shown = {r.when for r in same.members if r.basis == "listed"}
    assert shown == {f"listed as of {year}"}


def test_a_states_roles_over_time(conn: Connection) -> None:
    record = actor_record(conn, "Morocco")
    assert isinstance(record.actor, StateActor) and record.actor.id == "MAR"
    raw = [r for r in rows("roles.csv") if r["actor"] == "MAR"]
    on_forums = {(r["forum"], r["role"], r["from_year"], r["to_year"]) for r in raw if r["forum"]}
    found = {
        (r.forum, r.role, str(r.from_year or ""), str(r.to_year or "")) for r in record.forum_roles
    }
    assert found == on_forums
    assert ("gfmd", "co_chair", "2017", "2018") in found
    hosted = {m["id"] for m in rows("meetings.csv") if m["host_country"] == "MAR"}
    assert {m.id for m in (record.meetings_hosted or [])} == hosted
    assert all(r.source_url and r.source_says for r in record.forum_roles)


def test_a_states_record_as_of_a_year_keeps_what_held_then(conn: Connection) -> None:
    record = actor_record(conn, "MA", 2010)
    raw = [
        r
        for r in rows("roles.csv")
        if r["actor"] == "MAR" and r["forum"] and (dated_in(r, 2010) or r["as_of"] == "2010")
    ]
    assert len(record.forum_roles) == len(raw)


def test_an_unknown_actor_suggests_close_ids(conn: Connection) -> None:
    with pytest.raises(NotFound) as caught:
        actor_record(conn, "unhrc")
    assert "unhcr" in caught.value.suggestions


def party_status(instrument: str, year: int) -> dict[str, str]:
    """Party from a dated party-making act, else signatory from a dated signature."""
    status: dict[str, str] = {}
    for r in rows("instrument_actions.csv"):
        if r["instrument"] != instrument or not r["date"] or int(r["date"][:4]) > year:
            continue
        if r["action"] in PARTY_ACTIONS:
            status[r["actor"]] = "party"
        elif r["action"] == "signature":
            status.setdefault(r["actor"], "signatory")
    return status


@pytest.mark.parametrize(
    ("instrument", "year"),
    [
        ("ilo-c189", 2013),
        ("ilo-c189", 2019),
        ("ilo-c143", 1990),
        ("schengen-agreement", 1990),
    ],
)
def test_parties_of_a_curated_instrument_as_of_a_year(
    conn: Connection, instrument: str, year: int
) -> None:
    result = parties(conn, instrument, year)
    found = {s.country: s.status for s in result.states if s.status in ("party", "signatory")}
    assert found == party_status(instrument, year)


def test_a_partial_list_is_flagged_and_an_instrument_without_actions_says_so(
    conn: Connection,
) -> None:
    partial = parties(conn, "ilo-c143", 2000)
    assert any("partial" in w for w in partial.warnings)
    none = parties(conn, "gcm", 2020)
    assert none.states == ()
    assert none.warnings == ("no party data held for this instrument",)


def test_undated_ratifications_are_known_only_from_their_list_date(conn: Connection) -> None:
    raw = [r for r in rows("instrument_actions.csv") if r["instrument"] == "eac-cmp"]
    list_year = int(raw[0]["list_as_of"][:4])
    before = parties(conn, "eac-cmp", list_year - 1)
    after = parties(conn, "eac-cmp", list_year)
    assert before.counts.party == 0 and before.counts.unknown == len(raw)
    assert after.counts.party == len(raw)


def test_parties_of_a_bundled_treaty_as_of_a_year(conn: Connection) -> None:
    path = DATA_DIR / "treaties" / "un_core_hr_treaties" / "hr_status_icmw.csv"
    with path.open(encoding="utf-8", newline="") as handle:
        raw = list(csv.DictReader(handle))
    expected = sum(
        1
        for r in raw
        if r["status"] == "state party" and int(r["year ratification or accession"]) <= 2010
    )
    assert parties(conn, "icmw", 2010).counts.party == expected


def test_the_pillar_of_each_institution(conn: Connection) -> None:
    pillar_of_forum = {r["id"]: int(r["pillar"]) for r in rows("forums.csv")}
    pillar_of_instrument = {r["id"]: int(r["pillar"]) for r in rows("instruments.csv")}
    by_kind = {"un_agency": 4, "igo": 4, "regional_body": 3, "economic_community": 3}
    seen_forums, seen_instruments, seen_actors = {}, {}, {}
    for pillar in list_pillars(conn):
        for f in pillar.forums:
            seen_forums[f.id] = pillar.number
        for i in pillar.instruments:
            seen_instruments[i.id] = pillar.number
        for a in pillar.actors:
            seen_actors[a.id] = pillar.number
    assert seen_forums == pillar_of_forum
    assert {k: v for k, v in seen_instruments.items() if k in pillar_of_instrument} == (
        pillar_of_instrument
    )
    assert seen_instruments["icmw"] == 5
    assert seen_actors == {
        r["id"]: by_kind[r["kind"]] for r in rows("actors.csv") if r["kind"] in by_kind
    }
    assert seen_forums["gfmd"] == 2 and seen_forums["schengen-area"] == 3
    assert seen_forums["unnm"] == 4


def test_a_meeting_record_lists_the_documents_it_produced(conn: Connection) -> None:
    raw = rows("documents.csv")
    for meeting in {m["id"] for m in rows("meetings.csv")}:
        record = meeting_record(conn, meeting)
        expected = [d for d in raw if d["meeting"] == meeting]
        assert {d.id for d in record.documents} == {d["id"] for d in expected}
        assert bool(record.notes) == (not expected)
    imrf = meeting_record(conn, "imrf-2022").documents
    progress = next(d for d in raw if d["id"] == "imrf-2022-progress-declaration")
    assert [(d.symbol, d.date, d.kind) for d in imrf] == [
        (None, progress["date"], progress["kind"])
    ]
