"""Build the evidence base from the bundle, atomically, as a short explicit pipeline.

1. **check**: every declared file is present and is the declared edition (its checksum),
   before anything is written;
2. **load**: the classifications, then the curated areas and governance facts (validated
   against the countries just loaded), then every other source in declared order;
3. **verify**: the `verify` stage's checks of files against what was loaded;
4. **summarise**: the sums the analyses read, and the build's identity;
5. **swap**: only now does the new database replace the old one.

The new database is written beside the old one (a new SQLite file, or a new PostgreSQL
schema); a build that fails at any point removes what it wrote and leaves the previous
database serving. The same bundle always gives the same rows.

One build runs at a time per database: a lock (`fcntl` on `<db>.lock` for SQLite, a session
advisory lock for PostgreSQL) makes a second build refuse with `BuildBusy`. What a killed
build left behind (`<db>.building`, the `<schema>_building` schema) is removed by the next
build, and by `clean_leftovers` when a server starts. Each build writes a fresh `build_id`
and a `fingerprint` of the bundle and the code into `build_info`; `up_to_date` compares the
fingerprint so that a restart can skip a build that would give the same database.
"""

from __future__ import annotations

import fcntl
import hashlib
import os
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, event, insert, select, text, update
from sqlalchemy.exc import SQLAlchemyError

from commonground import __version__
from commonground.domain.citation import Citation, Published
from commonground.domain.errors import CommonGroundError
from commonground.evidence.countries import AreaResolver
from commonground.evidence.sources.context import ImportContext, SourceReport
from commonground.evidence.sources.curated_areas import curated_area_rows, store_curated_areas
from commonground.evidence.sources.governance import (
    default_dir,
    read_governance,
    store_governance,
)
from commonground.evidence.sources.registry import LOADERS
from commonground.evidence.sources.spec import Catalogue, SourceSpec, Stage, load_catalogue
from commonground.evidence.store.migrate import upgrade
from commonground.evidence.store.search_index import index_search
from commonground.evidence.store.session import BUILD_ID, advisory_key, swap_lock
from commonground.evidence.store.summaries import summarise
from commonground.evidence.store.tables import (
    area_aliases,
    build_info,
    source_editions,
    source_roles,
    sources,
)
from commonground.settings import Settings
from commonground.sql import is_sqlite, make_engine, sqlite_path

Progress = Callable[[str, int, int], None]
PACKAGE = Path(__file__).resolve().parents[1]


class BuildBusy(CommonGroundError):
    """Another build into the same database is running; this one did not start."""


@dataclass
class BuildResult:
    """What a build loaded, per source, and where it went."""

    reports: list[SourceReport] = field(default_factory=list)
    database: str = ""
    seconds: float = 0.0


def build(
    settings: Settings,
    *,
    verify_checksums: bool = True,
    progress: Progress | None = None,
    pg_schema: str | None = None,
    governance_dir: Path | None = None,
    datasets: Path | None = None,
) -> BuildResult:
    """Load every declared source into a fresh database and swap it in.

    `governance_dir` replaces the curated governance facts shipped in the package, and
    `datasets` the declarations of `facts/datasets.yaml` (tests, and trying a new edition).
    """
    started = datetime.now(UTC)
    catalogue = load_catalogue(datasets)
    contexts = _check(catalogue, settings.data_dir, verify_checksums)
    target = _Target(settings.database_url, pg_schema or settings.pg_schema)
    with target.locked():
        return _build_locked(
            settings, target, catalogue, contexts, started, progress, governance_dir, datasets
        )


