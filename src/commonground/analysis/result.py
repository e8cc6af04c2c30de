"""The shape every analysis returns: a summary, named tables, the method and the sources.

One shape lets the API, the CLI and the pages show any analysis the same way: the summary
as a few headline figures, each table as rows (JSON, CSV or a printed table), the method as
plain sentences, and the full citations of the sources and editions used.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from commonground.domain.errors import InvalidQuery

Rows = list[dict[str, Any]]


@dataclass
class Analysis:
    """The answer to one question; the first table is the main one."""

    name: str
    summary: dict[str, Any]
    tables: dict[str, Rows]
    method: list[str]
    sources: list[dict[str, Any]]
    warnings: list[str] = field(default_factory=list)

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
            "summary": self.summary,
            "tables": self.tables,
            "method": self.method,
            "warnings": self.warnings,
            "sources": self.sources,
        }


def share(part: float, whole: float) -> float | None:
    return part / whole if whole else None
