"""Roles over time: who held which role where, and what "as of a year" can honestly say.

A role with years holds in year Y when (from_year is empty or from_year <= Y) and (to_year is
empty or to_year >= Y). A role read from a list "as of" year A, with no from/to, is known to
hold in A only: it is returned for A as "listed as of A", never for other years. A role with
no year at all is returned only when no year is asked. A role at a meeting holds in the
meeting's year.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlalchemy import ColumnElement, Connection, select

from commonground.analysis.governance.records import LeftOut, ListedRole, Role, from_row
from commonground.domain.ids import GOVERNANCE_SOURCE
from commonground.evidence.store.governance_tables import (
    actors,
    forums,
    group_members,
    meetings,
    roles,
)
from commonground.evidence.store.tables import areas, sources

MEMBERSHIP = ("member", "founding_member", "associate_member", "suspended_member")
CHAIRS = ("chair", "co_chair")


def timing(row: Mapping[Any, Any]) -> tuple[str, str]:
    """(basis, when): basis is dated, listed, meeting or undated; when is for people."""
    start, end, as_of = row["from_year"], row["to_year"], row["as_of"]
    if start is not None or end is not None:
        if start == end:
            return "dated", str(start)
        if end is None:
            return "dated", f"from {start}"
        if start is None:
            return "dated", f"until {end}"
        return "dated", f"{start}-{end}"
    if row.get("meeting_year") is not None:
        return "meeting", str(row.get("meeting_date") or row["meeting_year"])
    if as_of is not None:
        return "listed", f"listed as of {as_of}"
    return "undated", "undated source"


def holds_in(row: Role, year: int) -> bool:
    """Whether a role is known to hold in `year` (see the module docstring)."""
    if row.basis == "dated":
        start, end = row.from_year, row.to_year
        return (start is None or start <= year) and (end is None or end >= year)
    if row.basis == "meeting":
        return row.meeting_year == year
    if row.basis == "listed":
        return row.as_of == year
    return False


def role_rows(conn: Connection, *where: ColumnElement[bool]) -> list[Role]:
    """Roles with the names of their actor, forum and meeting, in time order."""
    forum_of_meeting = forums.alias("meeting_forum")
    query = (
        select(
            roles,
            actors.c.name.label("organisation_name"),
            areas.c.name.label("state_name"),
            forums.c.name.label("forum_name"),
            meetings.c.name.label("meeting_name"),
            meetings.c.year.label("meeting_year"),
            meetings.c.start_date.label("meeting_date"),
            meetings.c.forum.label("meeting_forum"),
            forum_of_meeting.c.name.label("meeting_forum_name"),
        )
        .outerjoin(actors, actors.c.id == roles.c.actor)
        .outerjoin(areas, areas.c.code == roles.c.actor)
        .outerjoin(forums, forums.c.id == roles.c.forum)
        .outerjoin(meetings, meetings.c.id == roles.c.meeting)
        .outerjoin(forum_of_meeting, forum_of_meeting.c.id == meetings.c.forum)
        .where(*where)
        .order_by(roles.c.source_row)
    )
    out = []
    for row in conn.execute(query).mappings():
        basis, when = timing(row)
        out.append(
            from_row(
                Role,
                row,
                actor_name=row["organisation_name"] or row["state_name"],
                forum=row["forum"] or row["meeting_forum"],
                forum_name=row["forum_name"] or row["meeting_forum_name"],
                basis=basis,
                when=when,
                source_id=GOVERNANCE_SOURCE,
            )
        )
    out.sort(key=_time_key)
    return out


def _time_key(row: Role) -> tuple[int, int]:
    year = row.from_year or row.meeting_year or row.as_of or row.to_year or 9999
    return int(year), int(row.source_row)


def as_of(rows: list[Role], year: int | None) -> tuple[list[Role], LeftOut | None]:
    """The roles known to hold in `year` (all when None) and what was left out and why
    (None when no year is asked: nothing is)."""
    if year is None:
        return rows, None
    kept = [r for r in rows if holds_in(r, year)]
    listed = sorted({r.as_of for r in rows if r.basis == "listed" and r.as_of is not None})
    left_out = LeftOut(
        listed_other_years=sum(1 for r in rows if r.basis == "listed" and r.as_of != year),
        undated=sum(1 for r in rows if r.basis == "undated"),
        lists_held_as_of=listed,
    )
    return kept, left_out


def explain(left_out: LeftOut | None, year: int | None) -> list[str]:
    """Plain sentences about the rows an "as of" view could not show."""
    if year is None or left_out is None:
        return []
    notes = []
    if left_out.listed_other_years:
        notes.append(
            f"{_roles(left_out.listed_other_years)} come from lists as of other years"
            f" ({', '.join(str(y) for y in left_out.lists_held_as_of)}); a list is known"
            f" to hold only in the year it describes, so they are not shown for {year}"
        )
    if left_out.undated:
        notes.append(
            f"{_roles(left_out.undated)} come from undated sources and cannot be placed in"
            f" {year}; ask without as_of to see them"
        )
    return notes


def _roles(n: int) -> str:
    return f"{n} role" if n == 1 else f"{n} roles"


def group_role_rows(conn: Connection, forum_id: str) -> list[ListedRole]:
    """Members of a forum that a bundle file lists (`group_members`, group `forum:ID`), as
    roles "listed as of" the file's year, each citing its file and row."""
    query = (
        select(group_members, areas.c.name.label("state_name"), sources.c.url, sources.c.title)
        .outerjoin(areas, areas.c.code == group_members.c.member)
        .join(sources, sources.c.id == group_members.c.source_id)
        .where(group_members.c.group_id == f"forum:{forum_id}")
        .order_by(group_members.c.source_row)
    )
    out = []
    for r in conn.execute(query).mappings():
        out.append(
            ListedRole(
                actor=r["member"],
                actor_name=r["state_name"] or r["name_as_read"],
                actor_type=r["member_type"],
                forum=forum_id,
                forum_name=None,
                meeting=None,
                meeting_name=None,
                meeting_year=None,
                meeting_date=None,
                role="member",
                from_year=None,
                to_year=None,
                as_of=r["as_of_year"],
                basis="listed",
                when=f"listed as of {r['as_of']}",
                name_as_read=r["name_as_read"],
                source_url=r["url"],
                source_says=f"{r['name_as_read']} is listed in {r['title']}"
                f" (row {r['source_row']})",
                note=r["note"],
                conflict=None,
                source_row=r["source_row"],
                source_id=r["source_id"],
                list_complete=r["list_complete"],
            )
        )
    return out