def _build_locked(
    settings: Settings,
    target: _Target,
    catalogue: Catalogue,
    contexts: dict[str, ImportContext],
    started: datetime,
    progress: Progress | None,
    governance_dir: Path | None,
    datasets: Path | None,
) -> BuildResult:
    governance = governance_dir or default_dir()
    stamp = fingerprint(settings.data_dir, governance, datasets)
    engine = target.prepare()
    try:
        upgrade(engine)  # the schema is the migrations' latest revision
        with engine.begin() as conn:
            pipeline = _Pipeline(conn, contexts, progress)
            pipeline.load(catalogue, governance)
            pipeline.run(Stage.verify)
            summarise(conn)
            index_search(conn)
            _record(conn, catalogue, settings, started, stamp)
        engine.dispose()
        target.swap()
    except BaseException:
        engine.dispose()
        target.discard()
        raise
    seconds = (datetime.now(UTC) - started).total_seconds()
    return BuildResult(reports=pipeline.reports, database=target.describe(), seconds=seconds)


def fingerprint(
    data_dir: Path, governance_dir: Path | None = None, datasets: Path | None = None
) -> str:
    """What a build's result depends on: the code that builds (the evidence package and its
    curated facts), and each declared bundle file's declared checksum, size and mtime."""
    digest = hashlib.sha256(__version__.encode())
    roots = [PACKAGE / "evidence", PACKAGE / "facts", governance_dir or default_dir()]
    for root in roots:
        for path in sorted(p for p in root.rglob("*") if p.is_file()):
            if path.suffix in (".pyc", ".pyo"):
                continue
            digest.update(str(path.relative_to(root)).encode())
            digest.update(path.read_bytes())
    if datasets is not None:
        digest.update(datasets.read_bytes())
    for spec in load_catalogue(datasets).sources:
        digest.update(f"{spec.id} {spec.file} {spec.sha256}".encode())
        found = data_dir / spec.file
        files = sorted(found.rglob("*")) if found.is_dir() else [found]
        for path in files:
            if path.is_file():
                st = path.stat()
                digest.update(f"{path.name} {st.st_size} {st.st_mtime_ns}".encode())
            else:
                digest.update(f"{path.name} missing".encode())
    return digest.hexdigest()


def built_fingerprint(settings: Settings, pg_schema: str | None = None) -> str | None:
    """The fingerprint of the database in place, or None when there is none to read."""
    target = _Target(settings.database_url, pg_schema or settings.pg_schema)
    if target.final is not None and not target.final.is_file():
        return None
    engine = make_engine(settings.database_url, None if target.sqlite else target.schema)
    try:
        with engine.connect() as conn:
            value = conn.execute(
                select(build_info.c.value).where(build_info.c.key == "fingerprint")
            ).scalar()
    except SQLAlchemyError:
        return None
    finally:
        engine.dispose()
    return None if value is None else str(value)


def up_to_date(settings: Settings, pg_schema: str | None = None) -> bool:
    """True when the database in place was built from this bundle by this code."""
    held = built_fingerprint(settings, pg_schema)
    return held is not None and held == fingerprint(settings.data_dir)


def clean_leftovers(settings: Settings, pg_schema: str | None = None) -> list[str]:
    """Remove what a killed build left behind, unless a build is running; say what went."""
    target = _Target(settings.database_url, pg_schema or settings.pg_schema)
    try:
        with target.locked():
            return target.clean()
    except BuildBusy:
        return []


def _check(catalogue: Catalogue, data_dir: Path, verify: bool) -> dict[str, ImportContext]:
    """Every declared file present, with a known loader and the declared checksum."""
    contexts: dict[str, ImportContext] = {}
    for spec in catalogue.sources:
        if spec.loader not in LOADERS:
            raise CommonGroundError(
                f"facts/datasets.yaml: {spec.id} names unknown loader"
                f" {spec.loader!r}; known: {', '.join(sorted(LOADERS))}"
            )
        ctx = ImportContext(spec, data_dir, verify_checksums=verify)
        _ = ctx.path  # presence and checksum
        contexts[spec.id] = ctx
    return contexts


