"""Where the data bundle and the database live.

One place reads the environment so that the CLI, the API and the tests agree on defaults:
`COMMONGROUND_DATA` names the bundle folder, `COMMONGROUND_DATABASE_URL` any SQLAlchemy URL and
`COMMONGROUND_PG_SCHEMA` the PostgreSQL schema that holds the data (default `commonground`)
and `COMMONGROUND_POOL_SIZE` how many requests one server process serves at once (default 8),
`COMMONGROUND_QUEUE_WAIT` how long more wait for their turn before a 503 (default 2 s).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

DATA_ENV = "COMMONGROUND_DATA"
DATABASE_ENV = "COMMONGROUND_DATABASE_URL"
PG_SCHEMA_ENV = "COMMONGROUND_PG_SCHEMA"
POOL_ENV = "COMMONGROUND_POOL_SIZE"
QUEUE_WAIT_ENV = "COMMONGROUND_QUEUE_WAIT"
DEFAULT_DATA_DIR = Path("../shared/data")
DEFAULT_DATABASE_URL = "sqlite:///commonground.db"
PG_SCHEMA = "commonground"
POOL_SIZE = 8  # connections per process, and so requests served at once per process
QUEUE_WAIT = 2.0  # seconds a request waits for a connection before a 503


@dataclass(frozen=True)
class Settings:
    """The two locations every command needs."""

    data_dir: Path
    database_url: str
    pg_schema: str = PG_SCHEMA
    pool_size: int = POOL_SIZE
    queue_wait: float = QUEUE_WAIT


def load_settings(data_dir: str | Path | None = None, database_url: str | None = None) -> Settings:
    """Explicit arguments win over the environment, which wins over the defaults."""
    data = Path(data_dir or os.environ.get(DATA_ENV) or DEFAULT_DATA_DIR)
    url = database_url or os.environ.get(DATABASE_ENV) or DEFAULT_DATABASE_URL
    schema = os.environ.get(PG_SCHEMA_ENV) or PG_SCHEMA
    pool = int(os.environ.get(POOL_ENV) or POOL_SIZE)
    wait = float(os.environ.get(QUEUE_WAIT_ENV) or QUEUE_WAIT)
    return Settings(data, url, schema, pool_size=pool, queue_wait=wait)
