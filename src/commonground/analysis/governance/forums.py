"""Forums and processes: their organs, their members as of a year, their meetings.

The GFMD chair and Troika of a year are roles on the `gfmd` forum, so "who chaired in Y"
is `holders(conn, "gfmd", CHAIRS, Y)`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, select

from commonground.analysis.catalogue import sources_by_id
from commonground.analysis.governance.lookup import governance_sources, one
from commonground.analysis.governance.meetings import meeting_summaries
from commonground.analysis.governance.roles import (
    MEMBERSHIP,
    as_of,
    explain,
    group_role_rows,
    role_rows,
)
from commonground.analysis.result import CitedRecord
from commonground.evidence.store.governance_tables import forums, group_members, pillars, roles


def list_forums(
    conn: Connection, kind: str | None = None, pillar: int | None = None
) -> list[dict[str, Any]]:
    query = select(forums, pillars.c.name.label("pillar_name")).join(
        pillars, pillars.c.number == forums.c.pillar
    )
    if kind is not None:
        query = query.where(forums.c.kind == kind)
    if pillar is not None:
        query = query.where(forums.c.pillar == pillar)
    return [dict(r) for r in conn.execute(query.order_by(forums.c.source_row)).mappings()]


@dataclass(frozen=True)
class ForumRecord(CitedRecord):
    """A forum with its parent, organs, roles (as of a year), members and meetings."""

    forum: dict[str, Any]
    parent: dict[str, Any] | None
    as_of: int | None
    organs: list[dict[str, Any]]
    roles: list[dict[str, Any]]
    members: list[dict[str, Any]]
    member_count: int
    meetings: list[dict[str, Any]]
    left_out: dict[str, Any]
    notes: list[str]


def forum_record(conn: Connection, forum_id: str, year: int | None = None) -> ForumRecord:
    """A forum with its parent, organs, roles (as of `year`), members and meetings."""
    forum = one(conn, forums, forum_id, "forum")
    forum["pillar_name"] = conn.execute(
        select(pillars.c.name).where(pillars.c.number == forum["pillar"])
    ).scalar()
    parent = None
    if forum["parent"]:
        parent = {
            "id": forum["parent"],
            "name": one(conn, forums, forum["parent"], "forum")["name"],
        }
    organs = []
    for organ in conn.execute(
        select(forums).where(forums.c.parent == forum["id"]).order_by(forums.c.source_row)
    ).mappings():
        organ_roles, _ = as_of(role_rows(conn, roles.c.forum == organ["id"]), year)
        organs.append({**dict(organ), "roles": organ_roles})
    listed = group_role_rows(conn, forum["id"])
    all_roles = role_rows(conn, roles.c.forum == forum["id"]) + listed
    held, left_out = as_of(all_roles, year)
    members = [r for r in held if r["role"] in MEMBERSHIP]
    meetings = meeting_summaries(conn, forum["id"])
    if year is not None:
        # Meetings "as of" a year are those held up to that year (members: those holding then).
        meetings = [m for m in meetings if m["year"] is not None and m["year"] <= year]
    notes = explain(left_out, year)
    if not any(r["role"] in MEMBERSHIP for r in all_roles):
        notes.append("no member list is held for this forum (see facts/governance/README.md)")
    notes += sorted(
        {
            f"incomplete list from {r['source_id']}: {r['note'] or 'states are missing'}"
            for r in listed
            if not r["list_complete"]
        }
    )
    source_ids = sorted({r["source_id"] for r in listed})
    return ForumRecord(
        forum=forum,
        parent=parent,
        as_of=year,
        organs=organs,
        roles=held,
        members=members,
        member_count=len({r["actor"] for r in members}),
        meetings=meetings,
        left_out=left_out,
        notes=notes,
        sources=governance_sources(conn) + sources_by_id(conn, source_ids),
    )


def holders(
    conn: Connection, forum_id: str, role_names: tuple[str, ...], year: int
) -> list[dict[str, Any]]:
    """Who held one of `role_names` on a forum in `year` (e.g. the GFMD chair, the Troika)."""
    forum = one(conn, forums, forum_id, "forum")
    rows = role_rows(conn, roles.c.forum == forum["id"], roles.c.role.in_(role_names))
    held, _ = as_of(rows, year)
    return held


def members(conn: Connection, forum_id: str, year: int | None) -> dict[str, Any]:
    """The members (member, founding, associate, suspended) of a process as of a year."""
    record = forum_record(conn, forum_id, year)
    return {
        "forum": record.forum,
        "as_of": year,
        "members": record.members,
        "member_count": record.member_count,
        "notes": record.notes,
        "left_out": record.left_out,
    }


def forums_with_members(conn: Connection) -> list[dict[str, Any]]:
    """The forums that hold at least one member list, for choosers (map layer, room tool)."""
    held = select(roles.c.forum).where(roles.c.role.in_(MEMBERSHIP)).distinct()
    listed = {
        str(g).removeprefix("forum:")
        for g in conn.execute(select(group_members.c.group_id).distinct()).scalars()
        if str(g).startswith("forum:")
    }
    query = (
        select(forums.c.id, forums.c.name, forums.c.short_name, forums.c.kind)
        .where(forums.c.id.in_(held) | forums.c.id.in_(listed))
        .order_by(forums.c.source_row)
    )
    return [dict(r) for r in conn.execute(query).mappings()]
