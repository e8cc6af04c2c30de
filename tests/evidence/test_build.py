"""The build is atomic and repeatable.

Running it twice gives the same rows; bad input stops it with one error naming the file, row
and field, and leaves the previous database in place and serving. The previous database in
these tests is the whole bundle built once per session (the `built` fixture).
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, create_engine, func, inspect, select, text

from commonground.domain.errors import SourceError
from commonground.evidence.build import build
from commonground.evidence.store.tables import build_info, metadata, migrant_stock, sources
from commonground.settings import Settings
from commonground.sql import make_engine
from tests.bundle import (
    ANNEX,
    UNDESA_2017,
    UNDESA_2019,
    UNDESA_2020,
    Edit,
    bundle_copy,
    drop_line,
    garbage,
    rename_column,
    repeat_line,
    set_cell,
    truncate_mid_line,
)
from tests.conftest import PG_URL, Built, scratch

# Tables whose whole content is compared between two builds (the others by row count).
DIGESTED = ["sources", "areas", "area_aliases", "stock_totals", "remittances", "treaty_status"]
WORLD_2024 = 304_021_813  # MANIFEST: UN DESA 2024, world total for 2024


def fingerprint(engine: Engine) -> dict[str, Any]:
    """Row counts of every table and a digest of the content of a few."""
    out: dict[str, Any] = {}
    with engine.connect() as conn:
        for table in metadata.sorted_tables:
            if table.name == "build_info":
                continue
            out[table.name] = conn.execute(select(func.count()).select_from(table)).scalar()
            if table.name in DIGESTED:
                order = list(table.primary_key.columns) or list(table.columns)
                digest = hashlib.sha256()
                for row in conn.execute(select(table).order_by(*order)):
                    digest.update(repr(tuple(row)).encode())
                out[f"{table.name} digest"] = digest.hexdigest()
        info = dict(conn.execute(select(build_info.c.key, build_info.c.value)).all())
    out["build_info keys"] = sorted(info)
    out["build_info"] = {k: v for k, v in info.items() if k not in ("built_at", "build_id")}
    return out


def world_2024(engine: Engine) -> int:
    with engine.connect() as conn:
        return int(
            conn.execute(
                select(func.sum(migrant_stock.c.stock)).where(
                    migrant_stock.c.source_id == "undesa-ims-2024",
                    migrant_stock.c.year == 2024,
                    migrant_stock.c.sex == "total",
                )
            ).scalar_one()
        )


def built_at(engine: Engine) -> str:
    with engine.connect() as conn:
        value = conn.execute(select(build_info.c.value).where(build_info.c.key == "built_at"))
        return str(value.scalar_one())


def sqlite_file(built: Built) -> Path:
    return Path(built.settings.database_url.removeprefix("sqlite:///"))


def schemas(url: str) -> set[str]:
    engine = make_engine(url)
    with engine.connect() as conn:
        names = conn.execute(text("SELECT schema_name FROM information_schema.schemata"))
        found = {str(n) for n in names.scalars()}
    engine.dispose()
    return found


# (a) repeatable ------------------------------------------------------------------------------


def test_building_twice_gives_the_same_database(built: Built, tmp_path: Path) -> None:
    """A second build over a stale database replaces it with exactly the same rows."""
    if built.backend == "sqlite":
        target = tmp_path / "again.db"
        stale = create_engine(f"sqlite:///{target}")
        with stale.begin() as conn:
            conn.execute(text("CREATE TABLE stale (x INTEGER)"))
        stale.dispose()
        settings = Settings(built.settings.data_dir, f"sqlite:///{target}")
        schema = built.schema
    else:
        assert PG_URL is not None
        settings = built.settings
        schema = f"{built.schema}_again"
        admin = make_engine(PG_URL)
        with admin.begin() as conn:
            conn.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
            conn.execute(text(f'CREATE SCHEMA "{schema}"'))
            conn.execute(text(f'CREATE TABLE "{schema}".stale (x INTEGER)'))
        admin.dispose()
    first, second = built.engine(), make_engine(settings.database_url, schema)
    try:
        build(settings, pg_schema=schema)
        assert not inspect(second).has_table("stale")
        assert fingerprint(second) == fingerprint(first)
        assert world_2024(second) == WORLD_2024
    finally:
        first.dispose()
        second.dispose()
        if built.backend == "postgresql":
            admin = make_engine(settings.database_url)
            with admin.begin() as conn:
                conn.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
            admin.dispose()


# (b) atomic: a failed build leaves the previous database serving ---------------------------


def failed_build(built: Built, data: Path, *, verify_checksums: bool) -> SourceError:
    """Build from `data` over the session's database; return the error it must raise."""
    engine = built.engine()
    before = built_at(engine)
    engine.dispose()
    stat = os.stat(sqlite_file(built)) if built.backend == "sqlite" else None
    settings = Settings(data, built.settings.database_url)
    with pytest.raises(SourceError) as caught:
        build(settings, verify_checksums=verify_checksums, pg_schema=built.schema)
    # The previous database is in place, unchanged, and still answers queries.
    engine = built.engine()
    try:
        assert built_at(engine) == before
        assert world_2024(engine) == WORLD_2024
    finally:
        engine.dispose()
    if built.backend == "sqlite":
        path = sqlite_file(built)
        after = os.stat(path)
        assert stat is not None
        assert (after.st_ino, after.st_mtime_ns, after.st_size) == (
            stat.st_ino,
            stat.st_mtime_ns,
            stat.st_size,
        )
        assert not path.with_name(path.name + ".building").exists()
    else:
        left = schemas(built.settings.database_url)
        assert f"{built.schema}_building" not in left
        assert built.schema in left
    return caught.value


