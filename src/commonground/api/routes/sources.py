from __future__ import annotations

from fastapi import APIRouter
from sqlalchemy import Connection

from commonground.analysis.catalogue import list_disagreements, list_sources
from commonground.api.envelopes import Citation, error_responses
from commonground.api.tabular import Rows, table_route

router = APIRouter(tags=["sources"], responses=error_responses(404))


@table_route(router, "/sources", filename="sources", row=Citation)
def sources(conn: Connection) -> tuple[Rows, Rows]:
    """Every dataset loaded, with publisher, edition, licence, file, checksum and row counts"""
    return list_sources(conn), ()


@table_route(router, "/sources/disagreements", filename="source-disagreements")
def disagreements(conn: Connection) -> tuple[Rows, Rows]:
    """Where two sources cover one instrument: every party or date they disagree on, and the
    reason declared for it"""
    return list_disagreements(conn), ()
