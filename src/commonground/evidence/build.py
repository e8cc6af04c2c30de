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
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, event, insert, text, update

from commonground import __version__
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
    engine = target.prepare()
    try:
        upgrade(engine)  # the schema is the migrations' latest revision
        with engine.begin() as conn:
            pipeline = _Pipeline(conn, contexts, progress)
            pipeline.load(catalogue, governance_dir or default_dir())
            pipeline.run(Stage.verify)
            summarise(conn)
            index_search(conn)
            _record(conn, catalogue, settings, started)
        engine.dispose()
        target.swap()
    except BaseException:
        engine.dispose()
        target.discard()
        raise
    seconds = (datetime.now(UTC) - started).total_seconds()
    return BuildResult(reports=pipeline.reports, database=target.describe(), seconds=seconds)


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
        self.conn.execute(insert(sources).values(_source_row(spec, ctx)))
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


def _record(conn: Connection, catalogue: Catalogue, settings: Settings, started: datetime) -> None:
    conn.execute(
        insert(build_info),
        [
            {"key": "built_at", "value": started.isoformat(timespec="seconds")},
            {"key": "version", "value": __version__},
            {"key": "data_dir", "value": str(settings.data_dir.resolve())},
            {"key": "sources", "value": str(len(catalogue.sources))},
        ],
    )


def _source_row(spec: SourceSpec, ctx: ImportContext) -> dict[str, Any]:
    return {
        "id": spec.id,
        "dataset": spec.dataset,
        "title": spec.title,
        "publisher": spec.publisher,
        "edition": spec.edition,
        "licence": spec.licence,
        "file": spec.file,
        "origin": spec.origin,
        "url": spec.url,
        "sha256": ctx.sha256,
        "file_rows": 0,
        "rows_loaded": 0,
        "years": None,
        "note": spec.note,
    }


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
