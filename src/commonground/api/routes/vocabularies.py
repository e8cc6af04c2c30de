"""Vocabularies beside the GCM objectives: its ten guiding principles and IOM's MiGOF."""

from __future__ import annotations

from fastapi import APIRouter
from sqlalchemy import Connection

from commonground.analysis.governance.lookup import governance_sources
from commonground.analysis.governance.vocabularies import migof_terms, principles
from commonground.analysis.paging import Read, Window
from commonground.api.envelopes import error_responses
from commonground.api.tabular import Cites, paged_table_route

router = APIRouter(tags=["gcm"], responses=error_responses())


@paged_table_route(router, "/gcm/principles", filename="gcm-principles")
def gcm_principles(conn: Connection, window: Window | None) -> tuple[Read, Cites]:
    """The ten guiding principles of the GCM (para. 15)"""
    return principles(conn, window), governance_sources(conn)


@paged_table_route(router, "/migof", filename="migof")
def migof(conn: Connection, window: Window | None) -> tuple[Read, Cites]:
    """IOM's Migration Governance Framework: 3 principles, 3 objectives"""
    return migof_terms(conn, window), governance_sources(conn)
