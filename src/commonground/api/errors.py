"""One error shape for every failure: {"ok": false, "status", "error", "errors"}.

The contract, chosen once: an invalid parameter (wrong type, out of range, a value the data
cannot answer, too many items, text with NUL bytes or invalid UTF-8) is a 422; an unknown
entity a 404; a full server a 503 with `Retry-After`. Values the client sent are echoed back
shortened. `api.envelopes.error_responses()` declares these in the OpenAPI of a route.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from sqlalchemy.exc import DataError
from starlette.exceptions import HTTPException

from commonground.api.deps import Busy, NotModified
from commonground.api.envelopes import INVALID
from commonground.domain.errors import CommonGroundError, InvalidQuery, NotFound, shorten

MESSAGE_LENGTH = 400


def error_body(
    status: int, error: str, errors: list[dict[str, Any]] | None = None, **extra: Any
) -> dict[str, Any]:
    items = [{**e, "message": shorten(e.get("message", ""), MESSAGE_LENGTH)} for e in errors or []]
    return {
        "ok": False,
        "status": status,
        "error": shorten(error, MESSAGE_LENGTH),
        "errors": items,
        **extra,
    }


def error_response(
    status: int,
    error: str,
    errors: list[dict[str, Any]] | None = None,
    headers: Mapping[str, str] | None = None,
    **extra: Any,
) -> JSONResponse:
    return JSONResponse(error_body(status, error, errors, **extra), status, headers=headers)


def install(app: FastAPI) -> None:
    @app.exception_handler(NotFound)
    async def _not_found(_: Request, exc: NotFound) -> JSONResponse:
        suggestions = [shorten(s, 120) for s in exc.suggestions[:10]]
        return error_response(404, str(exc), suggestions=suggestions)

    @app.exception_handler(InvalidQuery)
    async def _invalid(_: Request, exc: InvalidQuery) -> JSONResponse:
        errors = [{"field": exc.field, "message": str(exc), "allowed": exc.allowed}]
        return error_response(INVALID, str(exc), errors)

    @app.exception_handler(CommonGroundError)
    async def _other(_: Request, exc: CommonGroundError) -> JSONResponse:
        return error_response(500, str(exc))

    @app.exception_handler(DataError)
    async def _data(_: Request, exc: DataError) -> JSONResponse:
        # The database refused a value (out of range, say) that validation let through.
        message = str(exc.orig).splitlines()[0] if exc.orig is not None else "invalid value"
        return error_response(INVALID, f"invalid value: {message}")

    @app.exception_handler(OverflowError)
    async def _overflow(_: Request, exc: OverflowError) -> JSONResponse:
        # SQLite refuses integers beyond 64 bits that no declared bound stopped.
        return error_response(INVALID, f"invalid value: a number is too large ({exc})")

    @app.exception_handler(RequestValidationError)
    async def _validation(_: Request, exc: RequestValidationError) -> JSONResponse:
        errors = [
            {"field": ".".join(str(p) for p in e["loc"][1:]) or None, "message": e["msg"]}
            for e in exc.errors()
        ]
        summary = "; ".join(f"{e['field']}: {e['message']}" for e in errors)
        return error_response(INVALID, f"invalid request: {summary}", errors)

    @app.exception_handler(HTTPException)
    async def _http(_: Request, exc: HTTPException) -> JSONResponse:
        return error_response(exc.status_code, str(exc.detail), headers=exc.headers)

    @app.exception_handler(Busy)
    async def _busy(_: Request, exc: Busy) -> JSONResponse:
        return error_response(
            503,
            "every connection is in use: retry in a moment",
            headers={"Retry-After": str(exc.retry_after)},
        )

    @app.exception_handler(NotModified)
    async def _not_modified(_: Request, exc: NotModified) -> Response:
        return Response(status_code=304, headers={"ETag": exc.etag})
