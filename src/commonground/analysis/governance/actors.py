"""Actors and their record over time: an organisation by its slug, a state by any code.

A state's record answers "which forums did it chair, host or belong to, and when?": its roles
in forums and at meetings, the meetings it hosted, and its actions on instruments (curated
actions and the bundle's treaty status).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import asdict, dataclass, replace
from functools import partial
from typing import Any, Literal

from sqlalchemy import (
    Connection,
    RowMapping,
    Select,
    Table,
    cast,
    func,
    literal,
    null,
    select,
    union_all,
)

from commonground.analysis.areas import Area, area_record, find_area, suggest_areas
from commonground.analysis.catalogue import sources_by_id
from commonground.analysis.governance.meetings import meetings_hosted
from commonground.analysis.governance.pillars import ACTOR_KIND_PILLAR
from commonground.analysis.governance.records import (
    ActorListing,
    HostedMeeting,
    InstrumentAction,
    LeftOut,
    ListedOrganisation,
    ListedState,
    Organisation,
    Role,
    TreatyStatus,
    from_row,
)
from commonground.analysis.governance.roles import as_of, explain, role_rows
from commonground.analysis.instruments import state_bindings
from commonground.analysis.paging import Window, read_page
from commonground.analysis.result import CitedRecord
from commonground.domain.errors import NotFound
from commonground.domain.ids import GOVERNANCE_SOURCE as SOURCE_ID
from commonground.domain.treaties import StateBinding
from commonground.domain.vocab import PARTY_ACTIONS
from commonground.evidence.store.governance_tables import actors, instrument_actions, roles
from commonground.evidence.store.tables import areas, instruments, treaty_status


def actor_page(
    conn: Connection, kind: str | None, window: Window | None
) -> tuple[list[ActorListing], int]:
    """Organisations (of a kind), and the states that hold at least one curated role (kind
    `state`): states by name, then organisations in file order, each with its number of
    roles; the rows in `window` (all if None) read in SQL, and how many there are."""
    counts = select(roles.c.actor, func.count().label("roles")).group_by(roles.c.actor).subquery()
    parts = []
    if kind in (None, "state"):
        parts.append(
            select(
                areas.c.code.label("id"),
                areas.c.name,
                *(cast(null(), c.type).label(c.name) for c in actors.c if c.name not in _NAMED),
                literal("state").label("kind"),
                literal(0).label("part"),
                areas.c.name_sort.label("by_name"),
                literal(0).label("by_row"),
            ).where(areas.c.code.in_(select(counts.c.actor)))
        )
    if kind != "state":
        organisations = select(
            actors.c.id,
            actors.c.name,
            *(c for c in actors.c if c.name not in _NAMED),
            actors.c.kind,
            literal(1).label("part"),
            cast(null(), areas.c.name_sort.type).label("by_name"),
            actors.c.source_row.label("by_row"),
        )
        if kind is not None:
            organisations = organisations.where(actors.c.kind == kind)
        parts.append(organisations)
    listed = union_all(*parts).subquery()
    query = (
        select(listed, func.coalesce(counts.c.roles, 0).label("roles"))
        .outerjoin(counts, counts.c.actor == listed.c.id)
        .order_by(listed.c.part, listed.c.by_name, listed.c.by_row, listed.c.id)
    )
    read = read_page(conn, query, window)
    return [_listing(r._mapping) for r in read.rows], read.total_rows


_NAMED = ("id", "name", "kind")  # the columns a listed state has of an organisation's


def _listing(row: RowMapping) -> ActorListing:
    if row["part"] == 0:
        return ListedState(
            id=row["id"], name=row["name"], kind="state", pillar=None, roles=int(row["roles"])
        )
    return from_row(
        ListedOrganisation,
        row,
        pillar=ACTOR_KIND_PILLAR.get(row["kind"]),
        roles=int(row["roles"]),
    )


def list_actors(conn: Connection, kind: str | None = None) -> list[ActorListing]:
    """Every organisation (of a kind) and state with a role: `actor_page` without a window."""
    return actor_page(conn, kind, None)[0]


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
class StateActor(Area):
    """A state as an actor: its record as `/api/countries` gives it (of kind "state"), with
    its ISO3 code as its id."""

    id: str

    @classmethod
    def of_area(cls, area: Area) -> StateActor:
        return cls(**{**asdict(area), "kind": "state"}, id=area.code)


@dataclass(frozen=True)
class ActorRecord(CitedRecord):
    """An actor with its roles over time (or as of a year); a state's record also has the
    meetings it hosted and its actions and status on instruments (None for an organisation)."""

    actor_type: ActorType
    as_of: int | None
    actor: Organisation | StateActor
    forum_roles: list[Role]
    meeting_roles: list[Role]
    summary: dict[str, int]
    left_out: LeftOut | None
    """None when no year is asked (the JSON says `{}`: nothing is left out)."""
    notes: list[str]
    meetings_hosted: list[HostedMeeting] | None = None
    instrument_actions: list[InstrumentAction] | None = None
    treaty_status: list[TreatyStatus] | None = None
    in_force: list[StateBinding] | None = None

    def data(self) -> dict[str, Any]:
        """The record without its citations; an organisation's without the state fields."""
        data = {**super().data(), "left_out": self.left_out or {}}
        if self.actor_type == "organisation":
            for name in STATE_ONLY:
                del data[name]
        return data


