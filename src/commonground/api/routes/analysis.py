"""Analyses: one route per declared analysis, JSON (main table paginated) or CSV.

The routes are made from `analysis.registry`: each parameter of an analysis becomes a query
(or path) parameter with its declared default, bounds and help. `table=NAME` picks which
table is the paginated one (and the CSV body); the summary, the method, warnings and every
other table travel in `meta`, the citations in `sources`.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response

from commonground.analysis.registry import ANALYSES
from commonground.analysis.result import Analysis
from commonground.api.declared import add_declared
from commonground.api.envelopes import analysis_page
from commonground.api.tabular import Page, tabular

router = APIRouter(prefix="/analysis", tags=["analysis"])


def respond(request: Request, page: Page, result: Analysis[Any], table: str | None) -> Response:
    """The chosen table as a page (or CSV), everything else of the analysis in `meta`.

    An analysis's tables are computed from every row it reads (shares, ranks, coalitions), not
    the rows of one query, so the page is a slice of the computed table."""
    name, rows = result.table(table)
    meta = {
        "analysis": result.name,
        "table": name,
        "summary": result.summary.figures(),
        "method": result.method,
        "warnings": result.warnings,
        "tables": {k: v for k, v in result.tables.items() if k != name},
    }
    return tabular(
        request, page, rows, meta=meta, sources=result.sources, filename=f"{result.name}-{name}"
    )


for _declared in ANALYSES:
    add_declared(
        router,
        _declared,
        path="/" + "/".join([_declared.name, *(f"{{{p}}}" for p in _declared.path)]),
        respond=respond,
        response_model=analysis_page(_declared),
        tables=True,
        name=f"analysis-{_declared.name}",
    )
