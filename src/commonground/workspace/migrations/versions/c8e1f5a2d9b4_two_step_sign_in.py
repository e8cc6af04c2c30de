"""two-step sign-in: an authenticator secret per account and single-use recovery codes

Revision ID: c8e1f5a2d9b4
Revises: b6d2e8f4a1c7
Create Date: 2026-12-01 19:30:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision: str = "c8e1f5a2d9b4"
down_revision: str | None = "b6d2e8f4a1c7"
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    """Every account starts with two-step sign-in off; its owner turns it on."""
    with op.batch_alter_table("users") as batch:
        batch.add_column(sa.Column("totp_secret", sa.String(length=64)))
        batch.add_column(sa.Column("totp_pending", sa.String(length=64)))
        batch.add_column(sa.Column("totp_enabled_at", sa.DateTime(timezone=True)))
        batch.add_column(sa.Column("totp_last_step", sa.Integer()))
    op.create_table(
        "recovery_codes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("code_hash", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("used_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_recovery_codes_user_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_recovery_codes")),
    )
    op.create_index("ix_recovery_codes_user", "recovery_codes", ["user_id"])


def downgrade() -> None:
    op.drop_index("ix_recovery_codes_user", table_name="recovery_codes")
    op.drop_table("recovery_codes")
    with op.batch_alter_table("users") as batch:
        for column in ("totp_last_step", "totp_enabled_at", "totp_pending", "totp_secret"):
            batch.drop_column(column)