def test_a_failed_build_leaves_the_previous_database_serving(built: Built, tmp_path: Path) -> None:
    """Fails mid-way (the 2017 table), after earlier sources were written to the new copy."""
    data = bundle_copy(tmp_path / "data", {UNDESA_2017: set_cell(30, "Albania", "12a")})
    error = failed_build(built, data, verify_checksums=False)
    assert (error.file, error.row, error.field) == (UNDESA_2017, 30, "Albania")


def test_a_first_build_that_fails_leaves_nothing_behind(backend: str, tmp_path: Path) -> None:
    data = bundle_copy(tmp_path / "data", {ANNEX: repeat_line(5)})
    database = tmp_path / "database"
    database.mkdir()
    with scratch(backend, database, "first") as target:
        settings = Settings(data, target.settings.database_url)
        with pytest.raises(SourceError):
            build(settings, pg_schema=target.schema)
        if backend == "sqlite":
            assert list(database.iterdir()) == []
        else:
            left = schemas(settings.database_url)
            assert not {target.schema, f"{target.schema}_building"} & left


BadCase = tuple[str, Edit | None, bool, str, int | None, str | None, str, str]

# id, edit of the file (None: file left out), verify checksums, file, row, field,
# what the message says, what it says was expected
BAD_INPUT: list[BadCase] = [
    (
        "missing file",
        None,
        True,
        UNDESA_2020,
        None,
        None,
        "file not found",
        "the bundle as described in its MANIFEST.md",
    ),
    (
        "truncated, checksum",
        truncate_mid_line(1000, 12),
        True,
        UNDESA_2020,
        None,
        None,
        "SHA-256 checksum differs",
        "3c7247b83de7e94df40ca675495a2243cec9a4eab8ea3d4660d2e74864ef582b",
    ),
    (
        "truncated, row",
        truncate_mid_line(1000, 12),
        False,
        UNDESA_2020,
        1000,
        "sex",
        "row has 3 fields, the header 9",
        "9 fields",
    ),
    (
        "corrupted xlsx, checksum",
        garbage,
        True,
        UNDESA_2019,
        None,
        None,
        "SHA-256 checksum differs",
        "6e44a1f4c750248b7721a6f32afa75477c2c22420bed26053e1bfe58f4a63062",
    ),
    (
        "changed column",
        rename_column("stock", "count"),
        False,
        UNDESA_2020,
        1,
        "stock",
        "the columns changed: missing 'stock'; unexpected 'count'",
        "columns 'year', 'destination_iso3', 'origin_iso3', 'sex', 'stock'",
    ),
    (
        "changed column 2017",
        rename_column("Total", "Sum"),
        False,
        UNDESA_2017,
        1,
        "Total",
        "the columns changed",
        "columns 'Year', 'MajorArea', 'Total'",
    ),
    (
        "negative count",
        set_cell(1000, "stock", "-5"),
        False,
        UNDESA_2020,
        1000,
        "stock",
        "not a count (found '-5')",
        "a non-negative whole number",
    ),
    (
        "non-numeric count",
        set_cell(30, "Albania", "12a"),
        False,
        UNDESA_2017,
        30,
        "Albania",
        "not a count (found '12a')",
        "a non-negative whole number",
    ),
    (
        "unknown country code",
        set_cell(1000, "destination_iso3", "XYZ"),
        False,
        UNDESA_2020,
        1000,
        "destination_iso3",
        "unknown country or area (found 'XYZ')",
        "a name or code the country resolver knows",
    ),
    (
        "unknown country name",
        set_cell(30, "MajorArea", "Atlantis"),
        False,
        UNDESA_2017,
        30,
        "MajorArea",
        "unknown country or area (found 'Atlantis')",
        "a name or code the country resolver knows",
    ),
    (
        "duplicate row",
        repeat_line(1000),
        False,
        UNDESA_2020,
        1001,
        "year, destination_iso3, origin_iso3, sex",
        "duplicate row: the same year, destination, origin and sex as row 1000",
        "one row per year, destination, origin and sex",
    ),
    (
        "duplicate row 2017",
        repeat_line(1500),
        False,
        UNDESA_2017,
        1501,
        "MajorArea",
        "duplicate row: the same year and destination as row 1500",
        "one row per year and destination",
    ),
    (
        "lost row 2017",
        drop_line(500),
        False,
        UNDESA_2017,
        1006,
        "MajorArea",
        "unknown country or area (found '')",
        "a name or code the country resolver knows",
    ),
    (
        "declared defect changed 2017",
        set_cell(1007, "MajorArea", "Curacao"),
        False,
        UNDESA_2017,
        1007,
        "MajorArea",
        "holds data (were rows added or removed?) (found 'Curacao')",
        "the row as declared in facts/datasets.yaml: blank name, all zeros",
    ),
    (
        "duplicate row annex",
        repeat_line(5),
        False,
        ANNEX,
        6,
        "m49",
        "duplicate row: the same M49 code as row 5",
        "one row per M49 code",
    ),
]


