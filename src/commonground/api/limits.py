"""Request body size limit for the whole app (API and pages), with a clear error.

A body larger than `MAX_BODY` is refused with 413 before it is read: at once when
Content-Length says so, and as soon as a chunked body passes the limit. The document uploads
(`UPLOAD_PATHS`) take up to `MAX_UPLOAD`: a document of 20 MB and its form around it.
"""

from __future__ import annotations

import json
from typing import Any

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from commonground.api.middleware import HttpMiddleware

MAX_BODY = 1024 * 1024  # 1 MiB: a note is at most ~25 kB
MAX_UPLOAD = 20 * 1024 * 1024 + 64 * 1024  # a 20 MB document (document_text.MAX_BYTES) + form
UPLOAD_PATHS = frozenset({"/api/documents", "/documents/upload"})


class BodyTooLarge(Exception):
    pass


class BodyLimit(HttpMiddleware):
    def __init__(self, app: ASGIApp, limit: int = MAX_BODY) -> None:
        super().__init__(app)
        self.limit = limit

    async def http(self, scope: Scope, receive: Receive, send: Send) -> None:
        limit = MAX_UPLOAD if scope.get("path") in UPLOAD_PATHS else self.limit
        headers = dict(scope.get("headers") or [])
        declared = headers.get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > limit:
            await self._refuse(scope, send, limit)
            return
        seen = 0
        started = False

        async def limited_receive() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > limit:
                    raise BodyTooLarge
            return message

        async def tracking_send(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, limited_receive, tracking_send)
        except BodyTooLarge:
            if not started:
                await self._refuse(scope, send, limit)

    async def _refuse(self, scope: Scope, send: Send, limit: int) -> None:
        if limit >= MAX_UPLOAD:
            message = "the upload is larger than 20 MB, the most a document may have"
        else:
            message = f"the request body is larger than {limit // 1024} KiB"
        if str(scope.get("path", "")).startswith("/api"):
            body: bytes = json.dumps(
                {"ok": False, "status": 413, "error": message, "errors": []}
            ).encode()
            kind = b"application/json"
        else:
            page = f"<!doctype html><title>Too large</title><h1>Too large</h1><p>{message}.</p>"
            body = page.encode()
            kind = b"text/html; charset=utf-8"
        headers: list[Any] = [(b"content-type", kind), (b"content-length", str(len(body)).encode())]
        await send({"type": "http.response.start", "status": 413, "headers": headers})
        await send({"type": "http.response.body", "body": body})


SECURITY_HEADERS = [
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"same-origin"),
    (b"x-frame-options", b"DENY"),
]


class SecurityHeaders(HttpMiddleware):
    """nosniff, same-origin referrers and no framing on every response."""

    async def http(self, scope: Scope, receive: Receive, send: Send) -> None:

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                present = {k.lower() for k, _ in message.get("headers", [])}
                extra = [(k, v) for k, v in SECURITY_HEADERS if k not in present]
                message["headers"] = [*message.get("headers", []), *extra]
            await send(message)

        await self.app(scope, receive, with_headers)
