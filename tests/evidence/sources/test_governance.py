"""The curated governance facts: what the build loads, and the bad rows that stop it."""

from __future__ import annotations

import csv
import io
import shutil
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy import Connection, func, select

from commonground.domain.errors import SourceError
from commonground.domain.ids import GOVERNANCE_SOURCE
from commonground.evidence.build import build
from commonground.evidence.countries import AreaResolver
from commonground.evidence.sources.governance import read_governance
from commonground.evidence.store.governance_tables import (
    actors,
    forums,
    instrument_actions,
    meeting_documents,
    meetings,
    roles,
)
from commonground.evidence.store.tables import areas, instruments, sources
from commonground.settings import Settings
from commonground.sql import make_engine
from tests.conftest import Built
from tests.governance_raw import FACTS, rows


def test_every_curated_row_is_loaded(conn: Connection) -> None:
    for table, name in [
        (actors, "actors.csv"),
        (forums, "forums.csv"),
        (meetings, "meetings.csv"),
        (meeting_documents, "documents.csv"),
        (roles, "roles.csv"),
        (instrument_actions, "instrument_actions.csv"),
    ]:
        query = select(func.count()).select_from(table)
        if table is instrument_actions:  # beside the bundle's UNTC and manyhealth actions
            query = query.where(instrument_actions.c.source_id == GOVERNANCE_SOURCE)
        assert conn.execute(query).scalar() == len(rows(name))
    kinds = Counter(r["kind"] for r in rows("actors.csv"))
    loaded = dict(conn.execute(select(actors.c.kind, func.count()).group_by(actors.c.kind)).all())
    assert loaded == kinds


def test_curated_and_bundled_instruments_share_one_table(conn: Connection) -> None:
    curated = {r["id"] for r in rows("instruments.csv")}
    by_source = dict(
        conn.execute(
            select(instruments.c.id, instruments.c.source_id).where(instruments.c.id.in_(curated))
        ).all()
    )
    assert set(by_source) == curated
    assert set(by_source.values()) == {"commonground-governance"}
    bundled = conn.execute(
        select(func.count()).where(instruments.c.source_id.like("untc-status-%"))
    ).scalar()
    assert bundled == 18
    cited = conn.execute(select(sources.c.id).where(sources.c.id == "commonground-governance"))
    assert cited.scalar() == "commonground-governance"


def test_years_are_integers_and_provenance_is_kept(conn: Connection) -> None:
    raw = rows("roles.csv")
    first = conn.execute(select(roles).where(roles.c.source_row == 2)).mappings().one()
    assert first["actor"] == raw[0]["actor"]
    assert first["as_of"] == (int(raw[0]["as_of"]) if raw[0]["as_of"] else None)
    assert first["source_url"] == raw[0]["source_url"]
    assert first["source_says"] == raw[0]["source_says"]
    conflicts = {r["conflict"] for r in raw if r["conflict"]}
    stored = {c for c in conn.execute(select(roles.c.conflict).distinct()).scalars() if c}
    assert stored == conflicts


def test_documents_keep_their_meeting_symbol_date_and_source(conn: Connection) -> None:
    raw = rows("documents.csv")
    loaded = {r["id"]: r for r in conn.execute(select(meeting_documents)).mappings()}
    assert set(loaded) == {r["id"] for r in raw}
    meeting_ids = {m["id"] for m in rows("meetings.csv")}
    for r in raw:
        stored = loaded[r["id"]]
        assert r["meeting"] in meeting_ids and stored["meeting"] == r["meeting"]
        assert stored["symbol"] == (r["symbol"] or None)
        assert stored["date"] == (r["date"] or None)
        assert stored["year"] == (int(r["date"][:4]) if r["date"] else None)
        assert (stored["title"], stored["kind"]) == (r["title"], r["kind"])
        assert (stored["source_url"], stored["source_says"]) == (r["source_url"], r["source_says"])


# Validation: small modified copies of the curated files ---------------------------------


