"""Alembic environment: `commonground.evidence.store.migrate` hands it the connection to act on."""

from __future__ import annotations

from alembic import context

from commonground.evidence.store.migrate import include_name, schema

connection = context.config.attributes.get("connection")
if connection is None:
    raise SystemExit(
        "run migrations through commonground.evidence.store.migrate (the build upgrades every new"
        " database; `python -m commonground.evidence.store.migrate MESSAGE` writes a new revision)"
    )
context.configure(
    connection=connection,
    target_metadata=schema(),
    render_as_batch=connection.dialect.name == "sqlite",
    compare_type=True,
    include_name=include_name,
)
with context.begin_transaction():
    context.run_migrations()
