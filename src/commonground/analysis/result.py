"""The one shape every query returns: a summary, named tables, the method and the sources.

One shape lets the API, the CLI and the pages show any answer the same way, an analysis or a
table of the evidence: the summary as a few headline figures (for a table of evidence: its
edition, year, filters, unit and total), each table as rows (JSON, CSV or a printed table),
the method as plain sentences, and the full citations of the sources and editions used.

Each analysis types its own summary (a `Summary` subclass) and declares its row types beside
it (`analysis.declare`), so the modules that read a figure read an attribute and the API's
schema says what every figure and column is.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from typing import Any, Generic, TypeVar

from pydantic import BaseModel, ConfigDict

from commonground.domain.citation import Citation
from commonground.domain.errors import InvalidQuery

Rows = list[dict[str, Any]]


class Summary(BaseModel):
    """An answer's headline figures, each named and typed: the schema of `summary` (or, for a
    table of evidence, `meta`) in `/openapi.json`, and attributes for the modules that read
    them. A figure published under a name that is not an identifier (`North → South`) keeps
    that name as its alias."""

    model_config = ConfigDict(
        frozen=True, extra="forbid", populate_by_name=True, use_attribute_docstrings=True
    )

    def figures(self) -> dict[str, Any]:
        """The figures under their published names, in order: the JSON's and the CLI's."""
        return self.model_dump(by_alias=True)


S = TypeVar("S", bound=Summary, covariant=True)
"""An answer of a narrower summary type serves where a wider one is asked for."""
T = TypeVar("T", bound=Summary)


@dataclass
class Analysis(Generic[S]):
    """The answer to one question; the first table is the main one."""

    name: str
    summary: S
    tables: dict[str, Rows]
    method: list[str]
    sources: list[Citation]
    warnings: list[str] = field(default_factory=list)
    columns: dict[str, list[str]] = field(default_factory=dict)
    """The columns of a table, where they must be known even when it has no rows."""
    total_rows: int | None = None
    """The main table's length, where `rows` is one window of it read in SQL."""

    @property
    def rows(self) -> Rows:
        """The main table."""
        return self.table()[1]

    def columns_of(self, name: str | None = None) -> list[str]:
        """The columns of a table (default: the main one), declared or read off its rows."""
        name, rows = self.table(name)
        return self.columns.get(name) or (list(rows[0]) if rows else [])

    def table(self, name: str | None = None) -> tuple[str, Rows]:
        """A table by name (default: the main one); an unknown name lists the tables there are."""
        if name is None:
            name = next(iter(self.tables))
        if name not in self.tables:
            raise InvalidQuery(
                f"the {self.name} analysis has no table {name!r}; tables: "
                + ", ".join(self.tables),
                field="table",
                allowed=list(self.tables),
            )
        return name, self.tables[name]

    def as_dict(self) -> dict[str, Any]:
        return {
            "analysis": self.name,
            "summary": self.summary.figures(),
            "tables": self.tables,
            "method": self.method,
            "warnings": self.warnings,
            "sources": [s.model_dump() for s in self.sources],
        }


def share(part: float, whole: float) -> float | None:
    return part / whole if whole else None


def evidence_table(
    name: str,
    columns: list[str],
    rows: Rows,
    summary: T,
    sources: list[Citation],
    total_rows: int | None = None,
) -> Analysis[T]:
    """A table of the evidence (stock, remittances, ...) as a result with one table; with
    `total_rows`, `rows` are one window of a table that long."""
    return Analysis(
        name=name,
        summary=summary,
        tables={name: rows},
        method=[],
        sources=sources,
        columns={name: columns},
        total_rows=total_rows,
    )


@dataclass(frozen=True)
class CitedRecord:
    """A record (a forum, say) and the citations it rests on. `data()` is the record without
    them: the API answers with the two apart."""

    sources: list[Citation]

    def data(self) -> dict[str, Any]:
        return {f.name: getattr(self, f.name) for f in fields(self) if f.name != "sources"}
