"""The citation of a source: one row of the `sources` table, as every answer cites it.

Declared here, below the layers, so that the build writes it, the catalogue builds it from its
row, analyses and treaty records carry it, and the API answers with it as its own schema
(`/api/sources` and every `sources` list) without a second copy of its fields. What a source
is called and who publishes it (`Published`) is the same in its declaration in
`facts/datasets.yaml` (evidence/sources/spec.py) and in its citation.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from pydantic import BaseModel, ConfigDict, Field


class Published(BaseModel):
    """A source as its publisher names it, and the file it was read from."""

    model_config = ConfigDict(frozen=True)

    id: str
    dataset: str
    title: str
    publisher: str
    edition: str
    licence: str
    file: str
    origin: str


class Citation(Published):
    """A source as `/api/sources` lists it: enough to cite the figure and find the file."""

    url: str | None
    sha256: str = Field(description="SHA-256 of the file(s) the build read")
    file_rows: int
    rows_loaded: int
    years: str | None
    note: str | None

    @classmethod
    def from_row(cls, row: Mapping[Any, object]) -> Citation:
        """The citation of a row of the `sources` table (in the table's column order)."""
        return cls.model_validate(dict(row))

    def reference(self) -> str:
        """The one line that names it: "publisher, title (edition)"."""
        return f"{self.publisher}, {self.title} ({self.edition})"
