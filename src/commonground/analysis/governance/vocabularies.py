"""The GCM's ten guiding principles and IOM's MiGOF, as vocabularies beside the objectives.

Both are tables of the evidence base, read a page at a time in SQL like any other table."""

from __future__ import annotations

from sqlalchemy import Connection, select

from commonground.analysis.paging import Read, Window, read_page
from commonground.evidence.store.governance_tables import gcm_principles, migof


def principles(conn: Connection, window: Window | None = None) -> Read:
    """The principles in the order of their letters (para. 15 a to j)."""
    return read_page(conn, select(gcm_principles).order_by(gcm_principles.c.letter), window)


def migof_terms(conn: Connection, window: Window | None = None) -> Read:
    """MiGOF's principles and objectives in the order the framework lists them."""
    return read_page(conn, select(migof).order_by(migof.c.source_row), window)
