"""Actors and their record over time: an organisation by its slug, a state by any code.

A state's record answers "which forums did it chair, host or belong to, and when?": its roles
in forums and at meetings, the meetings it hosted, and its actions on instruments (curated
actions and the bundle's treaty status).
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from sqlalchemy import Connection, Select, Table, func, select

from commonground.analysis.areas import area_record, find_area, suggest_areas
from commonground.analysis.catalogue import sources_by_id
from commonground.analysis.governance.meetings import meetings_hosted
from commonground.analysis.governance.pillars import ACTOR_KIND_PILLAR
from commonground.analysis.governance.roles import as_of, explain, role_rows
from commonground.analysis.instruments import state_bindings
from commonground.domain.errors import NotFound
from commonground.domain.ids import GOVERNANCE_SOURCE as SOURCE_ID
from commonground.domain.vocab import PARTY_ACTIONS
from commonground.evidence.store.governance_tables import actors, instrument_actions, roles
from commonground.evidence.store.tables import areas, instruments, treaty_status


def list_actors(conn: Connection, kind: str | None = None) -> list[dict[str, Any]]:
    """Organisations, and the states that hold at least one curated role (kind `state`)."""
    counts = {
        str(actor): int(n)
        for actor, n in conn.execute(select(roles.c.actor, func.count()).group_by(roles.c.actor))
    }
    out: list[dict[str, Any]] = []
    if kind in (None, "state"):
        for code, name in conn.execute(
            select(areas.c.code, areas.c.name)
            .where(areas.c.code.in_(list(counts)))
            .order_by(areas.c.name_sort)
        ):
            out.append({"id": code, "name": name, "kind": "state", "pillar": None})
    if kind != "state":
        query = select(actors).order_by(actors.c.source_row)
        if kind is not None:
            query = query.where(actors.c.kind == kind)
        for r in conn.execute(query).mappings():
            out.append({**dict(r), "pillar": ACTOR_KIND_PILLAR.get(r["kind"])})
    for row in out:
        row["roles"] = int(counts.get(row["id"], 0))
    return out


def resolve_actor(conn: Connection, value: str) -> tuple[str, str]:
    """("organisation", slug) or ("state", ISO3) for any slug or country code or name."""
    slug = value.strip().lower()
    if conn.execute(select(actors.c.id).where(actors.c.id == slug)).first():
        return "organisation", slug
    code = find_area(conn, value)
    if code is not None:
        return "state", code
    ids = [str(i) for i in conn.execute(select(actors.c.id)).scalars()]
    import difflib

    close = difflib.get_close_matches(slug, ids, n=3, cutoff=0.6) + suggest_areas(conn, value, 3)
    hint = f"; did you mean {', '.join(close)}?" if close else ""
    raise NotFound(f"no actor or state {value!r}{hint}", suggestions=close)


def actor_record(conn: Connection, value: str, year: int | None = None) -> dict[str, Any]:
    """An actor with all its roles over time (or as of `year`), meetings and instruments."""
    actor_type, key = resolve_actor(conn, value)
    all_roles = role_rows(conn, roles.c.actor == key)
    held, left_out = as_of(all_roles, year)
    record: dict[str, Any] = {
        "actor_type": actor_type,
        "as_of": year,
        "forum_roles": [r for r in held if r["meeting"] is None],
        "meeting_roles": [r for r in held if r["meeting"] is not None],
        "summary": dict(Counter(r["role"] for r in held)),
        "left_out": left_out,
        "notes": explain(left_out, year),
    }
    if actor_type == "organisation":
        actor = dict(conn.execute(select(actors).where(actors.c.id == key)).mappings().one())
        actor["pillar"] = ACTOR_KIND_PILLAR.get(actor["kind"])
        record["actor"] = actor
        record["sources"] = sources_by_id(conn, [SOURCE_ID])
        return record
    record["actor"] = {**area_record(conn, key), "id": key, "kind": "state"}
    hosted = meetings_hosted(conn, key)
    if year is not None:
        hosted = [m for m in hosted if m["year"] == year]
    record["meetings_hosted"] = hosted
    record["instrument_actions"] = _curated_actions(conn, key, year)
    record["treaty_status"] = _bundle_status(conn, key, year)
    record["in_force"] = state_bindings(conn, key, year)
    ids = sorted({SOURCE_ID, *(s["source_id"] for s in record["treaty_status"])})
    record["sources"] = sources_by_id(conn, ids)
    return record


def _named_instruments(table: Table, code: str) -> Select[Any]:
    """A state's rows of a table keyed by instrument, with each instrument's names."""
    return (
        select(table, instruments.c.short_name, instruments.c.title)
        .join(instruments, instruments.c.id == table.c.instrument_id)
        .where(table.c.country == code)
    )


def _curated_actions(conn: Connection, code: str, year: int | None) -> list[dict[str, Any]]:
    query = _named_instruments(instrument_actions, code).order_by(
        instrument_actions.c.date, instrument_actions.c.source_row
    )
    out = []
    for r in conn.execute(query).mappings():
        known_by = r["year"] if r["year"] is not None else r["list_as_of_year"]
        if year is not None and known_by is not None and known_by > year:
            continue
        out.append({**dict(r), "makes_party": r["action"] in PARTY_ACTIONS})
    return out


def _bundle_status(conn: Connection, code: str, year: int | None) -> list[dict[str, Any]]:
    query = _named_instruments(treaty_status, code).order_by(instruments.c.adopted)
    out = []
    for r in conn.execute(query).mappings():
        row = dict(r)
        if year is not None and row["status"] == "party" and (row["year"] or 0) > year:
            row["status"], row["note"] = "none", f"became a party in {row['year']}"
            row["year"] = None
        out.append(row)
    return out