class _Pipeline:
    """The load and verify stages over one open build transaction."""

    def __init__(
        self, conn: Connection, contexts: dict[str, ImportContext], progress: Progress | None
    ) -> None:
        self.conn = conn
        self.contexts = contexts
        self.progress = progress
        self.resolver = AreaResolver()
        self.reports: list[SourceReport] = []
        self.done = 0

    def load(self, catalogue: Catalogue, governance_dir: Path) -> None:
        self.run(Stage.classifications)
        self.reports.append(store_curated_areas(self.conn, curated_area_rows(self.resolver)))
        # Validated once areas are known, so that a bad curated row fails before the long loads.
        bundled = [
            str(s.options["instrument"]) for s in catalogue.sources if "instrument" in s.options
        ]
        governance = read_governance(governance_dir, self.resolver, bundled)
        self.run(Stage.load)
        self.conn.execute(insert(area_aliases), self.resolver.alias_rows())
        self.reports.append(store_governance(self.conn, governance, governance_dir))
        self.conn.execute(insert(source_editions), catalogue.edition_rows())
        self.conn.execute(insert(source_roles), catalogue.role_rows())

    def run(self, stage: Stage) -> None:
        for ctx in self.contexts.values():
            if ctx.spec.stage == stage:
                self._source(ctx)
        if stage == Stage.verify and self.progress:
            self.progress("done", len(self.contexts), len(self.contexts))

    def _source(self, ctx: ImportContext) -> None:
        spec = ctx.spec
        if self.progress:
            self.progress(spec.id, self.done, len(self.contexts))
        ctx.open(self.conn, self.resolver)
        self.conn.execute(insert(sources).values(_citation(spec, ctx).model_dump()))
        LOADERS[spec.loader](ctx)
        self.conn.execute(
            update(sources)
            .where(sources.c.id == spec.id)
            .values(
                rows_loaded=ctx.report.rows, file_rows=ctx.file_rows, years=ctx.report.year_span
            )
        )
        self.reports.append(ctx.report)
        self.done += 1


def _record(
    conn: Connection, catalogue: Catalogue, settings: Settings, started: datetime, stamp: str
) -> None:
    conn.execute(
        insert(build_info),
        [
            {"key": "built_at", "value": started.isoformat(timespec="seconds")},
            {"key": "version", "value": __version__},
            {"key": "data_dir", "value": str(settings.data_dir.resolve())},
            {"key": "sources", "value": str(len(catalogue.sources))},
            {"key": BUILD_ID, "value": uuid.uuid4().hex},
            {"key": "fingerprint", "value": stamp},
        ],
    )


def _citation(spec: SourceSpec, ctx: ImportContext) -> Citation:
    """The source's row before it is loaded, with the checksum of the file(s) as read."""
    published = spec.model_dump(include=set(Published.model_fields))
    return Citation(
        **published,
        url=spec.url,
        sha256=ctx.sha256,
        file_rows=0,
        rows_loaded=0,
        years=None,
        note=spec.note,
    )


def _same_file(fd: int, path: Path) -> bool:
    try:
        return os.fstat(fd).st_ino == path.stat().st_ino
    except FileNotFoundError:
        return False