@pytest.fixture
def resolver(conn: Connection) -> AreaResolver:
    """The areas the build knows, as the build's resolver holds them."""
    found = AreaResolver()
    for code, kind in conn.execute(select(areas.c.code, areas.c.kind)):
        found.add_area(code, kind)
    return found


@pytest.fixture
def bundled(conn: Connection) -> list[str]:
    """Instruments of the bundle (status files, UNTC records), which curated rows extend."""
    query = select(instruments.c.id).where(instruments.c.source_id != GOVERNANCE_SOURCE)
    return list(conn.execute(query).scalars())


Edit = Callable[[list[str]], list[str]]


def facts_copy(tmp: Path, name: str, edit: Edit) -> Path:
    """A copy of the facts folder with one file's lines rewritten by `edit` (line 1 = header)."""
    target = tmp / "governance"
    shutil.copytree(FACTS, target)
    path = target / name
    lines = path.read_text(encoding="utf-8").splitlines()
    path.write_text("\n".join(edit(lines)) + "\n", encoding="utf-8")
    return target


def line_where(name: str, test: Callable[[dict[str, str]], bool]) -> int:
    """The file line of the first row that passes `test`."""
    return next(i for i, r in enumerate(rows(name), start=2) if test(r))


def replace_cell(name: str, line: int, field: str, value: str) -> Edit:
    header = rows(name)[0].keys()
    position = list(header).index(field)

    def edit(lines: list[str]) -> list[str]:
        record = next(csv.reader([lines[line - 1]]))
        record[position] = value
        out = io.StringIO()
        csv.writer(out, lineterminator="").writerow(record)
        lines[line - 1] = out.getvalue()
        return lines

    return edit


def failure(
    tmp: Path, resolver: AreaResolver, bundled: list[str], name: str, edit: Edit
) -> SourceError:
    folder = facts_copy(tmp, name, edit)
    with pytest.raises(SourceError) as caught:
        read_governance(folder, resolver, bundled)
    return caught.value


GFMD_CHAIR = line_where("roles.csv", lambda r: r["forum"] == "gfmd" and r["role"] == "chair")
MEETING = line_where("meetings.csv", lambda r: r["start_date"] != "" and r["end_date"] != "")
ACTION = line_where("instrument_actions.csv", lambda r: r["action"] == "ratification")
FORUM = line_where("forums.csv", lambda r: True)
DOCUMENT = line_where("documents.csv", lambda r: r["symbol"] != "")


@pytest.mark.parametrize(
    ("name", "line", "field", "value", "message"),
    [
        ("roles.csv", GFMD_CHAIR, "actor", "", "a role with no actor"),
        ("roles.csv", GFMD_CHAIR, "actor", "nobody", "unknown actor"),
        ("roles.csv", GFMD_CHAIR, "forum", "", "exactly one of forum and meeting"),
        ("roles.csv", GFMD_CHAIR, "forum", "gfmd-forum", "unknown forum"),
        ("roles.csv", GFMD_CHAIR, "to_year", "1999", "dates out of order"),
        ("roles.csv", GFMD_CHAIR, "actor", "XYZ", "unknown country"),
        ("roles.csv", GFMD_CHAIR, "source_url", "", "a fact with no source"),
        ("roles.csv", GFMD_CHAIR, "source_says", "", "a fact with no source"),
        ("roles.csv", GFMD_CHAIR, "role", "president", "unknown role"),
        ("meetings.csv", MEETING, "end_date", "1990-01-01", "dates out of order"),
        ("meetings.csv", MEETING, "host_country", "ATL", "unknown country"),
        ("instrument_actions.csv", ACTION, "actor", "ZZZ", "unknown country"),
        ("instrument_actions.csv", ACTION, "action", "ratified", "unknown action"),
        ("instrument_actions.csv", ACTION, "instrument", "no-such-treaty", "unknown instrument"),
        ("forums.csv", FORUM, "pillar", "6", "unknown pillar"),
        ("documents.csv", DOCUMENT, "meeting", "hld-2099", "unknown meeting"),
        ("documents.csv", DOCUMENT, "meeting", "", "missing value"),
        ("documents.csv", DOCUMENT, "source_url", "", "a fact with no source"),
        ("documents.csv", DOCUMENT, "source_says", "", "a fact with no source"),
        ("documents.csv", DOCUMENT, "source_url", "https://example.org/x", "unknown source"),
        ("documents.csv", DOCUMENT, "kind", "communique", "unknown kind"),
        ("documents.csv", DOCUMENT, "date", "2013-13", "not a date"),
        ("documents.csv", DOCUMENT, "url", "www.un.org", "not a link"),
    ],
)
def test_a_bad_row_names_file_row_and_field(
    tmp_path: Path,
    resolver: AreaResolver,
    bundled: list[str],
    name: str,
    line: int,
    field: str,
    value: str,
    message: str,
) -> None:
    error = failure(tmp_path, resolver, bundled, name, replace_cell(name, line, field, value))
    assert message in str(error)
    assert (error.file, error.row, error.field) == (f"facts/governance/{name}", line, field)


