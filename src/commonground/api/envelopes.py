"""The shapes the API answers with, as pydantic models, so that `/openapi.json` says what
comes back: a page of a table (evidence and analyses), the citation of a source, an error.

Routes return their responses ready-made (JSON or CSV); these models document them and a
test checks every response against them.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, Field


class Citation(BaseModel):
    """A source as `/api/sources` lists it: enough to cite the figure and find the file."""

    id: str
    dataset: str
    title: str
    publisher: str
    edition: str
    licence: str
    file: str
    origin: str
    url: str | None
    sha256: str = Field(description="SHA-256 of the file(s) the build read")
    file_rows: int
    rows_loaded: int
    years: str | None
    note: str | None


class TablePage(BaseModel):
    """One page of a table: the rows, how to get the next page, and what they rest on."""

    ok: bool = True
    total_rows: int
    limit: int
    offset: int
    next: str | None = Field(description="The URL of the next page, or null on the last")
    columns: list[str]
    data: list[dict[str, Any]]
    meta: dict[str, Any] = Field(description="What the table is: edition, year, filters, unit")
    sources: list[Citation]


class AnalysisMeta(BaseModel):
    """Everything an analysis returns besides the page of its chosen table."""

    analysis: str
    table: str = Field(description="The table paginated in `data` (and sent as CSV)")
    summary: dict[str, Any]
    method: list[str]
    warnings: list[str]
    tables: dict[str, list[dict[str, Any]]] = Field(description="The analysis' other tables")


class AnalysisPage(TablePage):
    meta: AnalysisMeta  # type: ignore[assignment]


class ErrorBody(BaseModel):
    """The one error shape: what was wrong, per field where it applies."""

    ok: bool = False
    status: int
    error: str
    errors: list[dict[str, Any]] = Field(default_factory=list)


CSV = {"text/csv": {"schema": {"type": "string"}, "example": "code,name\nMAR,Morocco\n"}}
TABULAR_RESPONSES: dict[int | str, dict[str, Any]] = {
    200: {"content": CSV, "description": "JSON by default; CSV with format=csv or Accept"},
    400: {"model": ErrorBody, "description": "A parameter the data cannot answer"},
    404: {"model": ErrorBody, "description": "No such entity; close matches listed"},
    422: {"model": ErrorBody, "description": "A parameter of the wrong type or out of range"},
}
