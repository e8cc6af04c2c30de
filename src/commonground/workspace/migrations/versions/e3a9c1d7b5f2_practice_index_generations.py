"""practices: index generations, full-text keys read from the index, a smaller rank vector

Revision ID: e3a9c1d7b5f2
Revises: c5e2b7d4a910
Create Date: 2026-12-01 15:50:00

Each practice gets the generation of its last reindex, so a search reads again only what
changed since the index it holds. On SQLite the full-text rows are renumbered so that each
rowid is its practice's record id (the key is then read from the index, not from each hit's
row); on PostgreSQL the index gains the smaller tsvector it ranks by. Live rows are kept.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from commonground.workspace.practice_index import PRACTICE_FTS

revision: str = "e3a9c1d7b5f2"
down_revision: str | None = "c5e2b7d4a910"
branch_labels: str | None = None
depends_on: str | None = None

_COLUMNS = ", ".join(PRACTICE_FTS.columns)


def upgrade() -> None:
    op.add_column(
        "practices", sa.Column("generation", sa.Integer(), nullable=False, server_default="0")
    )
    op.create_index("ix_practices_generation", "practices", ["generation"], unique=False)
    name = PRACTICE_FTS.name
    if op.get_bind().dialect.name == "sqlite":
        op.execute(f"CREATE TEMP TABLE renumbered AS SELECT {_COLUMNS} FROM {name}")
        op.execute(f"DELETE FROM {name}")
        op.execute(
            f"INSERT INTO {name} (rowid, {_COLUMNS})"
            f" SELECT {PRACTICE_FTS.stored[0]}, {_COLUMNS} FROM renumbered"
        )
        op.execute("DROP TABLE renumbered")
    else:
        op.execute(f"ALTER TABLE {name} ADD COLUMN IF NOT EXISTS {PRACTICE_FTS.ranking_column()}")


def downgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        op.execute(f"ALTER TABLE {PRACTICE_FTS.name} DROP COLUMN IF EXISTS ranking")
    op.drop_index("ix_practices_generation", table_name="practices")
    with op.batch_alter_table("practices") as batch:
        batch.drop_column("generation")