class _Target:
    """Where a build writes, and how it is swapped in or thrown away."""

    def __init__(self, url: str, pg_schema: str) -> None:
        self.url = url
        self.schema = pg_schema
        self.sqlite = is_sqlite(url)
        path = sqlite_path(url) if self.sqlite else None
        if self.sqlite and path is None:
            raise CommonGroundError(
                "an in-memory SQLite database cannot be built and swapped;"
                " give a file, e.g. sqlite:///commonground.db"
            )
        self.final = Path(path) if path else None
        self.building = self.final.with_name(self.final.name + ".building") if self.final else None
        self.build_schema = f"{pg_schema}_building"

    @contextmanager
    def locked(self) -> Iterator[None]:
        """Hold this database's build lock, or raise BuildBusy at once."""
        if self.final is not None:
            lock = self.final.with_name(self.final.name + ".lock")
            lock.parent.mkdir(parents=True, exist_ok=True)
            busy = BuildBusy(
                f"another build is writing {self.final} (it holds {lock});"
                " wait for it to finish, then build again if needed"
            )
            fd = os.open(lock, os.O_RDWR | os.O_CREAT, 0o644)
            try:
                try:
                    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                except BlockingIOError:
                    raise busy from None
                if not _same_file(fd, lock):
                    raise busy  # a build that just ended removed the file we locked
                try:
                    yield
                finally:
                    lock.unlink(missing_ok=True)  # still locked: no one can take it meanwhile
            finally:
                os.close(fd)  # closing the descriptor releases the lock
            return
        admin = make_engine(self.url)
        key = advisory_key("build", self.schema)
        try:
            with admin.connect() as conn:
                got = conn.execute(text("SELECT pg_try_advisory_lock(:k)"), {"k": key}).scalar()
                conn.commit()
                if not got:
                    raise BuildBusy(
                        f"another build is writing schema {self.schema!r} of {self.url}"
                        " (it holds the build's advisory lock); wait for it to finish"
                    )
                try:
                    yield
                finally:
                    conn.execute(text("SELECT pg_advisory_unlock(:k)"), {"k": key})
                    conn.commit()
        finally:
            admin.dispose()

    def clean(self) -> list[str]:
        """Remove a killed build's leftovers (call with the lock held)."""
        if self.building is not None:
            if self.building.exists():
                self.building.unlink()
                return [str(self.building)]
            return []
        admin = make_engine(self.url)
        removed = []
        try:
            with admin.begin() as conn:
                for schema in (self.build_schema, f"{self.schema}_previous"):
                    found = conn.execute(
                        text("SELECT 1 FROM information_schema.schemata WHERE schema_name = :s"),
                        {"s": schema},
                    ).first()
                    if found:
                        conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
                        removed.append(f"schema {schema}")
        finally:
            admin.dispose()
        return removed

    def prepare(self) -> Engine:
        if self.building is not None:
            self.building.parent.mkdir(parents=True, exist_ok=True)
            self.building.unlink(missing_ok=True)
            engine = make_engine(f"sqlite:///{self.building}")

            @event.listens_for(engine, "connect")
            def _fast(dbapi_conn: Any, _record: Any) -> None:
                cursor = dbapi_conn.cursor()
                cursor.execute("PRAGMA journal_mode=OFF")
                cursor.execute("PRAGMA synchronous=OFF")
                cursor.close()

            return engine
        admin = make_engine(self.url)
        with admin.begin() as conn:
            conn.execute(text(f'DROP SCHEMA IF EXISTS "{self.build_schema}" CASCADE'))
            conn.execute(text(f'CREATE SCHEMA "{self.build_schema}"'))
        admin.dispose()
        return make_engine(self.url, self.build_schema)

    def swap(self) -> None:
        if self.building is not None and self.final is not None:
            os.replace(self.building, self.final)
            return
        old = f"{self.schema}_previous"
        admin = make_engine(self.url)
        with admin.begin() as conn:
            # Waits for the requests in flight; the requests that come next wait for the swap.
            conn.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": swap_lock(self.schema)})
            conn.execute(text(f'DROP SCHEMA IF EXISTS "{old}" CASCADE'))
            exists = conn.execute(
                text("SELECT 1 FROM information_schema.schemata WHERE schema_name = :s"),
                {"s": self.schema},
            ).first()
            if exists:
                conn.execute(text(f'ALTER SCHEMA "{self.schema}" RENAME TO "{old}"'))
            conn.execute(text(f'ALTER SCHEMA "{self.build_schema}" RENAME TO "{self.schema}"'))
            conn.execute(text(f'DROP SCHEMA IF EXISTS "{old}" CASCADE'))
        admin.dispose()

    def discard(self) -> None:
        if self.building is not None:
            self.building.unlink(missing_ok=True)
            return
        admin = make_engine(self.url)
        with admin.begin() as conn:
            conn.execute(text(f'DROP SCHEMA IF EXISTS "{self.build_schema}" CASCADE'))
        admin.dispose()

    def describe(self) -> str:
        return str(self.final) if self.final else f"{self.url} (schema {self.schema})"
