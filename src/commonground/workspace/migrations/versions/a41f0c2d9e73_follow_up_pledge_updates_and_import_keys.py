"""follow-up: pledge updates and the stable ids of imported records

Revision ID: a41f0c2d9e73
Revises: 7c3d9a1e5f20
Create Date: 2026-12-01 10:05:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision: str = "a41f0c2d9e73"
down_revision: str | None = "7c3d9a1e5f20"
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    op.create_table(
        "pledge_updates",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("record_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("on_date", sa.String(length=10), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("narrative", sa.Text(), nullable=False),
        sa.Column("value", sa.String(length=200), nullable=True),
        sa.Column("evidence", sa.JSON(), nullable=False),
        sa.Column("author_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("confirmation", sa.String(length=16), nullable=True),
        sa.Column("confirmed_by", sa.Integer(), nullable=True),
        sa.Column("confirmed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("confirmation_note", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["author_id"], ["users.id"], name=op.f("fk_pledge_updates_author_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["confirmed_by"], ["users.id"], name=op.f("fk_pledge_updates_confirmed_by_users")
        ),
        sa.ForeignKeyConstraint(
            ["record_id"], ["records.id"], name=op.f("fk_pledge_updates_record_id_records")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_pledge_updates")),
        sa.UniqueConstraint("record_id", "number", name="uq_pledge_updates_number"),
    )
    with op.batch_alter_table("pledge_updates", schema=None) as batch_op:
        batch_op.create_index("ix_pledge_updates_record", ["record_id", "number"], unique=False)
    op.create_table(
        "followup_keys",
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("key", sa.String(length=100), nullable=False),
        sa.Column("record_id", sa.Integer(), nullable=False),
        sa.Column("imported_version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["record_id"], ["records.id"], name=op.f("fk_followup_keys_record_id_records")
        ),
        sa.PrimaryKeyConstraint("kind", "key", name=op.f("pk_followup_keys")),
    )


def downgrade() -> None:
    op.drop_table("followup_keys")
    with op.batch_alter_table("pledge_updates", schema=None) as batch_op:
        batch_op.drop_index("ix_pledge_updates_record")
    op.drop_table("pledge_updates")
