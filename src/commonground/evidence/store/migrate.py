"""Schema migrations: Alembic, configured from code so that it runs from an installed package.

Every build creates the schema of its new database by upgrading it to the latest revision
(`migrations/versions/`), so the revisions are the schema and the table definitions in
`tables.py`, `governance_tables.py` and `summaries.py` must agree with them; a test checks.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import Connection, Engine, MetaData

from commonground.evidence.store import governance_tables, summaries  # noqa: F401  (they join `metadata`)
from commonground.evidence.store.tables import metadata
from commonground.fulltext import is_fulltext_table
from commonground.sql import make_engine

MIGRATIONS = Path(__file__).with_name("migrations")


def schema() -> MetaData:
    """Every table of the store: the target of the migrations."""
    return metadata


def include_name(name: str | None, type_: str, _parents: object) -> bool:
    """What Alembic compares: not the full-text indexes, which revisions create by hand
    (FTS5 virtual tables are no SQLAlchemy tables; see commonground.fulltext)."""
    return not (type_ == "table" and name is not None and is_fulltext_table(name))


def alembic_config(connection: Connection) -> Config:
    """An Alembic configuration without alembic.ini, acting on `connection`."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["connection"] = connection
    return config


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Bring the database (a SQLite file, or the schema the engine's search_path names) to
    `revision`, in one transaction."""
    with engine.begin() as conn:
        command.upgrade(alembic_config(conn), revision)


def new_revision(message: str) -> Path:
    """Write a revision with what the tables define beyond the latest revision (autogenerate,
    against a scratch SQLite database upgraded to head), formatted by ruff if it is there."""
    with tempfile.TemporaryDirectory() as tmp:
        engine = make_engine(f"sqlite:///{Path(tmp) / 'scratch.db'}")
        upgrade(engine)
        with engine.begin() as conn:
            script = command.revision(alembic_config(conn), message=message, autogenerate=True)
        engine.dispose()
    assert script is not None and not isinstance(script, list)
    path = Path(script.path)
    subprocess.run([sys.executable, "-m", "ruff", "format", "--quiet", str(path)], check=False)
    return path


if __name__ == "__main__":
    if len(sys.argv) != 2:
        raise SystemExit(
            'usage: python -m commonground.evidence.store.migrate "what the revision does"'
        )
    print(new_revision(sys.argv[1]))
