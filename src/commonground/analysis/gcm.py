"""The Global Compact for Migration: objectives and their actions."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Connection, select

from commonground.analysis.catalogue import role_citations
from commonground.domain.citation import Citation
from commonground.domain.errors import NotFound
from commonground.evidence.store.tables import gcm_actions, gcm_objectives


@dataclass(frozen=True)
class GcmAction:
    """One lettered action under an objective, as the Compact's text words it."""

    letter: str
    text: str
    source_row: int | None


@dataclass(frozen=True)
class GcmObjective:
    """One of the 23 objectives: its title, its commitment and its actions."""

    number: int
    title: str
    commitment: str
    n_actions: int
    title_in_source: str | None
    note: str | None
    source_id: str
    actions: list[GcmAction]


def objectives(conn: Connection) -> list[GcmObjective]:
    actions: dict[int, list[GcmAction]] = {}
    for a in conn.execute(
        select(gcm_actions).order_by(gcm_actions.c.objective, gcm_actions.c.letter)
    ).mappings():
        actions.setdefault(a["objective"], []).append(
            GcmAction(a["letter"], a["text"], a["source_row"])
        )
    return [
        GcmObjective(
            number=o["number"],
            title=o["title"],
            commitment=o["commitment"],
            n_actions=o["n_actions"],
            title_in_source=o["title_in_source"],
            note=o["note"],
            source_id=o["source_id"],
            actions=actions.get(o["number"], []),
        )
        for o in conn.execute(select(gcm_objectives).order_by(gcm_objectives.c.number)).mappings()
    ]


def objective(conn: Connection, number: int) -> GcmObjective:
    for o in objectives(conn):
        if o.number == number:
            return o
    raise NotFound(f"no GCM objective {number}; the GCM has objectives 1 to 23")


def gcm_sources(conn: Connection) -> list[Citation]:
    return role_citations(conn, "gcm_text")
