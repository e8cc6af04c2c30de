"""The shapes the API answers with, as pydantic models, so that `/openapi.json` says what
comes back: a page of a table (evidence and analyses), one record, the citation of a source,
an error; and the statuses a route can answer (`error_responses`, `TABULAR_RESPONSES`).

Routes return their responses ready-made (JSON or CSV); these models document them and
schemathesis checks every response against them (tests/api/test_schemathesis.py). Records
whose shape depends on the entity (a forum with its organs, an actor with its roles) name
the fields every one has and allow further ones.
"""

from __future__ import annotations

from dataclasses import MISSING, fields
from functools import reduce
from operator import or_
from typing import Any, Generic, TypeVar, get_type_hints

from fastapi.encoders import jsonable_encoder
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict, Field, create_model

from commonground.analysis.declare import Declared
from commonground.analysis.gcm import GcmObjective
from commonground.analysis.governance.pillars import Pillar
from commonground.analysis.result import CitedRecord, Summary
from commonground.analysis.search import SearchAnswer
from commonground.domain.citation import Citation

RowT = TypeVar("RowT")
DataT = TypeVar("DataT")


class TablePage(BaseModel, Generic[RowT]):
    """One page of a table: the rows, how to get the next page, and what they rest on."""

    ok: bool = True
    total_rows: int
    limit: int
    offset: int
    next: str | None = Field(description="The URL of the next page, or null on the last")
    columns: list[str]
    data: list[RowT]
    meta: dict[str, Any] = Field(description="What the table is: edition, year, filters, unit")
    sources: list[Citation]


class AnalysisMeta(BaseModel):
    """Everything an analysis returns besides the page of its chosen table."""

    analysis: str
    table: str = Field(description="The table paginated in `data` (and sent as CSV)")
    summary: Summary
    method: list[str]
    warnings: list[str]
    tables: BaseModel


def model_name(declared: Declared[Any, Any]) -> str:
    """`practice-gaps` as `PracticeGaps`: the stem of an analysis' models in the OpenAPI."""
    return declared.name.title().replace("-", "")


def analysis_page(declared: Declared[Any, Any]) -> type[BaseModel]:
    """The page an analysis answers with, typed as declared: its summary, its rows (those of
    whichever table is paginated) and its other tables (each absent when it is the one
    paginated)."""
    stem = model_name(declared)
    assert declared.rows, f"the {declared.name} analysis declares no tables"
    row: Any = reduce(or_, declared.rows.values())
    each: dict[str, Any] = {
        name: (list[t], Field(default=None))  # type: ignore[valid-type]
        for name, t in declared.rows.items()
    }
    tables = create_model(
        f"{stem}Tables", __doc__="The analysis' tables but the one paginated in `data`", **each
    )
    meta = create_model(
        f"{stem}Meta",
        __base__=AnalysisMeta,
        summary=(declared.answers, ...),
        tables=(tables, ...),
    )
    return create_model(f"{stem}Page", __base__=TablePage[row], meta=(meta, ...))


def evidence_page(declared: Declared[Any, Any]) -> type[BaseModel]:
    """The page a table of the evidence answers with: its rows (whose columns depend on how
    they are grouped, listed in `columns`) and its summary, typed as declared, as `meta`."""
    return create_model(
        f"{model_name(declared)}Page", __base__=TablePage[Row], meta=(declared.answers, ...)
    )


class ErrorBody(BaseModel):
    """The one error shape: what was wrong, per field where it applies."""

    model_config = ConfigDict(extra="allow")
    ok: bool = False
    status: int
    error: str
    errors: list[dict[str, Any]] = Field(
        default_factory=list, description="Each thing wrong: its `field` and `message`"
    )
    suggestions: list[str] | None = Field(None, description="Close matches of an unknown name")


INVALID = 422  # the one status for invalid parameters (api.errors)
DESCRIPTIONS = {
    304: "Not modified: the client's copy (If-None-Match) is of the build being served",
    400: "Bad request: a form or body the route cannot read",
    401: "Not signed in, or a wrong password or token",
    403: "Signed in, but not allowed to do this",
    409: "In conflict with the record's current state",
    413: "The request body is too large",
    429: "Too many attempts: retry after the seconds in Retry-After",
    404: "Not found: no such entity (close matches in `suggestions`)",
    422: "Invalid parameters: wrong type or range, a value the data cannot answer, too many"
    " items, an empty named set, text with NUL bytes or invalid UTF-8",
    503: "Busy: every connection is in use; retry after the seconds in Retry-After",
}


def error_responses(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """OpenAPI `responses` of a route: 304, 422 and 503 always, and the statuses given."""
    out: dict[int | str, dict[str, Any]] = {}
    for status in sorted({304, INVALID, 503, *statuses}):
        out[status] = {"description": DESCRIPTIONS[status]}
        if status != 304:
            out[status]["model"] = ErrorBody
    return out


CSV = {"text/csv": {"schema": {"type": "string"}, "example": "code,name\nMAR,Morocco\n"}}


WORKSPACE_STATUSES = (400, 401, 403, 404, 409, 413, 429)  # routes that read or write people's data


def table_responses(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """OpenAPI `responses` of a tabular route: 200 as JSON (its model) or CSV, and errors."""
    return {
        200: {"content": CSV, "description": "JSON by default; CSV with format=csv or Accept"},
        **error_responses(404, *statuses),
    }


TABULAR_RESPONSES = table_responses()


class Record(BaseModel, Generic[DataT]):
    """One entity, with the sources its figures come from."""

    ok: bool = True
    data: DataT
    sources: list[Citation]


class Open(BaseModel):
    """A record that may hold more fields than it names."""

    model_config = ConfigDict(extra="allow")


class Row(Open):
    """A row whose columns the response's `columns` lists."""


class GcmObjectives(BaseModel):
    ok: bool = True
    data: list[GcmObjective]
    sources: list[Citation]


class Pillars(BaseModel):
    ok: bool = True
    data: list[Pillar]
    sources: list[Citation]


class Answered(BaseModel):
    ok: bool = True


class SearchResult(SearchAnswer, Answered):
    """The site search's answer, `ok` first (the fields of the later base come first)."""


class Build(BaseModel):
    id: str | None
    built_at: str | None
    version: str | None


class ApiIndex(BaseModel):
    ok: bool = True
    name: str
    version: str
    openapi: str
    docs: str
    build: Build


def record_model(record: type[CitedRecord]) -> type[Record[Any]]:
    """The API's envelope of a record type: its fields but `sources` under `data`, named and
    typed in `/openapi.json` as the dataclass declares them (a field with a default, such as a
    state's meetings hosted on an actor, may be absent)."""
    hints = get_type_hints(record)
    declared: dict[str, Any] = {
        f.name: (hints[f.name], ... if f.default is MISSING else f.default)
        for f in fields(record)
        if f.name != "sources"
    }
    name = record.__name__.removesuffix("Record")
    data = create_model(name, __doc__=record.__doc__, **declared)
    return Record[data]


def record_response(record: CitedRecord) -> JSONResponse:
    """A record in its envelope, as JSON ready-made: the record's own `data()` says which
    fields it has (a record type's subclass rows keep their extra fields)."""
    return JSONResponse(jsonable_encoder(cited(record)))


def cited(record: CitedRecord) -> dict[str, Any]:
    """A record and its citations (kept under `sources`) in the API's envelope."""
    return {"ok": True, "data": record.data(), "sources": record.sources}
