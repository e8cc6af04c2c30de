"""One error shape for every failure: {"ok": false, "status", "error", "errors"}."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException

from commonground.domain.errors import CommonGroundError, InvalidQuery, NotFound


def error_body(
    status: int, error: str, errors: list[dict[str, Any]] | None = None, **extra: Any
) -> dict[str, Any]:
    return {"ok": False, "status": status, "error": error, "errors": errors or [], **extra}


def install(app: FastAPI) -> None:
    @app.exception_handler(NotFound)
    async def _not_found(_: Request, exc: NotFound) -> JSONResponse:
        return JSONResponse(error_body(404, str(exc), suggestions=exc.suggestions), 404)

    @app.exception_handler(InvalidQuery)
    async def _invalid(_: Request, exc: InvalidQuery) -> JSONResponse:
        errors = [{"field": exc.field, "message": str(exc), "allowed": exc.allowed}]
        return JSONResponse(error_body(400, str(exc), errors), 400)

    @app.exception_handler(CommonGroundError)
    async def _other(_: Request, exc: CommonGroundError) -> JSONResponse:
        return JSONResponse(error_body(500, str(exc)), 500)

    @app.exception_handler(RequestValidationError)
    async def _validation(_: Request, exc: RequestValidationError) -> JSONResponse:
        errors = [
            {"field": ".".join(str(p) for p in e["loc"][1:]) or None, "message": e["msg"]}
            for e in exc.errors()
        ]
        summary = "; ".join(f"{e['field']}: {e['message']}" for e in errors)
        return JSONResponse(error_body(422, f"invalid request: {summary}", errors), 422)

    @app.exception_handler(HTTPException)
    async def _http(_: Request, exc: HTTPException) -> JSONResponse:
        return JSONResponse(error_body(exc.status_code, str(exc.detail)), exc.status_code)
