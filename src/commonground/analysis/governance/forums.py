"""Forums and processes: their organs, their members as of a year, their meetings.

The GFMD chair and Troika of a year are roles on the `gfmd` forum, so "who chaired in Y"
is `holders(conn, "gfmd", CHAIRS, Y)`.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, select

from commonground.analysis.governance.lookup import governance_sources, one
from commonground.analysis.governance.meetings import meeting_summaries
from commonground.analysis.governance.roles import MEMBERSHIP, as_of, explain, role_rows
from commonground.evidence.store.governance_tables import forums, pillars, roles


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


def forum_record(conn: Connection, forum_id: str, year: int | None = None) -> dict[str, Any]:
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
    held, left_out = as_of(role_rows(conn, roles.c.forum == forum["id"]), year)
    members = [r for r in held if r["role"] in MEMBERSHIP]
    meetings = meeting_summaries(conn, forum["id"])
    if year is not None:
        meetings = [m for m in meetings if m["year"] == year]
    notes = explain(left_out, year)
    if not any(r["role"] in MEMBERSHIP for r in role_rows(conn, roles.c.forum == forum["id"])):
        notes.append("no member list is held for this forum (see facts/governance/README.md)")
    return {
        "forum": forum,
        "parent": parent,
        "as_of": year,
        "organs": organs,
        "roles": held,
        "members": members,
        "member_count": len({r["actor"] for r in members}),
        "meetings": meetings,
        "left_out": left_out,
        "notes": notes,
        "sources": governance_sources(conn),
    }


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
        "forum": record["forum"],
        "as_of": year,
        "members": record["members"],
        "member_count": record["member_count"],
        "notes": record["notes"],
        "left_out": record["left_out"],
    }


def forums_with_members(conn: Connection) -> list[dict[str, Any]]:
    """The forums that hold at least one member list, for choosers (map layer, room tool)."""
    held = select(roles.c.forum).where(roles.c.role.in_(MEMBERSHIP)).distinct()
    query = (
        select(forums.c.id, forums.c.name, forums.c.short_name, forums.c.kind)
        .where(forums.c.id.in_(held))
        .order_by(forums.c.source_row)
    )
    return [dict(r) for r in conn.execute(query).mappings()]
