from __future__ import annotations

from dataclasses import asdict
from typing import Any

from fastapi import APIRouter, Path

from commonground.analysis.gcm import gcm_sources, objective, objectives
from commonground.api.deps import ConnDep
from commonground.api.envelopes import GcmObjective, GcmObjectives, Record, error_responses

router = APIRouter(tags=["gcm"], responses=error_responses(404))


@router.get(
    "/gcm/objectives",
    response_model=GcmObjectives,
    summary="The 23 GCM objectives with their actions",
)
def gcm_objectives(conn: ConnDep) -> dict[str, Any]:
    return {
        "ok": True,
        "data": [asdict(o) for o in objectives(conn)],
        "sources": gcm_sources(conn),
    }


@router.get(
    "/gcm/objectives/{number}",
    response_model=Record[GcmObjective],
    summary="One GCM objective with its actions",
)
def gcm_objective(conn: ConnDep, number: int = Path(ge=1, le=23)) -> dict[str, Any]:
    return {"ok": True, "data": asdict(objective(conn, number)), "sources": gcm_sources(conn)}
