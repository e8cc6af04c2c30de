"""Alembic environment of the workspace: `commonground.workspace.store` hands it the
connection to act on."""

from __future__ import annotations

from alembic import context

from commonground.workspace.store import VERSION_TABLE
from commonground.workspace.tables import metadata

connection = context.config.attributes.get("connection")
if connection is None:
    raise SystemExit("run workspace migrations through `commonground workspace upgrade`")
context.configure(
    connection=connection,
    target_metadata=context.config.attributes.get("target_metadata", metadata),
    render_as_batch=connection.dialect.name == "sqlite",
    compare_type=True,
    version_table=VERSION_TABLE,
)
with context.begin_transaction():
    context.run_migrations()
