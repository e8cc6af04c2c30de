"""Routes made from declarations: each declared parameter becomes a query (or path)
parameter with its default, bounds and help, so the OpenAPI describes it as declared."""

from __future__ import annotations

import inspect
from collections.abc import Callable
from datetime import date
from typing import Annotated, Any

import annotated_types
from fastapi import APIRouter, Depends, Path, Query, Request
from fastapi.responses import Response
from pydantic import BaseModel
from pydantic.fields import FieldInfo
from sqlalchemy import Connection

from commonground.analysis.declare import Declared, keyword_parameter
from commonground.analysis.paging import Window
from commonground.analysis.result import Analysis
from commonground.api.auth import WorkspaceRead
from commonground.api.deps import ConnDep, Today
from commonground.api.envelopes import TABULAR_RESPONSES
from commonground.api.tabular import Page

Respond = Callable[[Request, Page, Analysis[Any], str | None], Response]
BOUNDS = {annotated_types.Ge: "ge", annotated_types.Le: "le", annotated_types.Gt: "gt"}
TableParam = Annotated[
    str | None,
    Query(description="Which table to paginate or send as CSV (default: the main one)"),
]


def parameter(name: str, field: FieldInfo, in_path: bool) -> inspect.Parameter:
    """A declared parameter as FastAPI reads it: its type, default, bounds and help."""
    bounds = {
        BOUNDS[type(m)]: getattr(m, BOUNDS[type(m)]) for m in field.metadata if type(m) in BOUNDS
    }
    pattern = next((m.pattern for m in field.metadata if getattr(m, "pattern", None)), None)
    where = (Path if in_path else Query)(description=field.description, pattern=pattern, **bounds)
    return keyword_parameter(name, field, where)


def add_declared(
    router: APIRouter,
    declared: Declared[Any, Any],
    *,
    path: str,
    respond: Respond,
    response_model: type[BaseModel],
    tables: bool,
    name: str,
) -> None:
    """`GET path` for a declaration; `tables` adds the `table` choice of a result with several."""

    def endpoint(
        request: Request,
        conn: ConnDep,
        page: Page,
        table: str | None = None,
        workspace: Connection | None = None,
        today: date | None = None,
        **values: Any,
    ) -> Response:
        window = Window(page.limit, page.offset) if page.paged else None
        result = declared(conn, workspace, today, window, **values)
        return respond(request, page, result, table)

    keyword = inspect.Parameter.KEYWORD_ONLY
    fixed = [
        inspect.Parameter("request", keyword, annotation=Request),
        inspect.Parameter("conn", keyword, annotation=ConnDep),
        inspect.Parameter("page", keyword, annotation=Annotated[Page, Depends()]),
    ]
    if tables:
        fixed.append(inspect.Parameter("table", keyword, default=None, annotation=TableParam))
    if declared.uses_workspace:
        fixed.append(inspect.Parameter("workspace", keyword, annotation=WorkspaceRead))
    if declared.uses_clock:
        fixed.append(inspect.Parameter("today", keyword, annotation=Today))
    declared_params = [
        parameter(name, field, name in declared.path)
        for name, field in declared.params.model_fields.items()
    ]
    endpoint.__signature__ = inspect.Signature(  # type: ignore[attr-defined]
        [*fixed, *declared_params], return_annotation=Response
    )
    endpoint.__name__ = declared.name.replace("-", "_")
    router.add_api_route(
        path,
        endpoint,
        methods=["GET"],
        summary=declared.summary,
        name=name,
        response_model=response_model,
        responses=TABULAR_RESPONSES,
    )
