"""Each member's vote on one General Assembly roll call, derived from the stored votes.

The source lists only the members that voted. A member that did not vote is one that voted in
some roll call of the same session but not in this one: the session's voters stand for its
membership, which needs no outside list and follows admissions and dissolutions.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import Connection, and_, select

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


def roll_call_votes(conn: Connection, resolution: str) -> RollCallVotes:
    rcid = find_roll_call(conn, resolution)
    sources = [
        str(s)
        for s in conn.execute(
            select(source_roles.c.source_id)
            .where(source_roles.c.role == VOTES_ROLE)
            .order_by(source_roles.c.position)
        ).scalars()
    ]
    votes_source = sources[-1] if sources else ""
    call = conn.execute(select(roll_calls).where(roll_calls.c.rcid == rcid)).one()
    cast = {
        r.country: (r.vote, r.note, r.name)
        for r in conn.execute(
            select(votes.c.country, votes.c.vote, votes.c.note, areas.c.name)
            .join(areas, areas.c.code == votes.c.country)
            .where(votes.c.rcid == rcid)
        )
    }
    session_members = conn.execute(
        select(votes.c.country, areas.c.name)
        .distinct()
        .join(roll_calls, roll_calls.c.rcid == votes.c.rcid)
        .join(areas, areas.c.code == votes.c.country)
        .where(and_(roll_calls.c.session == call.session))
    ).all()
    result: list[CountryVote] = [
        CountryVote(c, name, vote, votes_source, note) for c, (vote, note, name) in cast.items()
    ]
    result += [
        CountryVote(m.country, m.name, "non-voting", votes_source)
        for m in session_members
        if m.country not in cast
    ]
    result.sort(key=lambda v: (VOTE_ORDER.index(v.vote), v.name))
    tallies = {k: sum(1 for v in result if v.vote == k) for k in VOTE_ORDER}
    return RollCallVotes(
        rcid=rcid,
        resolution=call.resolution,
        unres=call.unres,
        date=call.date,
        session=call.session,
        short=call.short,
        descr=call.descr,
        tallies=tallies,
        votes=result,
        sources=sources,
    )
