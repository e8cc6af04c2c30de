from __future__ import annotations

from fastapi import APIRouter, Path

from commonground.analysis.gcm import GcmObjective, gcm_sources, objective, objectives
from commonground.api.deps import ConnDep
from commonground.api.envelopes import GcmObjectives, Record, error_responses

router = APIRouter(tags=["gcm"], responses=error_responses(404))


@router.get(
    "/gcm/objectives",
    response_model=GcmObjectives,
    summary="The 23 GCM objectives with their actions",
)
def gcm_objectives(conn: ConnDep) -> GcmObjectives:
    return GcmObjectives(data=objectives(conn), sources=gcm_sources(conn))


@router.get(
    "/gcm/objectives/{number}",
    response_model=Record[GcmObjective],
    summary="One GCM objective with its actions",
)
def gcm_objective(conn: ConnDep, number: int = Path(ge=1, le=23)) -> Record[GcmObjective]:
    return Record[GcmObjective](data=objective(conn, number), sources=gcm_sources(conn))
