"""The Global Compact for Migration: objectives and their actions."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, select

from commonground.analysis.catalogue import role_citations
from commonground.domain.errors import NotFound
from commonground.evidence.store.tables import gcm_actions, gcm_objectives


def objectives(conn: Connection) -> list[dict[str, Any]]:
    actions: dict[int, list[dict[str, Any]]] = {}
    for a in conn.execute(
        select(gcm_actions).order_by(gcm_actions.c.objective, gcm_actions.c.letter)
    ).mappings():
        actions.setdefault(a["objective"], []).append(
            {"letter": a["letter"], "text": a["text"], "source_row": a["source_row"]}
        )
    out = []
    for o in conn.execute(select(gcm_objectives).order_by(gcm_objectives.c.number)).mappings():
        row = dict(o)
        row["actions"] = actions.get(o["number"], [])
        out.append(row)
    return out


def objective(conn: Connection, number: int) -> dict[str, Any]:
    for o in objectives(conn):
        if o["number"] == number:
            return o
    raise NotFound(f"no GCM objective {number}; the GCM has objectives 1 to 23")


def gcm_sources(conn: Connection) -> list[dict[str, Any]]:
    return role_citations(conn, "gcm_text")