def actor_record(conn: Connection, value: str, year: int | None = None) -> ActorRecord:
    """An actor with all its roles over time (or as of `year`), meetings and instruments."""
    actor_type, key = resolve_actor(conn, value)
    all_roles = role_rows(conn, roles.c.actor == key)
    held, left_out = as_of(all_roles, year)
    record = partial(
        ActorRecord,
        as_of=year,
        forum_roles=[r for r in held if r.meeting is None],
        meeting_roles=[r for r in held if r.meeting is not None],
        summary=dict(Counter(r.role for r in held)),
        left_out=left_out,
        notes=explain(left_out, year),
    )
    if actor_type == "organisation":
        row = conn.execute(select(actors).where(actors.c.id == key)).mappings().one()
        actor = from_row(Organisation, row, pillar=ACTOR_KIND_PILLAR.get(row["kind"]))
        sources = sources_by_id(conn, [SOURCE_ID])
        return record(actor_type="organisation", actor=actor, sources=sources)
    hosted = meetings_hosted(conn, key)
    if year is not None:
        hosted = [m for m in hosted if m.year == year]
    status = _bundle_status(conn, key, year)
    ids = sorted({SOURCE_ID, *(s.source_id for s in status)})
    return record(
        actor_type="state",
        actor=StateActor.of_area(area_record(conn, key)),
        meetings_hosted=hosted,
        instrument_actions=_curated_actions(conn, key, year),
        treaty_status=status,
        in_force=state_bindings(conn, key, year),
        sources=sources_by_id(conn, ids),
    )


def _named_instruments(table: Table, code: str) -> Select[Any]:
    """A state's rows of a table keyed by instrument, with each instrument's names."""
    return (
        select(table, instruments.c.short_name, instruments.c.title)
        .join(instruments, instruments.c.id == table.c.instrument_id)
        .where(table.c.country == code)
    )


def _curated_actions(conn: Connection, code: str, year: int | None) -> list[InstrumentAction]:
    query = _named_instruments(instrument_actions, code).order_by(
        instrument_actions.c.date, instrument_actions.c.source_row, instrument_actions.c.id
    )
    out = []
    for r in conn.execute(query).mappings():
        known_by = r["year"] if r["year"] is not None else r["list_as_of_year"]
        if year is not None and known_by is not None and known_by > year:
            continue
        out.append(from_row(InstrumentAction, r, makes_party=r["action"] in PARTY_ACTIONS))
    return out


def _bundle_status(conn: Connection, code: str, year: int | None) -> list[TreatyStatus]:
    query = _named_instruments(treaty_status, code).order_by(instruments.c.adopted)
    out = []
    for r in conn.execute(query).mappings():
        row = from_row(TreatyStatus, r)
        if year is not None and row.status == "party" and (row.year or 0) > year:
            row = replace(row, status="none", note=f"became a party in {row.year}", year=None)
        out.append(row)
    return out
