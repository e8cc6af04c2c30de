"""Where the data bundle and the database live.

One place reads the environment so that the CLI, the API and the tests agree on defaults:
`COMMONGROUND_DATA` names the bundle folder and `COMMONGROUND_DATABASE_URL` any SQLAlchemy URL.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

DATA_ENV = "COMMONGROUND_DATA"
DATABASE_ENV = "COMMONGROUND_DATABASE_URL"
DEFAULT_DATA_DIR = Path("../shared/data")
DEFAULT_DATABASE_URL = "sqlite:///commonground.db"
PG_SCHEMA = "commonground"


@dataclass(frozen=True)
class Settings:
    """The two locations every command needs."""

    data_dir: Path
    database_url: str


def load_settings(data_dir: str | Path | None = None, database_url: str | None = None) -> Settings:
    """Explicit arguments win over the environment, which wins over the defaults."""
    data = Path(data_dir or os.environ.get(DATA_ENV) or DEFAULT_DATA_DIR)
    url = database_url or os.environ.get(DATABASE_ENV) or DEFAULT_DATABASE_URL
    return Settings(data_dir=data, database_url=url)
