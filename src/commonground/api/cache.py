"""Whole API responses kept per build: the evidence base does not change between builds.

A `GET` under /api that read the evidence base (its response has the build's ETag) is kept
under (build id, path and query, JSON or CSV, gzip or not), and the same request is then
answered from memory while that build is served: no routing, no thread, no query. Which
build is served comes from `ServedDatabase.known_build()`, which only trusts what a request
read from the database in the last 0.2 s, so a new build is picked up as fast as without
the cache. Requests that carry a cookie or credentials are never answered from here (they
may see workspace data), nor kept. Each process keeps its own, bounded in bytes.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from dataclasses import dataclass

from starlette.datastructures import Headers
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from commonground.evidence.store.session import ServedDatabase

MAX_BYTES = 64 * 1024 * 1024  # per process
MAX_ENTRY = 1024 * 1024
PRIVATE = (b"cookie", b"authorization")


@dataclass(frozen=True)
class Kept:
    status: int
    headers: list[tuple[bytes, bytes]]
    body: bytes
    etag: str

    @property
    def size(self) -> int:
        return len(self.body) + sum(len(k) + len(v) for k, v in self.headers) + 200


class ResponseCache:
    """Pure ASGI middleware in front of every other of ours (outside gzip and the shared
    HTTP semantics, whose headers a replay gives itself)."""

    def __init__(self, app: ASGIApp, evidence: ServedDatabase, max_bytes: int = MAX_BYTES):
        self.app = app
        self.evidence = evidence
        self.max_bytes = max_bytes
        self._entries: OrderedDict[tuple[str, ...], Kept] = OrderedDict()
        self._bytes = 0
        self._lock = threading.Lock()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if (
            scope["type"] != "http"
            or scope["method"] != "GET"
            or not scope["path"].startswith("/api")
            or any(name in PRIVATE for name, _ in scope["headers"])
        ):
            await self.app(scope, receive, send)
            return
        headers = Headers(scope=scope)
        variant = _variant(scope, headers)
        build = self.evidence.known_build()
        if build is not None:
            kept = self._get((build, *variant))
            if kept is not None:
                await _replay(kept, headers, build, send)
                return
        await self._pass_and_keep(scope, receive, send, variant)

    async def _pass_and_keep(
        self, scope: Scope, receive: Receive, send: Send, variant: tuple[str, ...]
    ) -> None:
        state = scope.setdefault("state", {})
        start: Message | None = None
        chunks: list[bytes] = []
        size = 0

        async def keep(message: Message) -> None:
            nonlocal start, size
            if message["type"] == "http.response.start":
                start = message
            elif message["type"] == "http.response.body" and start is not None:
                size += len(message.get("body", b""))
                if size <= MAX_ENTRY:
                    chunks.append(message.get("body", b""))
                if not message.get("more_body", False):
                    self._maybe_keep(start, b"".join(chunks), size, state, variant)
            await send(message)

        await self.app(scope, receive, keep)

    def _maybe_keep(
        self,
        start: Message,
        body: bytes,
        size: int,
        state: dict[str, object],
        variant: tuple[str, ...],
    ) -> None:
        build, etag = state.get("build_id"), state.get("etag")
        if start["status"] != 200 or build is None or etag is None or size > MAX_ENTRY:
            return
        headers = [
            (k, v)
            for k, v in start.get("headers", [])
            if k.lower() not in (b"set-cookie", b"x-build-id", b"etag", b"cache-control", b"vary")
        ]
        self._put((str(build), *variant), Kept(200, headers, body, str(etag)))

    def _get(self, key: tuple[str, ...]) -> Kept | None:
        with self._lock:
            kept = self._entries.get(key)
            if kept is not None:
                self._entries.move_to_end(key)
            return kept

    def _put(self, key: tuple[str, ...], kept: Kept) -> None:
        with self._lock:
            old = self._entries.pop(key, None)
            if old is not None:
                self._bytes -= old.size
            self._entries[key] = kept
            self._bytes += kept.size
            while self._bytes > self.max_bytes and self._entries:
                _, dropped = self._entries.popitem(last=False)
                self._bytes -= dropped.size


def _variant(scope: Scope, headers: Headers) -> tuple[str, ...]:
    query = scope.get("query_string", b"").decode("latin-1")
    gzip = "gzip" in headers.get("accept-encoding", "")
    csv = "text/csv" in headers.get("accept", "")
    return (scope["path"], query, "gzip" if gzip else "", "csv" if csv else "")


async def _replay(kept: Kept, headers: Headers, build: str, send: Send) -> None:
    extra = [
        (b"x-build-id", build.encode()),
        (b"etag", kept.etag.encode()),
        (b"cache-control", b"public, no-cache"),
        (b"vary", b"Accept-Encoding, Accept"),  # what a kept answer is chosen by
    ]
    matches = kept.etag in {t.strip() for t in headers.get("if-none-match", "").split(",")}
    if matches:
        await send({"type": "http.response.start", "status": 304, "headers": extra})
        await send({"type": "http.response.body", "body": b""})
        return
    await send({"type": "http.response.start", "status": 200, "headers": kept.headers + extra})
    await send({"type": "http.response.body", "body": kept.body})
