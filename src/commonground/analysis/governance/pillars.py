"""The five pillars of migration governance and what belongs to each.

Forums and instruments carry their pillar in the curated facts. Actors do not: their pillar
follows from their kind, as the brief's domain text describes the pillars (UN agencies and
other IGOs are multilateral agencies; regional bodies and economic communities are
supranational structures). Civil society belongs to no pillar.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, select

from commonground.analysis.catalogue import sources_by_id
from commonground.evidence.store.governance_tables import actors, forums, pillars
from commonground.evidence.store.tables import instruments

ACTOR_KIND_PILLAR = {"un_agency": 4, "igo": 4, "regional_body": 3, "economic_community": 3}


def list_pillars(conn: Connection) -> list[dict[str, Any]]:
    out = []
    everything_forums = [
        dict(r)
        for r in conn.execute(
            select(forums.c.id, forums.c.name, forums.c.kind, forums.c.pillar).order_by(
                forums.c.source_row
            )
        ).mappings()
    ]
    everything_actors = [
        dict(r)
        for r in conn.execute(
            select(actors.c.id, actors.c.name, actors.c.kind).order_by(actors.c.source_row)
        ).mappings()
    ]
    everything_instruments = [
        dict(r)
        for r in conn.execute(
            select(
                instruments.c.id,
                instruments.c.short_name,
                instruments.c.kind,
                instruments.c.pillar,
                instruments.c.source_id,
            ).order_by(instruments.c.adopted, instruments.c.id)
        ).mappings()
    ]
    for p in conn.execute(select(pillars).order_by(pillars.c.number)).mappings():
        n = p["number"]
        out.append(
            {
                **dict(p),
                "forums": [f for f in everything_forums if f["pillar"] == n],
                "actors": [
                    {**a, "pillar_basis": "kind"}
                    for a in everything_actors
                    if ACTOR_KIND_PILLAR.get(a["kind"]) == n
                ],
                "instruments": [i for i in everything_instruments if i["pillar"] == n],
            }
        )
    return out


def pillar_sources(conn: Connection) -> list[dict[str, Any]]:
    ids = sorted(
        {str(i) for i in conn.execute(select(instruments.c.source_id).distinct()).scalars()}
    )
    return sources_by_id(conn, ids)
