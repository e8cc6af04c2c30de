"""The curated governance files and their exact headers.

A changed header is a changed meaning, so each file must have exactly the declared columns in
the declared order; rows are numbered as in the file (header = row 1).
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from commonground.evidence.sources.csvfile import Row, read_rows

PROVENANCE = ["source_url", "source_says", "note"]
COLUMNS: dict[str, list[str]] = {
    "sources.csv": ["url", "title", "publisher", "trust", "note", "citation"],
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


def default_dir() -> Path:
    """The facts shipped with the package."""
    return Path(str(resources.files("commonground.facts").joinpath("governance")))


def label(name: str) -> str:
    """How errors name a file: as it sits in the repository."""
    return f"facts/governance/{name}"


def read(facts_dir: Path, name: str) -> list[Row]:
    """Every row of one file with its row number, cells stripped; the header must match."""
    return read_rows(facts_dir / name, label(name), COLUMNS[name])
