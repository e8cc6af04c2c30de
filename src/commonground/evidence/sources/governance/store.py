"""Write validated governance facts into the build, with one `sources` row that cites them.

Each fact row keeps its own `source_url`; the `sources` row says that the facts are curated
in this repository, which files they come from and their checksum.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path

from sqlalchemy import Connection, Table, insert

from commonground import __version__
from commonground.domain import vocab
from commonground.domain.ids import GOVERNANCE_SOURCE as SOURCE_ID
from commonground.evidence.sources.context import SourceReport
from commonground.evidence.sources.curated import CuratedSource
from commonground.evidence.sources.governance.files import COLUMNS
from commonground.evidence.sources.governance.validate import Governance
from commonground.evidence.store.governance_tables import (
    actors,
    fact_sources,
    forums,
    gcm_principles,
    instrument_actions,
    meeting_documents,
    meetings,
    migof,
    pillars,
    roles,
)
from commonground.evidence.store.tables import instruments, sources
from commonground.sql import insert_rows


def curated_source(facts_dir: Path) -> CuratedSource:
    """The governance files as one source, checksummed as the build reads them."""
    return CuratedSource(
        id=SOURCE_ID,
        title="Governance map: actors, forums, meetings and their documents, roles,"
        " instruments and treaty actions, curated by Common Ground with a source for every row",
        files=tuple(facts_dir / name for name in sorted(COLUMNS)),
        labels=tuple(f"facts/governance/{name}" for name in COLUMNS),
        origin="this repository; each row cites its source in source_url and source_says",
        note="see facts/governance/README.md for conventions, conflicts and what could"
        " not be sourced",
    )


def store_governance(conn: Connection, g: Governance, facts_dir: Path) -> SourceReport:
    """Insert every table in dependency order; the report counts the fact rows."""
    tables: list[tuple[Table, Sequence[Mapping[str, object]]]] = [
        (fact_sources, g.fact_sources),
        (actors, g.actors),
        (forums, g.forums),
        (meetings, g.meetings),
        (meeting_documents, g.documents),
        (roles, g.roles),
        (instruments, [{**r, "source_id": SOURCE_ID} for r in g.instruments]),
        (instrument_actions, [{**r, "source_id": SOURCE_ID} for r in g.instrument_actions]),
        (gcm_principles, g.gcm_principles),
        (migof, g.migof),
    ]
    total = sum(len(rows) for _, rows in tables)
    years = {y for r in g.roles for y in (r["from_year"], r["to_year"], r["as_of"]) if y}
    years |= {r["year"] for r in g.meetings if r["year"]}
    span = f"{min(years)}-{max(years)}" if years else None
    conn.execute(
        insert(sources).values(curated_source(facts_dir).citation(total, span).model_dump())
    )
    conn.execute(
        insert(pillars),
        [
            {"number": n, "name": name, "description": text, "source_url": vocab.DOMAIN}
            for n, (name, text) in vocab.PILLARS.items()
        ],
    )
    for table, rows in tables:
        insert_rows(conn, table, rows)
    report = SourceReport(SOURCE_ID, __version__, "facts/governance/*.csv")
    report.rows = total
    report.years = years
    report.notes = [f"{table.name}: {len(rows)}" for table, rows in tables]
    return report
