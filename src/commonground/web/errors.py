"""HTML error pages for people; every other route keeps the API's JSON error shape.

Which of the two an error gets is decided by the route that served the request, not by its
path: pages are `PageRoute`s (every router made by `page_router()`), so an error raised while
serving one is a page. Only a path that matched no route at all is judged by its first
segment: it is a page unless that segment belongs to routes that are not pages (the API, the
OpenAPI documents, the vendored libraries), so `/api/nothing` is JSON and `/nothing` a page.

The error *contract* (shape, statuses) is the API's (`commonground.api.errors`); this module
only chooses between the JSON answer and the page.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.routing import iter_route_contexts
from starlette.exceptions import HTTPException
from starlette.responses import Response

from commonground.domain.errors import CommonGroundError, InvalidQuery, NotFound
from commonground.web.routing import PageRoute
from commonground.web.templating import render
from commonground.workspace.errors import WorkspaceError

Handler = Callable[[Request, Any], Awaitable[Response]]


def _first_segment(path: str) -> str:
    return path.lstrip("/").split("/", 1)[0]


def _segments_not_pages(app: FastAPI) -> set[str]:
    """First path segments served by routes that are not pages (e.g. "api", "docs")."""
    pages: set[str] = set()
    others: set[str] = set()
    for context in iter_route_contexts(app.routes):
        if context.path is None:
            continue
        owner = pages if isinstance(context.original_route, PageRoute) else others
        owner.add(_first_segment(context.path))
    return others - pages


def is_page(request: Request) -> bool:
    """True when the request is best answered with an HTML page."""
    route = request.scope.get("route")
    if route is not None:
        return isinstance(route, PageRoute)
    app: FastAPI = request.app
    return _first_segment(request.url.path) not in _segments_not_pages(app)


def page_error(request: Request, exc: Exception) -> Response:
    if isinstance(exc, NotFound):
        status, message = 404, str(exc)
    elif isinstance(exc, RequestValidationError):
        status, message = 422, validation_message(exc)
    elif isinstance(exc, InvalidQuery):
        status, message = 422, str(exc)
    elif isinstance(exc, WorkspaceError):
        status, message = exc.status, str(exc)
    elif isinstance(exc, HTTPException):
        status = exc.status_code
        message = "There is no page at this address." if status == 404 else str(exc.detail)
    else:
        status, message = 500, str(exc)
    suggestions = getattr(exc, "suggestions", [])
    headers = exc.headers if isinstance(exc, HTTPException) else None
    retry_after = getattr(exc, "retry_after", None)
    if retry_after is not None:
        headers = {"Retry-After": str(retry_after)}
    return render(
        request,
        "error.html",
        status_code=status,
        status=status,
        message=message,
        suggestions=[s for s in suggestions if isinstance(s, str)],
        query=request.path_params.get("code", ""),
        headers=headers,
    )


def validation_message(exc: RequestValidationError) -> str:
    """Which parameter is wrong and what was expected; never the code's location."""
    parts = []
    for e in exc.errors():
        where = ".".join(str(p) for p in e.get("loc", ())[1:]) or "the request"
        parts.append(f"{where}: {e.get('msg', 'not valid')}")
    return "; ".join(parts) or "the request is not valid"


def install(app: FastAPI) -> None:
    """Wrap the API's error handlers: pages get a page, everything else the API's answer."""
    classes = (NotFound, InvalidQuery, WorkspaceError, CommonGroundError, HTTPException)
    for cls in (*classes, RequestValidationError):
        api_handler: Handler | None = app.exception_handlers.get(cls)  # type: ignore[assignment]

        async def handler(
            request: Request, exc: Exception, api_handler: Handler | None = api_handler
        ) -> Response:
            if is_page(request) or api_handler is None:
                return page_error(request, exc)
            return await api_handler(request, exc)

        app.add_exception_handler(cls, handler)
