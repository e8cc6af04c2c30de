"""The curated governance files and their exact headers.

A changed header is a changed meaning, so each file must have exactly the declared columns in
the declared order; rows are numbered as in the file (header = row 1).
"""

from __future__ import annotations

import csv
from importlib import resources
from pathlib import Path

from commonground.domain.errors import SourceError

PROVENANCE = ["source_url", "source_says", "note"]
COLUMNS: dict[str, list[str]] = {
    "sources.csv": ["url", "title", "publisher", "trust", "note"],
    "actors.csv": [
        "id",
        "name",
        "short_name",
        "kind",
        "founded",
        "description",
        "url",
        *PROVENANCE,
    ],
    "forums.csv": [
        "id",
        "name",
        "short_name",
        "kind",
        "parent",
        "pillar",
        "founded",
        "ended",
        "description",
        "url",
        *PROVENANCE,
    ],
    "meetings.csv": [
        "id",
        "forum",
        "name",
        "ordinal",
        "start_date",
        "end_date",
        "place",
        "host_country",
        "theme",
        *PROVENANCE,
        "conflict",
    ],
    "documents.csv": [
        "id",
        "meeting",
        "symbol",
        "title",
        "kind",
        "date",
        "url",
        *PROVENANCE,
    ],
    "roles.csv": [
        "actor",
        "forum",
        "meeting",
        "role",
        "from_year",
        "to_year",
        "as_of",
        "name_as_read",
        *PROVENANCE,
        "conflict",
    ],
    "instruments.csv": [
        "id",
        "title",
        "short_name",
        "type",
        "binding",
        "pillar",
        "adopted",
        "entry_into_force",
        "depositary",
        "url",
        *PROVENANCE,
    ],
    "instrument_actions.csv": [
        "instrument",
        "actor",
        "action",
        "date",
        "name_as_read",
        "list_as_of",
        "list_complete",
        *PROVENANCE,
        "conflict",
    ],
    "gcm_principles.csv": ["id", "letter", "name", "definition", "source_url", "source_says"],
    "migof.csv": ["id", "kind", "name", "source_url", "source_says"],
}

Row = tuple[int, dict[str, str]]


def default_dir() -> Path:
    """The facts shipped with the package."""
    return Path(str(resources.files("commonground.facts").joinpath("governance")))


def label(name: str) -> str:
    """How errors name a file: as it sits in the repository."""
    return f"facts/governance/{name}"


def read(facts_dir: Path, name: str) -> list[Row]:
    """Every row of one file with its row number, cells stripped; the header must match."""
    path = facts_dir / name
    if not path.is_file():
        raise SourceError(label(name), f"file not found in {facts_dir}")
    columns = COLUMNS[name]
    try:
        with path.open(encoding="utf-8", newline="") as handle:
            records = list(csv.reader(handle))
    except (UnicodeDecodeError, csv.Error) as exc:
        raise SourceError(label(name), f"cannot be read as UTF-8 CSV: {exc}") from exc
    header = records[0] if records else []
    if header != columns:
        raise SourceError(
            label(name),
            "the columns changed",
            row=1,
            value=",".join(header),
            expected="exactly the columns " + ",".join(columns),
        )
    rows: list[Row] = []
    for line, record in enumerate(records[1:], start=2):
        if not record:
            continue
        if len(record) != len(columns):
            raise SourceError(
                label(name),
                "row has a different number of fields than the header",
                row=line,
                value=len(record),
                expected=f"{len(columns)} fields",
            )
        rows.append((line, {c: v.strip() for c, v in zip(columns, record, strict=True)}))
    return rows
