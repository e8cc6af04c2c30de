"""HTML error pages for people; the API keeps its JSON error shape.

The API's handlers are installed first; these wrap them and answer with a page for every
path outside /api, /docs and /openapi.json.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from starlette.exceptions import HTTPException
from starlette.responses import Response

from commonground.domain.errors import CommonGroundError, InvalidQuery, NotFound
from commonground.web.templating import render

API_PREFIXES = ("/api", "/docs", "/openapi.json", "/redoc", "/vendor", "/maps")
Handler = Callable[[Request, Any], Awaitable[Response]]


def is_page(request: Request) -> bool:
    return not request.url.path.startswith(API_PREFIXES)


def page_error(request: Request, exc: Exception) -> Response:
    if isinstance(exc, NotFound):
        status, message = 404, str(exc)
    elif isinstance(exc, InvalidQuery | RequestValidationError):
        status, message = 422, str(exc)
    elif isinstance(exc, HTTPException):
        status = exc.status_code
        message = "There is no page at this address." if status == 404 else str(exc.detail)
    else:
        status, message = 500, str(exc)
    suggestions = getattr(exc, "suggestions", [])
    headers = exc.headers if isinstance(exc, HTTPException) else None
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


def install(app: FastAPI) -> None:
    for cls in (NotFound, InvalidQuery, CommonGroundError, HTTPException, RequestValidationError):
        api_handler: Handler | None = app.exception_handlers.get(cls)  # type: ignore[assignment]

        async def handler(
            request: Request, exc: Exception, api_handler: Handler | None = api_handler
        ) -> Response:
            if is_page(request) or api_handler is None:
                return page_error(request, exc)
            return await api_handler(request, exc)

        app.add_exception_handler(cls, handler)
