"""Shared route dependencies: a connection to the served evidence base per request.

Why this shape: FastAPI runs sync routes in a pool of worker threads. A request first waits
at an admission gate that admits at most as many requests as the engine keeps connections,
so taking a connection never waits for another request to give one back; the connection is
taken in a worker thread (on PostgreSQL it waits there for a schema swap in progress) and
given back on the event loop, which never waits on a thread to do it. A request that cannot
get in within `Settings.queue_wait` seconds gets a 503 with `Retry-After` instead of hanging.

The connection reads one build from start to end (see evidence.store.session); its id is
put on `request.state.build_id`, which answers `If-None-Match` with a 304 before any work is
done and goes out as the `X-Build-Id` and `ETag` headers (api.http).
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from datetime import date
from typing import Annotated

import anyio
from fastapi import Depends, Request
from sqlalchemy import Connection
from starlette.concurrency import run_in_threadpool

from commonground.analysis.clock import today_of
from commonground.evidence.store.session import ServedDatabase

THREADS_PER_CONNECTION = 3  # route, taking the connection, and sync dependencies beside it


class Busy(Exception):
    """Every connection is in use and stayed so for the queue wait: answer 503."""

    retry_after = 1


class NotModified(Exception):
    """The client holds the representation of this build already: answer 304."""

    def __init__(self, etag: str) -> None:
        self.etag = etag
        super().__init__(etag)


class Gate:
    """At most `slots` requests hold a connection at once (per process and event loop)."""

    def __init__(self, slots: int, wait: float) -> None:
        self.slots = slots
        self.wait = wait
        self._semaphores: dict[int, anyio.Semaphore] = {}

    def semaphore(self) -> anyio.Semaphore:
        loop = id(asyncio.get_running_loop())
        found = self._semaphores.get(loop)
        if found is None:
            found = self._semaphores[loop] = anyio.Semaphore(self.slots)
            limiter = anyio.to_thread.current_default_thread_limiter()
            limiter.total_tokens = max(limiter.total_tokens, THREADS_PER_CONNECTION * self.slots)
        return found


def etag_for(request: Request, build: str) -> str:
    """One ETag per build and representation (JSON or CSV) of a URL."""
    kind = "csv" if _asks_csv(request) else "json"
    return f'W/"{build}-{kind}"'


def _asks_csv(request: Request) -> bool:
    fmt = request.query_params.get("format")
    if fmt is not None:
        return fmt == "csv"
    return "text/csv" in request.headers.get("accept", "")


async def _connection(request: Request) -> AsyncIterator[Connection]:
    evidence: ServedDatabase = request.app.state.evidence
    gate: Gate = request.app.state.gate
    semaphore = gate.semaphore()
    with anyio.move_on_after(gate.wait) as waited:
        await semaphore.acquire()
    if waited.cancelled_caught:
        raise Busy()
    try:
        conn, build = await run_in_threadpool(evidence.connect)
        try:
            request.state.build_id = build
            if request.url.path.startswith("/api") and not _private(request):
                etag = etag_for(request, build)
                request.state.etag = etag
                if etag in _listed(request.headers.get("if-none-match", "")):
                    raise NotModified(etag)
            yield conn
        finally:
            conn.close()
    finally:
        semaphore.release()


def _private(request: Request) -> bool:
    """A request with credentials may see workspace data: no ETag from the build alone."""
    return "cookie" in request.headers or "authorization" in request.headers


def _listed(header: str) -> set[str]:
    tags = {t.strip() for t in header.split(",") if t.strip()}
    return tags | {f"W/{t}" for t in tags if not t.startswith("W/")}


ConnDep = Annotated[Connection, Depends(_connection)]


def _today(request: Request) -> date:
    """Today by the app's clock (`app.state.clock`, see analysis.clock)."""
    return today_of(request.app.state)


Today = Annotated[date, Depends(_today)]
