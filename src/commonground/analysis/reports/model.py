"""What a review report is made of, as the API describes it and the pages print it.

Every figure names its source by id, and the report lists each source once with its
publisher and edition; the stamp says when the report was made, from which build of the
evidence base and from which state of the workspace (its last audit entry), so that two
reports can be told apart and either can be made again.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

Value = int | float | str | None
ReportKind = Literal["objective", "country", "forum"]
WORKSPACE_SOURCE = "workspace"


class Citation(BaseModel):
    """A source as the report cites it."""

    id: str
    title: str
    publisher: str
    edition: str
    url: str | None = None


class Figure(BaseModel):
    """One headline figure: what it counts, its value and unit, and the source it rests on."""

    label: str
    value: Value
    unit: str = ""
    sources: list[str] = Field(description="Ids of citations in the report's sources")
    note: str | None = None


class Table(BaseModel):
    """Rows behind a section; `source` names where each row comes from (a citation id or
    the address of the public source an imported record rests on)."""

    columns: list[str]
    rows: list[dict[str, Value]]


class Section(BaseModel):
    id: str
    title: str
    figures: list[Figure] = []
    table: Table | None = None
    notes: list[str] = []


class Stamp(BaseModel):
    """When and from what the report was made."""

    made_at: str = Field(description="UTC time the report was made")
    today: str = Field(description="The day flags and statuses are computed for")
    evidence_build: str
    evidence_built_at: str | None
    workspace_state: str = Field(description="The workspace's last audit entry, id and time")


class Report(BaseModel):
    """A review report, in the manner of the International Migration Review Forum."""

    kind: ReportKind
    key: str
    title: str
    stamp: Stamp
    sections: list[Section]
    sources: list[Citation]
