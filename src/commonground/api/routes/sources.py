from __future__ import annotations

from fastapi import APIRouter
from sqlalchemy import Connection

from commonground.analysis.catalogue import disagreement_page, source_page
from commonground.analysis.paging import Read, Window
from commonground.api.envelopes import error_responses
from commonground.api.tabular import Cites, paged_table_route
from commonground.domain.citation import Citation

router = APIRouter(tags=["sources"], responses=error_responses(404))


@paged_table_route(router, "/sources", filename="sources", row=Citation)
def sources(conn: Connection, window: Window | None) -> tuple[Read, Cites]:
    """Every dataset loaded, with publisher, edition, licence, file, checksum and row counts"""
    return source_page(conn, window), ()


@paged_table_route(router, "/sources/disagreements", filename="source-disagreements")
def disagreements(conn: Connection, window: Window | None) -> tuple[Read, Cites]:
    """Where two sources cover one instrument: every party or date they disagree on, and the
    reason declared for it"""
    return disagreement_page(conn, window), ()
