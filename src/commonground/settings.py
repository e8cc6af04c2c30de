"""Where the data bundle and the database live.

One place reads the environment so that the CLI, the API and the tests agree on defaults:
`COMMONGROUND_DATA` names the bundle folder, `COMMONGROUND_DATABASE_URL` any SQLAlchemy URL and
`COMMONGROUND_PG_SCHEMA` the PostgreSQL schema that holds the data (default `commonground`),
and `COMMONGROUND_POOL_SIZE` how many requests one server process serves at once (default 8),
`COMMONGROUND_QUEUE_WAIT` how long more wait for their turn before a 503 (default 2 s).

The workspace (what people write) is a second store: `COMMONGROUND_WORKSPACE_URL`, else a
SQLite file beside the evidence file (`commonground.db` -> `commonground-workspace.db`), else,
when the evidence base is on PostgreSQL, the same server in the schema
`COMMONGROUND_WORKSPACE_SCHEMA` (default `commonground_workspace`), which no build touches.
`COMMONGROUND_COOKIE_SECURE` (auto, true, false), `COMMONGROUND_SMTP_URL`,
`COMMONGROUND_MAIL_FROM`, `COMMONGROUND_REVIEW_POLICY` (see `workspace/policy.py`) and
`COMMONGROUND_WRITES_PER_HOUR` (what one account may write in an hour, default 300) complete it.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.engine import make_url

DATA_ENV = "COMMONGROUND_DATA"
DATABASE_ENV = "COMMONGROUND_DATABASE_URL"
PG_SCHEMA_ENV = "COMMONGROUND_PG_SCHEMA"
POOL_ENV = "COMMONGROUND_POOL_SIZE"
QUEUE_WAIT_ENV = "COMMONGROUND_QUEUE_WAIT"
DEFAULT_DATA_DIR = Path("../shared/data")
DEFAULT_DATABASE_URL = "sqlite:///commonground.db"
PG_SCHEMA = "commonground"
WORKSPACE_ENV = "COMMONGROUND_WORKSPACE_URL"
WORKSPACE_SCHEMA_ENV = "COMMONGROUND_WORKSPACE_SCHEMA"
WORKSPACE_SCHEMA = "commonground_workspace"
POOL_SIZE = 8  # connections per process, and so requests served at once per process
QUEUE_WAIT = 2.0  # seconds a request waits for a connection before a 503
WRITES_PER_HOUR = 300  # writes one account may make in an hour through the API and the pages


@dataclass(frozen=True)
class Settings:
    """The two locations every command needs."""

    data_dir: Path
    database_url: str
    pg_schema: str = PG_SCHEMA
    pool_size: int = POOL_SIZE
    queue_wait: float = QUEUE_WAIT
    workspace: str | None = None  # None: beside the evidence base (see `workspace_url`)
    workspace_schema: str = WORKSPACE_SCHEMA
    cookie_secure: str = "auto"  # auto: Secure unless the site is served over http to localhost
    smtp_url: str | None = None  # smtp://user:password@host:port; None keeps mail in the outbox
    mail_from: str = "Common Ground <noreply@localhost>"
    review_policy: str = "hub"
    seed_practices: bool = False  # publish the curated practices into an empty workspace
    writes_per_hour: int = WRITES_PER_HOUR

    @property
    def workspace_url(self) -> str:
        """The workspace's URL: set, or a SQLite file beside the evidence file, or the same
        PostgreSQL server as the evidence base (in `workspace_schema`)."""
        if self.workspace:
            return self.workspace
        url = make_url(self.database_url)
        if url.get_backend_name() != "sqlite":
            return self.database_url
        database = url.database
        if not database or database == ":memory:":
            return "sqlite://"
        path = Path(database)
        return str(url.set(database=str(path.with_name(f"{path.stem}-workspace{path.suffix}"))))


def load_settings(data_dir: str | Path | None = None, database_url: str | None = None) -> Settings:
    """Explicit arguments win over the environment, which wins over the defaults."""
    data = Path(data_dir or os.environ.get(DATA_ENV) or DEFAULT_DATA_DIR)
    url = database_url or os.environ.get(DATABASE_ENV) or DEFAULT_DATABASE_URL
    schema = os.environ.get(PG_SCHEMA_ENV) or PG_SCHEMA
    pool = int(os.environ.get(POOL_ENV) or POOL_SIZE)
    wait = float(os.environ.get(QUEUE_WAIT_ENV) or QUEUE_WAIT)
    env = os.environ.get
    return Settings(
        data_dir=data,
        database_url=url,
        pg_schema=schema,
        pool_size=pool,
        queue_wait=wait,
        workspace=env(WORKSPACE_ENV) or None,
        workspace_schema=env(WORKSPACE_SCHEMA_ENV) or WORKSPACE_SCHEMA,
        cookie_secure=env("COMMONGROUND_COOKIE_SECURE") or "auto",
        smtp_url=env("COMMONGROUND_SMTP_URL") or None,
        mail_from=env("COMMONGROUND_MAIL_FROM") or Settings.mail_from,
        review_policy=env("COMMONGROUND_REVIEW_POLICY") or "hub",
        seed_practices=(env("COMMONGROUND_SEED_PRACTICES") or "1") not in ("0", "no", "false"),
        writes_per_hour=int(env("COMMONGROUND_WRITES_PER_HOUR") or WRITES_PER_HOUR),
    )
