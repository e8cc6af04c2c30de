"""each treaty's rule for a later party's own entry into force

Revision ID: 9d2f4c1ab7e3
Revises: 5c1e9a7f3b20
Create Date: 2026-12-01 13:05:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision: str = "9d2f4c1ab7e3"
down_revision: str | None = "5c1e9a7f3b20"
branch_labels: str | None = None
depends_on: str | None = None

COLUMNS = (
    ("state_entry_days", sa.Integer()),
    ("state_entry_months", sa.Integer()),
    ("state_entry_article", sa.Text()),
    ("state_entry_url", sa.Text()),
    ("state_entry_says", sa.Text()),
)


def upgrade() -> None:
    with op.batch_alter_table("instruments", schema=None) as batch_op:
        for name, kind in COLUMNS:
            batch_op.add_column(sa.Column(name, kind, nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("instruments", schema=None) as batch_op:
        for name, _ in reversed(COLUMNS):
            batch_op.drop_column(name)
