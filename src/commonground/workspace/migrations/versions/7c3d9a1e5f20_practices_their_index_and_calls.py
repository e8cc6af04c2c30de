"""practices: stable ids, the full-text index, facets and calls for practices

Revision ID: 7c3d9a1e5f20
Revises: 498cec00e17b
Create Date: 2026-12-01 10:10:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from commonground.workspace import practice_index

revision: str = "7c3d9a1e5f20"
down_revision: str | None = "498cec00e17b"
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    op.create_table(
        "practices",
        sa.Column("record_id", sa.Integer(), nullable=False),
        sa.Column("slug", sa.String(length=80), nullable=False),
        sa.Column("imported_version", sa.Integer(), nullable=True),
        sa.Column("published", sa.Boolean(), nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("summary", sa.Text(), nullable=False),
        sa.Column("start_year", sa.Integer(), nullable=True),
        sa.Column("end_year", sa.Integer(), nullable=True),
        sa.Column("call_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["record_id"], ["records.id"], name=op.f("fk_practices_record_id_records")
        ),
        sa.PrimaryKeyConstraint("record_id", name=op.f("pk_practices")),
        sa.UniqueConstraint("slug", name=op.f("uq_practices_slug")),
    )
    op.create_table(
        "practice_tags",
        sa.Column("record_id", sa.Integer(), nullable=False),
        sa.Column("facet", sa.String(length=24), nullable=False),
        sa.Column("value", sa.String(length=120), nullable=False),
        sa.ForeignKeyConstraint(
            ["record_id"], ["records.id"], name=op.f("fk_practice_tags_record_id_records")
        ),
        sa.PrimaryKeyConstraint("record_id", "facet", "value", name=op.f("pk_practice_tags")),
    )
    op.create_index("ix_practice_tags_value", "practice_tags", ["facet", "value"], unique=False)
    op.create_table(
        "practice_calls",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("theme", sa.Text(), nullable=False),
        sa.Column("objectives", sa.JSON(), nullable=False),
        sa.Column("deadline", sa.String(length=10), nullable=False),
        sa.Column("opened_by", sa.Integer(), nullable=False),
        sa.Column("opened_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("closed_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["opened_by"], ["users.id"], name=op.f("fk_practice_calls_opened_by_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_practice_calls")),
    )
    for statement in practice_index.create_statements(op.get_bind().dialect.name):
        op.execute(statement)


def downgrade() -> None:
    for statement in practice_index.drop_statements(op.get_bind().dialect.name):
        op.execute(statement)
    op.drop_table("practice_calls")
    op.drop_index("ix_practice_tags_value", table_name="practice_tags")
    op.drop_table("practice_tags")
    op.drop_table("practices")
