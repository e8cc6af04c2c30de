"""Search across every kind of entity of the map, and the documents read into the workspace
with the passages that hold the query."""

from __future__ import annotations

from fastapi import APIRouter, Query

from commonground.analysis.search import search as search_all
from commonground.api.auth import WorkspaceRead
from commonground.api.deps import ConnDep
from commonground.api.envelopes import SearchResult, error_responses

router = APIRouter(tags=["search"], responses=error_responses())


@router.get(
    "/search",
    response_model=SearchResult,
    summary="Entities matching a name, code or alias, best first; documents holding the words",
)
def search(
    conn: ConnDep,
    workspace: WorkspaceRead,
    q: str = Query(..., max_length=200, description="Name, ISO3/ISO2/M49 code or alias"),
    limit: int = Query(10, ge=1, le=100),
) -> SearchResult:
    return SearchResult.model_validate(search_all(conn, q, limit, workspace), from_attributes=True)
