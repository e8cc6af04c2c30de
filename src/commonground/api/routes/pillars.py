"""The five pillars of migration governance and what belongs to each."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from commonground.analysis.governance.pillars import list_pillars, pillar_sources
from commonground.api.deps import ConnDep
from commonground.api.envelopes import Pillars, error_responses

router = APIRouter(tags=["governance"], responses=error_responses())


@router.get(
    "/pillars",
    response_model=Pillars,
    summary="The five pillars with their forums, actors and instruments",
)
def pillars(conn: ConnDep) -> dict[str, Any]:
    return {"ok": True, "data": list_pillars(conn), "sources": pillar_sources(conn)}
