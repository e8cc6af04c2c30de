"""The five pillars of migration governance and what belongs to each.

Forums and instruments carry their pillar in the curated facts. Actors do not: their pillar
follows from their kind, as the brief's domain text describes the pillars (UN agencies and
other IGOs are multilateral agencies; regional bodies and economic communities are
supranational structures). Civil society belongs to no pillar.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Connection, select

from commonground.analysis.catalogue import sources_by_id
from commonground.analysis.governance.records import from_row
from commonground.domain.citation import Citation
from commonground.evidence.store.governance_tables import actors, forums, pillars
from commonground.evidence.store.tables import instruments

ACTOR_KIND_PILLAR = {"un_agency": 4, "igo": 4, "regional_body": 3, "economic_community": 3}


@dataclass(frozen=True)
class PillarForum:
    id: str
    name: str
    kind: str
    pillar: int


@dataclass(frozen=True)
class PillarActor:
    """An organisation in a pillar; `pillar_basis` says how it was placed there (its kind)."""

    id: str
    name: str
    kind: str
    pillar_basis: str


@dataclass(frozen=True)
class PillarInstrument:
    id: str
    short_name: str | None
    kind: str
    pillar: int | None
    source_id: str


@dataclass(frozen=True)
class Pillar:
    """A pillar with the forums, organisations and instruments that belong to it."""

    number: int
    name: str
    description: str
    source_url: str
    forums: list[PillarForum]
    actors: list[PillarActor]
    instruments: list[PillarInstrument]


def list_pillars(conn: Connection) -> list[Pillar]:
    forum_query = select(forums.c.id, forums.c.name, forums.c.kind, forums.c.pillar)
    every_forum = [
        from_row(PillarForum, r)
        for r in conn.execute(forum_query.order_by(forums.c.source_row)).mappings()
    ]
    actor_query = select(actors.c.id, actors.c.name, actors.c.kind).order_by(actors.c.source_row)
    every_actor = [
        (ACTOR_KIND_PILLAR.get(r["kind"]), from_row(PillarActor, r, pillar_basis="kind"))
        for r in conn.execute(actor_query).mappings()
    ]
    instrument_query = select(
        instruments.c.id,
        instruments.c.short_name,
        instruments.c.kind,
        instruments.c.pillar,
        instruments.c.source_id,
    ).order_by(instruments.c.adopted, instruments.c.id)
    every_instrument = [
        from_row(PillarInstrument, r) for r in conn.execute(instrument_query).mappings()
    ]
    return [
        from_row(
            Pillar,
            p,
            forums=[f for f in every_forum if f.pillar == p["number"]],
            actors=[a for pillar, a in every_actor if pillar == p["number"]],
            instruments=[i for i in every_instrument if i.pillar == p["number"]],
        )
        for p in conn.execute(select(pillars).order_by(pillars.c.number)).mappings()
    ]


def pillar_sources(conn: Connection) -> list[Citation]:
    ids = sorted(
        {str(i) for i in conn.execute(select(instruments.c.source_id).distinct()).scalars()}
    )
    return sources_by_id(conn, ids)
