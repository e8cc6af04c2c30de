"""API tokens expire: each token gets an expiry; tokens made before it get 90 days from now

Revision ID: b6d2e8f4a1c7
Revises: d3a8f1c6b254
Create Date: 2026-12-01 19:00:00
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import sqlalchemy as sa
from alembic import op

revision: str = "b6d2e8f4a1c7"
down_revision: str | None = "d3a8f1c6b254"
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    """Tokens already made keep working for the default lifetime from the upgrade, so no
    script stops without warning on the day of the upgrade."""
    with op.batch_alter_table("api_tokens") as batch:
        batch.add_column(sa.Column("expires_at", sa.DateTime(timezone=True)))
    until = datetime.now(UTC) + timedelta(days=90)
    op.get_bind().execute(
        sa.text("UPDATE api_tokens SET expires_at = :until WHERE expires_at IS NULL"),
        {"until": until},
    )


def downgrade() -> None:
    with op.batch_alter_table("api_tokens") as batch:
        batch.drop_column("expires_at")