def test_a_duplicate_fact_names_both_rows(
    tmp_path: Path, resolver: AreaResolver, bundled: list[str]
) -> None:
    def repeat(lines: list[str]) -> list[str]:
        return [*lines, lines[GFMD_CHAIR - 1]]

    error = failure(tmp_path, resolver, bundled, "roles.csv", repeat)
    assert f"the same as row {GFMD_CHAIR}" in str(error)
    assert error.row == len(rows("roles.csv")) + 2


def test_a_duplicate_document_names_both_rows(
    tmp_path: Path, resolver: AreaResolver, bundled: list[str]
) -> None:
    last = len(rows("documents.csv")) + 2

    def repeat(lines: list[str]) -> list[str]:
        return [*lines, lines[DOCUMENT - 1]]

    error = failure(tmp_path, resolver, bundled, "documents.csv", repeat)
    assert "duplicate document id" in str(error) and f"the same as row {DOCUMENT}" in str(error)
    assert (error.file, error.row, error.field) == ("facts/governance/documents.csv", last, "id")

    def repeat_as_new_id(lines: list[str]) -> list[str]:
        return replace_cell("documents.csv", last, "id", "another-id")(
            [*lines, lines[DOCUMENT - 1]]
        )

    error = failure(tmp_path / "again", resolver, bundled, "documents.csv", repeat_as_new_id)
    assert "duplicate document (meeting" in str(error)
    assert f"the same as row {DOCUMENT}" in str(error)
    assert (error.file, error.row, error.field) == ("facts/governance/documents.csv", last, "id")


def test_a_changed_header_stops_the_build(
    tmp_path: Path, resolver: AreaResolver, bundled: list[str]
) -> None:
    def rename(lines: list[str]) -> list[str]:
        return [lines[0].replace("from_year", "start_year"), *lines[1:]]

    error = failure(tmp_path, resolver, bundled, "roles.csv", rename)
    assert (error.row, "the columns changed") == (1, error.message)


def test_a_failed_build_leaves_the_previous_database_serving(
    built: Built, tmp_path: Path, conn: Connection
) -> None:
    bad = facts_copy(tmp_path, "roles.csv", replace_cell("roles.csv", GFMD_CHAIR, "actor", "XYZ"))
    target = built.settings
    if built.backend == "sqlite":
        db = tmp_path / "previous.db"
        shutil.copy(target.database_url.removeprefix("sqlite:///"), db)
        target = Settings(target.data_dir, f"sqlite:///{db}")
    with pytest.raises(SourceError, match="unknown country"):
        build(target, pg_schema=built.schema, governance_dir=bad)
    engine = built.engine() if built.backend != "sqlite" else make_engine(target.database_url)
    with engine.connect() as previous:
        count = previous.execute(select(func.count()).select_from(roles)).scalar()
    engine.dispose()
    assert count == len(rows("roles.csv"))
