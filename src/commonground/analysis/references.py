"""Which of the workspace's references the current evidence base still knows.

Workspace rows point at the map by stable keys (`country:MAR`, `instrument:icmw`,
`forum:gfmd`, `meeting:gfmd-2008`, `objective:5`, `actor:iom`). After a build, a key can
disappear (a renamed forum id, a dropped instrument): `commonground workspace check` lists
those, and deletes nothing. This module sits above both stores, which never import each other.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, select

from commonground.evidence.store.governance_tables import actors, forums, meetings
from commonground.evidence.store.tables import areas, gcm_objectives, instruments
from commonground.workspace import accounts, review


def known_keys(evidence: Connection) -> dict[str, set[str]]:
    """Every stable key the evidence base holds, by kind."""
    return {
        "country": set(evidence.execute(select(areas.c.code)).scalars()),
        "instrument": set(evidence.execute(select(instruments.c.id)).scalars()),
        "forum": set(evidence.execute(select(forums.c.id)).scalars()),
        "meeting": set(evidence.execute(select(meetings.c.id)).scalars()),
        "objective": {str(n) for n in evidence.execute(select(gcm_objectives.c.number)).scalars()},
        "actor": set(evidence.execute(select(actors.c.id)).scalars()),
    }


def workspace_references(workspace: Connection) -> list[dict[str, str]]:
    """Every key the workspace points at: organisations' actors, and what records are about."""
    refs = [
        {"ref": f"actor:{o.actor_id}", "record": f"organisation:{o.id}"}
        for o in accounts.list_organisations(workspace)
        if o.actor_id
    ]
    return refs + review.references(workspace)


def is_known(ref: str, known: dict[str, set[str]]) -> bool:
    kind, _, key = ref.partition(":")
    if kind == "actor":  # states are actors of the map too, by their code
        return key in known["actor"] or key in known["country"]
    return key in known.get(kind, set())


def unknown_references(evidence: Connection, workspace: Connection) -> list[dict[str, Any]]:
    """References the evidence base does not know, one row per record and key."""
    known = known_keys(evidence)
    return [r for r in workspace_references(workspace) if not is_known(r["ref"], known)]
