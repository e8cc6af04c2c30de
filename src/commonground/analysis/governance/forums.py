"""Forums and processes: their organs, their members as of a year, their meetings.

The GFMD chair and Troika of a year are roles on the `gfmd` forum, so "who chaired in Y"
is `holders(conn, "gfmd", CHAIRS, Y)`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, select

from commonground.analysis.catalogue import sources_by_id
from commonground.analysis.governance.lookup import forum_row, governance_sources
from commonground.analysis.governance.meetings import meeting_summaries
from commonground.analysis.governance.records import (
    Forum,
    ForumRef,
    LeftOut,
    MeetingSummary,
    NamedForum,
    Organ,
    Role,
    from_row,
)
from commonground.analysis.governance.roles import (
    MEMBERSHIP,
    as_of,
    explain,
    group_role_rows,
    role_rows,
)
from commonground.analysis.paging import Read, Window, read_page
from commonground.analysis.result import CitedRecord
from commonground.evidence.store.governance_tables import forums, group_members, pillars, roles


def forum_page(
    conn: Connection, kind: str | None, pillar: int | None, window: Window | None
) -> Read:
    """The forums (of a kind, of a pillar) in file order with their pillar's name, the rows
    in `window` (all if None) read in SQL."""
    query = select(forums, pillars.c.name.label("pillar_name")).join(
        pillars, pillars.c.number == forums.c.pillar
    )
    if kind is not None:
        query = query.where(forums.c.kind == kind)
    if pillar is not None:
        query = query.where(forums.c.pillar == pillar)
    return read_page(conn, query.order_by(forums.c.source_row), window)


def list_forums(
    conn: Connection, kind: str | None = None, pillar: int | None = None
) -> list[NamedForum]:
    return [from_row(NamedForum, r._mapping) for r in forum_page(conn, kind, pillar, None).rows]


@dataclass(frozen=True)
class ForumRecord(CitedRecord):
    """A forum with its parent, organs, roles (as of a year), members and meetings."""

    forum: NamedForum
    parent: ForumRef | None
    as_of: int | None
    organs: list[Organ]
    roles: list[Role]
    members: list[Role]
    member_count: int
    meetings: list[MeetingSummary]
    left_out: LeftOut | None
    """None when no year is asked (the JSON says `{}`: nothing is left out)."""
    notes: list[str]

    def data(self) -> dict[str, Any]:
        return {**super().data(), "left_out": self.left_out or {}}


def forum_record(conn: Connection, forum_id: str, year: int | None = None) -> ForumRecord:
    """A forum with its parent, organs, roles (as of `year`), members and meetings."""
    found = forum_row(conn, forum_id)
    pillar_name = conn.execute(
        select(pillars.c.name).where(pillars.c.number == found.pillar)
    ).scalar()
    forum = NamedForum(**vars(found), pillar_name=pillar_name)
    parent = None
    if forum.parent:
        parent = ForumRef(id=forum.parent, name=forum_row(conn, forum.parent).name)
    organs = []
    for organ in conn.execute(
        select(forums).where(forums.c.parent == forum.id).order_by(forums.c.source_row)
    ).mappings():
        organ_roles, _ = as_of(role_rows(conn, roles.c.forum == organ["id"]), year)
        organs.append(from_row(Organ, organ, roles=organ_roles))
    listed = group_role_rows(conn, forum.id)
    all_roles = role_rows(conn, roles.c.forum == forum.id) + listed
    held, left_out = as_of(all_roles, year)
    members = [r for r in held if r.role in MEMBERSHIP]
    meetings = meeting_summaries(conn, forum.id)
    if year is not None:
        # Meetings "as of" a year are those held up to that year (members: those holding then).
        meetings = [m for m in meetings if m.year is not None and m.year <= year]
    notes = explain(left_out, year)
    if not any(r.role in MEMBERSHIP for r in all_roles):
        notes.append("no member list is held for this forum (see facts/governance/README.md)")
    notes += sorted(
        {
            f"incomplete list from {r.source_id}: {r.note or 'states are missing'}"
            for r in listed
            if not r.list_complete
        }
    )
    source_ids = sorted({r.source_id for r in listed})
    return ForumRecord(
        forum=forum,
        parent=parent,
        as_of=year,
        organs=organs,
        roles=held,
        members=members,
        member_count=len({r.actor for r in members}),
        meetings=meetings,
        left_out=left_out,
        notes=notes,
        sources=governance_sources(conn) + sources_by_id(conn, source_ids),
    )


def holders(conn: Connection, forum_id: str, role_names: tuple[str, ...], year: int) -> list[Role]:
    """Who held one of `role_names` on a forum in `year` (e.g. the GFMD chair, the Troika)."""
    forum = forum_row(conn, forum_id)
    rows = role_rows(conn, roles.c.forum == forum.id, roles.c.role.in_(role_names))
    held, _ = as_of(rows, year)
    return held


def forums_with_members(conn: Connection) -> list[Forum]:
    """The forums that hold at least one member list, for choosers (map layer, room tool)."""
    held = select(roles.c.forum).where(roles.c.role.in_(MEMBERSHIP)).distinct()
    listed = {
        str(g).removeprefix("forum:")
        for g in conn.execute(select(group_members.c.group_id).distinct()).scalars()
        if str(g).startswith("forum:")
    }
    query = (
        select(forums)
        .where(forums.c.id.in_(held) | forums.c.id.in_(listed))
        .order_by(forums.c.source_row)
    )
    return [from_row(Forum, r) for r in conn.execute(query).mappings()]
