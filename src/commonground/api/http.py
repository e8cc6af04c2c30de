"""HTTP semantics every route shares: HEAD, Allow, build headers, caching, gzip, clean text.

- `HEAD` is answered for every `GET` route (the GET runs and its body is dropped).
- A 405's `Allow` names HEAD wherever GET is allowed.
- Every response that read the evidence base carries `X-Build-Id`; an API response also has
  an `ETag` from the build id (so a rebuild changes it; a 304 answers `If-None-Match`, see
  api.deps) and `Cache-Control: no-cache`: clients revalidate, cheaply, on every use.
- Bodies of 1 kB and more are gzipped for clients that accept it.
- API responses of the evidence base are kept per build (api.cache).
- `valid_text` refuses path and query values holding NUL bytes or invalid UTF-8 with a 422
  on every backend (PostgreSQL cannot store NUL in text, SQLite would simply not find it).
"""

from __future__ import annotations

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from starlette.datastructures import MutableHeaders
from starlette.middleware.gzip import GZipMiddleware
from starlette.types import Message, Receive, Scope, Send

from commonground.api.cache import ResponseCache
from commonground.api.middleware import HttpMiddleware
from commonground.domain.errors import shorten

CACHE_CONTROL = "public, no-cache"
BAD_CHARACTERS = ("\x00", "\ufffd")  # NUL; U+FFFD is what invalid UTF-8 decodes to


class HttpSemantics(HttpMiddleware):
    """Pure ASGI middleware: HEAD as GET without a body, and the shared response headers."""

    async def http(self, scope: Scope, receive: Receive, send: Send) -> None:
        head = scope["method"] == "HEAD"
        inner = dict(scope, method="GET") if head else scope
        state = inner.setdefault("state", {})

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                build = state.get("build_id")
                if build is not None:
                    headers["X-Build-Id"] = str(build)
                etag = state.get("etag")
                if etag is not None and message["status"] == 200:
                    headers["ETag"] = str(etag)
                    headers["Cache-Control"] = CACHE_CONTROL
                    headers.add_vary_header("Accept")
                allow = headers.get("allow")
                if allow is not None:
                    methods = [m.strip() for m in allow.split(",")]
                    if "GET" in methods and "HEAD" not in methods:
                        headers["Allow"] = ", ".join([*methods, "HEAD"])
            elif head and message["type"] == "http.response.body":
                if message.get("more_body", False):
                    return
                message = {"type": "http.response.body", "body": b"", "more_body": False}
            await send(message)

        await self.app(inner, receive, send_with_headers)


async def valid_text(request: Request) -> None:
    """422 for path or query values with NUL bytes or invalid UTF-8 (an app dependency)."""
    bad = [("path", k, v) for k, v in request.path_params.items() if _bad(v)]
    bad += [("query", k, v) for k, v in request.query_params.multi_items() if _bad(k + v)]
    if bad:
        raise RequestValidationError(
            [
                {
                    "type": "string_type",
                    "loc": (where, name),
                    "msg": f"must be UTF-8 text without NUL bytes (got {shorten(repr(value), 40)})",
                    "input": shorten(value, 40),
                }
                for where, name, value in bad
            ]
        )


def _bad(value: object) -> bool:
    return isinstance(value, str) and any(c in value for c in BAD_CHARACTERS)


def install(app: FastAPI) -> None:
    """Add the middleware: gzip inside, then the shared semantics, the response cache
    outside (the last added runs first), so that a kept answer costs no other middleware."""
    app.add_middleware(GZipMiddleware, minimum_size=1000)
    app.add_middleware(HttpSemantics)
    app.add_middleware(
        ResponseCache, evidence=app.state.evidence, workspace_stamp=app.state.workspace_stamp
    )
