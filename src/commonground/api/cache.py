"""Whole responses kept per build: the evidence base does not change between builds.

A `GET` under /api that read the evidence base (its response has the build's ETag) is kept
under (build id, path and query, JSON or CSV, gzip or not), and the same request is then
answered from memory while that build is served: no routing, no thread, no query. Which
build is served comes from `ServedDatabase.known_build()` (see there how soon it sees a new
build). Requests that carry a cookie or credentials are never answered from here (they may
see workspace data), nor kept. Each process keeps its own, bounded in bytes.

A page (the home page, a country profile) is kept the same way when its route marks it as
the same for every reader (`KEPT_PAGE` in the request's state, see web.page_cache). A page
that shows workspace data (a profile lists the country's practices) is marked with the
workspace's stamp when it was rendered, and is answered from here only while a fresh read
of the stamp still gives that value (workspace.stamp_watch: held between this process's
commits, read again in a worker thread when it ages): a practice published shows on the
next request.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Hashable
from dataclasses import dataclass

import anyio.to_thread
from starlette.datastructures import Headers
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from commonground.evidence.store.session import ServedDatabase
from commonground.workspace.stamp_watch import StampWatch

MAX_BYTES = 64 * 1024 * 1024  # per process
MAX_ENTRY = 1024 * 1024
PRIVATE = (b"cookie", b"authorization")
KEPT_PAGE = "kept_page"
"""The state name under which a page route says its response may be kept: a `PageMark`."""


@dataclass(frozen=True)
class PageMark:
    """A page the same for every reader; `stamp` is the workspace stamp it was rendered at,
    None when it shows nothing of the workspace."""

    stamp: Hashable | None = None


@dataclass(frozen=True)
class Kept:
    status: int
    headers: list[tuple[bytes, bytes]]
    body: bytes
    etag: str
    stamp: Hashable | None = None  # a page valid only while the workspace has this stamp

    @property
    def size(self) -> int:
        return len(self.body) + sum(len(k) + len(v) for k, v in self.headers) + 200


class ResponseCache:
    """Pure ASGI middleware in front of every other of ours (outside gzip and the shared
    HTTP semantics, whose headers a replay gives itself)."""

    def __init__(
        self,
        app: ASGIApp,
        evidence: ServedDatabase,
        workspace_stamp: StampWatch,
        max_bytes: int = MAX_BYTES,
    ):
        self.app = app
        self.evidence = evidence
        self.workspace_stamp = workspace_stamp
        self.max_bytes = max_bytes
        self._entries: OrderedDict[tuple[str, ...], Kept] = OrderedDict()
        self._bytes = 0
        self._lock = threading.Lock()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if (
            scope["type"] != "http"
            or scope["method"] != "GET"
            or any(name in PRIVATE for name, _ in scope["headers"])
        ):
            await self.app(scope, receive, send)
            return
        headers = Headers(scope=scope)
        variant = _variant(scope, headers)
        build = self.evidence.known_build()
        if build is not None:
            kept = self._get((build, *variant))
            if kept is not None and await self._current(kept):
                await _replay(kept, headers, build, send)
                return
        await self._pass_and_keep(scope, receive, send, variant)

    async def _current(self, kept: Kept) -> bool:
        """Whether a kept page that shows workspace data still shows what the workspace has."""
        if kept.stamp is None:
            return True
        now = self.workspace_stamp.known()
        if now is None:
            now = await anyio.to_thread.run_sync(self.workspace_stamp.read)
        return bool(kept.stamp == now)

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
        build, etag, page = state.get("build_id"), state.get("etag"), state.get(KEPT_PAGE)
        if start["status"] != 200 or build is None or etag is None or size > MAX_ENTRY:
            return
        if not variant[0].startswith("/api") and not isinstance(page, PageMark):
            return  # a page is kept only when its route says it is the same for everyone
        headers = [
            (k, v)
            for k, v in start.get("headers", [])
            if k.lower() not in (b"set-cookie", b"x-build-id", b"etag", b"cache-control", b"vary")
        ]
        stamp = page.stamp if isinstance(page, PageMark) else None
        self._put((str(build), *variant), Kept(200, headers, body, str(etag), stamp))

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
