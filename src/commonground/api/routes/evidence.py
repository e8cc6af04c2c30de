"""Evidence: migrant stock, remittances, displacement, missing migrants, population.

One route per declared table (`analysis.registry.TABLES`), JSON pages or CSV: the rows of one
edition and year, the table's edition, year, filters, unit and total in `meta`.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response

from commonground.analysis.registry import TABLES
from commonground.analysis.result import Analysis
from commonground.api.declared import add_declared
from commonground.api.envelopes import evidence_page
from commonground.api.tabular import Page, tabular

router = APIRouter(tags=["evidence"])


def respond_table(
    request: Request, page: Page, result: Analysis[Any], _table: str | None = None
) -> Response:
    """A table of the evidence: its rows as a page read in SQL (or CSV), its summary as
    `meta`."""
    return tabular(
        request,
        page,
        result.rows,
        columns=result.columns_of(result.name),
        meta=result.summary.figures(),
        sources=result.sources,
        filename=result.name,
        total_rows=result.total_rows,
    )


for _declared in TABLES:
    add_declared(
        router,
        _declared,
        path=f"/{_declared.name}",
        respond=respond_table,
        response_model=evidence_page(_declared),
        tables=False,
        name=f"api-{_declared.name}",
    )
