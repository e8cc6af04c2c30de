"""Build the database from the bundle, atomically.

The new database is written beside the old one (a new SQLite file, or a new PostgreSQL
schema), checked, and only then swapped in; a build that fails at any point removes what it
wrote and leaves the previous database serving. The same bundle always gives the same rows.
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
    Governance,
    default_dir,
    read_governance,
    store_governance,
)
from commonground.evidence.sources.registry import LOADERS
from commonground.evidence.sources.spec import SourceSpec, load_specs
from commonground.evidence.store.migrate import upgrade
from commonground.evidence.store.summaries import summarise
from commonground.evidence.store.tables import area_aliases, build_info, sources
from commonground.settings import Settings
from commonground.sql import is_sqlite, make_engine, sqlite_path

Progress = Callable[[str, int, int], None]
CURATED_AREAS = "commonground-areas"


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
) -> BuildResult:
    """Load every declared source into a fresh database and swap it in.

    `governance_dir` replaces the curated governance facts shipped in the package (tests).
    """
    started = datetime.now(UTC)
    specs = load_specs()
    for spec in specs:
        if spec.loader not in LOADERS:
            raise CommonGroundError(
                f"facts/datasets.yaml: {spec.id} names unknown loader"
                f" {spec.loader!r}; known: {', '.join(sorted(LOADERS))}"
            )
    target = _Target(settings.database_url, pg_schema or settings.pg_schema)
    engine = target.prepare()
    try:
        upgrade(engine)  # the schema is the migrations' latest revision
        with engine.begin() as conn:
            reports = _load_all(
                conn,
                specs,
                settings.data_dir,
                verify_checksums,
                progress,
                governance_dir or default_dir(),
            )
            summarise(conn)
            conn.execute(
                insert(build_info),
                [
                    {"key": "built_at", "value": started.isoformat(timespec="seconds")},
                    {"key": "version", "value": __version__},
                    {"key": "data_dir", "value": str(settings.data_dir.resolve())},
                    {"key": "sources", "value": str(len(specs))},
                ],
            )
        engine.dispose()
        target.swap()
    except BaseException:
        engine.dispose()
        target.discard()
        raise
    seconds = (datetime.now(UTC) - started).total_seconds()
    return BuildResult(reports=reports, database=target.describe(), seconds=seconds)


def _load_all(
    conn: Connection,
    specs: list[SourceSpec],
    data_dir: Path,
    verify_checksums: bool,
    progress: Progress | None,
    governance_dir: Path,
) -> list[SourceReport]:
    resolver = AreaResolver()
    reports: list[SourceReport] = []
    governance: Governance | None = None
    for index, spec in enumerate(specs):
        if progress:
            progress(spec.id, index, len(specs))
        ctx = ImportContext(spec, data_dir, conn, resolver, verify_checksums)
        _ = ctx.path  # checks presence and checksum before anything is written
        conn.execute(insert(sources).values(_source_row(spec, ctx)))
        LOADERS[spec.loader](ctx)
        conn.execute(
            update(sources)
            .where(sources.c.id == spec.id)
            .values(
                rows_loaded=ctx.report.rows, file_rows=ctx.file_rows, years=ctx.report.year_span
            )
        )
        reports.append(ctx.report)
        if spec.loader == "countrynames":
            reports.append(_load_curated_areas(conn, resolver))
            # Validated now, once areas are known, so that a bad curated row fails fast.
            bundled = [str(s.options["instrument"]) for s in specs if "instrument" in s.options]
            governance = read_governance(governance_dir, resolver, bundled)
    conn.execute(
        insert(area_aliases),
        [
            {
                "key": key,
                "alias": resolver.aliases[key],
                "code": code,
                "origin": resolver.origins[key],
            }
            for key, code in sorted(resolver.by_key.items())
        ],
    )
    if governance is not None:
        reports.append(store_governance(conn, governance, governance_dir))
    if progress:
        progress("done", len(specs), len(specs))
    return reports


def _load_curated_areas(conn: Connection, resolver: AreaResolver) -> SourceReport:
    rows = curated_area_rows(resolver)
    conn.execute(
        insert(sources).values(
            id=CURATED_AREAS,
            dataset="commonground-facts",
            title="Aggregates, former states and spellings curated by Common Ground",
            publisher="Common Ground",
            edition=__version__,
            licence="CC BY 4.0",
            file="facts/areas.csv, facts/area_aliases.csv",
            origin="this repository",
            url=None,
            sha256="0" * 64,
            file_rows=len(rows),
            rows_loaded=len(rows),
            years=None,
            note="each row cites where the aggregate or spelling occurs",
        )
    )
    for row in rows:
        row["source_id"] = CURATED_AREAS
    store_curated_areas(conn, rows)
    report = SourceReport(CURATED_AREAS, __version__, "facts/areas.csv")
    report.rows = len(rows)
    return report


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
