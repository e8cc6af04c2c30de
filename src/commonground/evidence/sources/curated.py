"""The `sources` row of a file set Common Ground curates itself, with its real checksum.

The bundle's files are declared in `facts/datasets.yaml` with the checksum of their edition;
the repository's own facts change with the code, so their checksum is computed from the
files as the build reads them, and their edition is the package version.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from commonground import __version__
from commonground.domain.citation import Citation

CURATOR = "Common Ground"
LICENCE = "CC BY 4.0"


def checksum(paths: Sequence[Path]) -> str:
    """SHA-256 over the files' names and bytes, in the order given."""
    digest = hashlib.sha256()
    for path in paths:
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


@dataclass(frozen=True)
class CuratedSource:
    """A set of repository files loaded as one source."""

    id: str
    title: str
    files: tuple[Path, ...]
    labels: tuple[str, ...]
    origin: str
    note: str

    def citation(self, rows: int, years: str | None) -> Citation:
        """Its `sources` row: `rows` read and loaded, over the years `years`."""
        return Citation(
            id=self.id,
            dataset="commonground-facts",
            title=self.title,
            publisher=CURATOR,
            edition=__version__,
            licence=LICENCE,
            file=", ".join(self.labels),
            origin=self.origin,
            url=None,
            sha256=checksum(self.files),
            file_rows=rows,
            rows_loaded=rows,
            years=years,
            note=self.note,
        )
