"""Actors and their record over time: an organisation by its slug, a state by any code.

A state's record answers "which forums did it chair, host or belong to, and when?": its roles
in forums and at meetings, the meetings it hosted, and its actions on instruments (curated
actions and the bundle's treaty status).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any, Literal

from sqlalchemy import Connection, Select, Table, func, select

from commonground.analysis.areas import area_record, find_area, suggest_areas
from commonground.analysis.catalogue import sources_by_id
from commonground.analysis.governance.meetings import meetings_hosted
from commonground.analysis.governance.pillars import ACTOR_KIND_PILLAR
from commonground.analysis.governance.roles import as_of, explain, role_rows
from commonground.analysis.instruments import state_bindings
from commonground.analysis.result import CitedRecord
from commonground.domain.errors import NotFound
from commonground.domain.ids import GOVERNANCE_SOURCE as SOURCE_ID
from commonground.domain.treaties import StateBinding
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


ActorType = Literal["organisation", "state"]
STATE_ONLY = ("meetings_hosted", "instrument_actions", "treaty_status", "in_force")
"""The fields only a state's record has: an organisation hosts no meetings and is party to
no treaty."""


@dataclass(frozen=True)
class ActorRecord(CitedRecord):
    """An actor with its roles over time (or as of a year); a state's record also has the
    meetings it hosted and its actions and status on instruments (None for an organisation)."""

    actor_type: ActorType
    as_of: int | None
    actor: dict[str, Any]
    forum_roles: list[dict[str, Any]]
    meeting_roles: list[dict[str, Any]]
    summary: dict[str, int]
    left_out: dict[str, Any]
    notes: list[str]
    meetings_hosted: list[dict[str, Any]] | None = None
    instrument_actions: list[dict[str, Any]] | None = None
    treaty_status: list[dict[str, Any]] | None = None
    in_force: list[StateBinding] | None = None

    def data(self) -> dict[str, Any]:
        """The record without its citations; an organisation's without the state fields."""
        data = super().data()
        if self.actor_type == "organisation":
            for name in STATE_ONLY:
                del data[name]
        return data


def actor_record(conn: Connection, value: str, year: int | None = None) -> ActorRecord:
    """An actor with all its roles over time (or as of `year`), meetings and instruments."""
    actor_type, key = resolve_actor(conn, value)
    all_roles = role_rows(conn, roles.c.actor == key)
    held, left_out = as_of(all_roles, year)
    common: dict[str, Any] = {
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
        sources = sources_by_id(conn, [SOURCE_ID])
        return ActorRecord(actor_type="organisation", actor=actor, sources=sources, **common)
    hosted = meetings_hosted(conn, key)
    if year is not None:
        hosted = [m for m in hosted if m["year"] == year]
    status = _bundle_status(conn, key, year)
    ids = sorted({SOURCE_ID, *(s["source_id"] for s in status)})
    return ActorRecord(
        actor_type="state",
        actor={**area_record(conn, key), "id": key, "kind": "state"},
        meetings_hosted=hosted,
        instrument_actions=_curated_actions(conn, key, year),
        treaty_status=status,
        in_force=state_bindings(conn, key, year),
        sources=sources_by_id(conn, ids),
        **common,
    )


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
