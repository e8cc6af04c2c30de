"""Each member's vote on one General Assembly roll call, derived from the stored votes.

The source lists only the members that voted. A member that did not vote is one that voted in
some roll call of the same session but not in this one: the session's voters stand for its
membership, which needs no outside list and follows admissions and dissolutions.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import Connection, Select, case, func, literal, null, select, union_all

from commonground.domain.errors import NotFound
from commonground.domain.symbols import resolution_symbol
from commonground.evidence.store.tables import areas, roll_calls, source_roles, votes

VOTES_ROLE = "votes"  # facts/datasets.yaml: the roll calls, then the votes
VOTE_ORDER = ("yes", "no", "abstain", "non-voting")
METHOD = (
    "members that did not vote are those that voted in another roll call of the same"
    " session but not in this one"
)


@dataclass
class CountryVote:
    country: str
    name: str
    vote: str
    source_id: str
    """The votes' source; non-voting members are derived from the same records."""
    note: str | None = None


@dataclass
class RollCallVotes:
    rcid: int
    resolution: str | None
    unres: str | None
    date: date
    session: int
    short: str | None
    descr: str | None
    tallies: dict[str, int]
    votes: list[CountryVote] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)
    method: str = METHOD


def find_roll_call(conn: Connection, resolution: str) -> int:
    """The rcid of the vote on a whole resolution, from "A/RES/73/195", "R/73/195" or an rcid."""
    text = resolution.strip()
    if text.isdigit():
        rcid = conn.execute(select(roll_calls.c.rcid).where(roll_calls.c.rcid == int(text)))
        found = rcid.scalar()
        if found is None:
            raise NotFound(f"no roll call with rcid {text}")
        return int(found)
    symbol = resolution_symbol(text) or resolution_symbol("R/" + text) or text.upper()
    rows = conn.execute(
        select(roll_calls.c.rcid, roll_calls.c.amend, roll_calls.c.para)
        .where(roll_calls.c.resolution == symbol)
        .order_by(roll_calls.c.rcid)
    ).all()
    if not rows:
        raise NotFound(
            f"no recorded vote on {symbol} in the General Assembly votes"
            " (1946-2019); the resolution may have been adopted without a vote"
        )
    whole = [r.rcid for r in rows if not r.amend and not r.para]
    return int(whole[-1] if whole else rows[-1].rcid)


def roll_call(conn: Connection, resolution: str) -> RollCallVotes:
    """A roll call's record and tallies, without the members' votes (see `ballots`)."""
    rcid = find_roll_call(conn, resolution)
    sources = [
        str(s)
        for s in conn.execute(
            select(source_roles.c.source_id)
            .where(source_roles.c.role == VOTES_ROLE)
            .order_by(source_roles.c.position)
        ).scalars()
    ]
    call = conn.execute(select(roll_calls).where(roll_calls.c.rcid == rcid)).one()
    cast = ballots(call.rcid, call.session, sources[-1] if sources else "").subquery()
    counted: dict[str, int] = dict(
        conn.execute(select(cast.c.vote, func.count()).group_by(cast.c.vote)).all()
    )
    return RollCallVotes(
        rcid=rcid,
        resolution=call.resolution,
        unres=call.unres,
        date=call.date,
        session=call.session,
        short=call.short,
        descr=call.descr,
        tallies={k: int(counted.get(k, 0)) for k in VOTE_ORDER},
        sources=sources,
    )


def ballots(rcid: int, session: int, source_id: str) -> Select[Any]:
    """Every member's vote on one roll call as one query, non-voting members included, in
    `VOTE_ORDER` then by name: a page of it is read in SQL, not sliced from every row."""
    voted = (
        select(
            votes.c.country,
            areas.c.name,
            votes.c.vote,
            literal(source_id).label("source_id"),
            votes.c.note,
            areas.c.name_sort,
        )
        .join(areas, areas.c.code == votes.c.country)
        .where(votes.c.rcid == rcid)
    )
    members = (
        select(votes.c.country)
        .distinct()
        .where(votes.c.rcid.in_(select(roll_calls.c.rcid).where(roll_calls.c.session == session)))
        .subquery()
    )
    absent = (
        select(
            members.c.country,
            areas.c.name,
            literal("non-voting").label("vote"),
            literal(source_id).label("source_id"),
            null().label("note"),
            areas.c.name_sort,
        )
        .join(areas, areas.c.code == members.c.country)
        .where(members.c.country.not_in(select(votes.c.country).where(votes.c.rcid == rcid)))
    )
    both = union_all(voted, absent).subquery()
    order = case({v: n for n, v in enumerate(VOTE_ORDER)}, value=both.c.vote)
    return select(both.c.country, both.c.name, both.c.vote, both.c.source_id, both.c.note).order_by(
        order, func.coalesce(both.c.name_sort, both.c.name), both.c.country
    )


def roll_call_votes(conn: Connection, resolution: str) -> RollCallVotes:
    """A roll call with every member's vote."""
    found = roll_call(conn, resolution)
    source_id = found.sources[-1] if found.sources else ""
    query = ballots(found.rcid, found.session, source_id)
    found.votes = [CountryVote(**r._mapping) for r in conn.execute(query)]
    return found