@pytest.mark.parametrize(
    ("case", "edit", "verify", "file", "row", "field", "message", "expected"),
    BAD_INPUT,
    ids=[c[0] for c in BAD_INPUT],
)
def test_bad_input_gives_one_clear_error_and_keeps_the_previous_database(
    built: Built,
    tmp_path: Path,
    case: str,
    edit: Edit | None,
    verify: bool,
    file: str,
    row: int | None,
    field: str | None,
    message: str,
    expected: str,
) -> None:
    data = bundle_copy(tmp_path / "data", {file: edit})
    error = failed_build(built, data, verify_checksums=verify)
    assert (error.file, error.row, error.field) == (file, row, field)
    shown = str(error)
    assert shown.startswith(file)
    if row is not None:
        assert f"row {row}" in shown
    if field is not None:
        assert f"field '{field}'" in shown
    assert message in shown
    assert f"expected {expected}" in shown or expected in shown.split("expected", 1)[1]


def test_a_corrupted_workbook_without_checksums_says_it_is_no_workbook(
    built: Built, tmp_path: Path
) -> None:
    data = bundle_copy(tmp_path / "data", {UNDESA_2019: garbage})
    error = failed_build(built, data, verify_checksums=False)
    assert error.file == UNDESA_2019
    assert "cannot be opened as an Excel workbook" in str(error)


def test_the_session_database_lists_every_declared_source(built: Built) -> None:
    """What the failed builds above left in place is the whole, finished build."""
    engine = built.engine()
    with engine.connect() as conn:
        ids = set(conn.execute(select(sources.c.id)).scalars())
    engine.dispose()
    assert len(ids) >= 39
    assert {"undesa-ims-2017", "undesa-ims-2024", "unvotes-votes", "gcm-actions"} <= ids
