"""The GCM's ten guiding principles and IOM's MiGOF, as vocabularies beside the objectives."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, select

from commonground.evidence.store.governance_tables import gcm_principles, migof


def principles(conn: Connection) -> list[dict[str, Any]]:
    query = select(gcm_principles).order_by(gcm_principles.c.letter)
    return [dict(r) for r in conn.execute(query).mappings()]


def migof_terms(conn: Connection) -> list[dict[str, Any]]:
    query = select(migof).order_by(migof.c.source_row)
    return [dict(r) for r in conn.execute(query).mappings()]
