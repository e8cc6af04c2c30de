"""The catalogue of sources: what was loaded, from which file and edition."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, select

from commonground.evidence.store.tables import sources


def list_sources(conn: Connection) -> list[dict[str, Any]]:
    rows = conn.execute(select(sources).order_by(sources.c.dataset, sources.c.id)).mappings()
    return [dict(r) for r in rows]


def sources_by_id(conn: Connection, ids: list[str]) -> list[dict[str, Any]]:
    """Full citations for the sources a result used, in the order given."""
    found = {
        r["id"]: dict(r)
        for r in conn.execute(select(sources).where(sources.c.id.in_(ids))).mappings()
    }
    return [found[i] for i in ids if i in found]
