"""Finding a governance entity by id, with close matches when nothing is found."""

from __future__ import annotations

import difflib

from sqlalchemy import Connection, RowMapping, Table, select

from commonground.analysis.catalogue import sources_by_id
from commonground.analysis.governance.records import Forum, from_row
from commonground.domain.citation import Citation
from commonground.domain.errors import NotFound
from commonground.domain.ids import GOVERNANCE_SOURCE
from commonground.evidence.store.governance_tables import actors, forums, meetings
from commonground.evidence.store.tables import instruments


def forum_row(conn: Connection, key: str) -> Forum:
    """The forum whose id is `key` (case-insensitive), or NotFound with close ids."""
    return from_row(Forum, _one(conn, forums, key, "forum"))


def meeting_id(conn: Connection, key: str) -> str:
    """The id of the meeting `key` names (case-insensitive), or NotFound with close ids."""
    return str(_one(conn, meetings, key, "meeting")["id"])


def _one(conn: Connection, table: Table, key: str, what: str) -> RowMapping:
    """The row of `table` whose id is `key` (case-insensitive), or NotFound with suggestions."""
    row = conn.execute(select(table).where(table.c.id == key.strip().lower())).mappings().first()
    if row is None:
        ids = [str(i) for i in conn.execute(select(table.c.id)).scalars()]
        close = difflib.get_close_matches(key.strip().lower(), ids, n=5, cutoff=0.5)
        hint = f"; did you mean {', '.join(close)}?" if close else ""
        raise NotFound(f"no {what} {key!r}{hint}", suggestions=close)
    return row


def governance_sources(conn: Connection) -> list[Citation]:
    return sources_by_id(conn, [GOVERNANCE_SOURCE])


def entity_kind(conn: Connection, key: str) -> str | None:
    """Which kind of governance entity has this id: forum, meeting, instrument or actor."""
    slug = key.strip().lower()
    kinds = (("forum", forums), ("meeting", meetings), ("instrument", instruments))
    for kind, table in (*kinds, ("actor", actors)):
        if conn.execute(select(table.c.id).where(table.c.id == slug)).first():
            return kind
    return None


def close_ids(conn: Connection, key: str, n: int = 5) -> list[str]:
    """Ids of forums, meetings, instruments and actors close to a misspelt one."""
    ids = [
        str(i)
        for table in (forums, meetings, instruments, actors)
        for i in conn.execute(select(table.c.id)).scalars()
    ]
    return difflib.get_close_matches(key.strip().lower(), ids, n=n, cutoff=0.6)
