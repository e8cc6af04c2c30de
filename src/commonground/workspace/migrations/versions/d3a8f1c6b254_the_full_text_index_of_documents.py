"""the full-text index of documents: one row per passage, with its document's title

Revision ID: d3a8f1c6b254
Revises: e3a9c1d7b5f2
Create Date: 2026-12-01 16:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from commonground.workspace import document_index

revision: str = "d3a8f1c6b254"
down_revision: str | None = "e3a9c1d7b5f2"
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    """Create the index and fill it with the documents already stored."""
    conn = op.get_bind()
    for statement in document_index.create_statements(conn.dialect.name):
        op.execute(statement)
    rows = conn.execute(
        sa.text(
            "SELECT p.document_id, p.ordinal, d.title, p.text FROM passages p"
            " JOIN documents d ON d.id = p.document_id ORDER BY p.document_id, p.ordinal"
        )
    ).all()
    document_index.DOCUMENT_FTS.insert(
        conn,
        [{"document_id": r[0], "ordinal": r[1], "title": r[2], "body": r[3]} for r in rows],
    )


def downgrade() -> None:
    for statement in document_index.drop_statements(op.get_bind().dialect.name):
        op.execute(statement)
