"""A small load generator and a real server process for the serving tests.

`serve()` starts `commonground serve` in its own process on a socket bound to port 0 on the
loopback interface; `drive()` keeps `clients` keep-alive connections busy for `seconds` and
counts every answer by status, with each response's `X-Build-Id` and body kept for checks.
Nothing here measures speed: the tests count errors.
"""

from __future__ import annotations

import asyncio
import os
import socket
import subprocess
import sys
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field

import httpx

from tests.conftest import Built

Check = Callable[[int, dict[str, str], bytes], str | None]


@dataclass
class Tally:
    """What the clients got: statuses, transport errors, and complaints of `check`."""

    statuses: Counter[int] = field(default_factory=Counter)
    failures: Counter[str] = field(default_factory=Counter)
    builds: Counter[str] = field(default_factory=Counter)

    @property
    def answered(self) -> int:
        return sum(self.statuses.values())

    def errors(self) -> dict[str, int]:
        """Everything that is neither a 2xx/304 nor a 503 with Retry-After."""
        bad = {f"HTTP {s}": n for s, n in self.statuses.items() if s >= 400 and s != 503}
        return {**bad, **self.failures}


@dataclass
class Server:
    url: str
    host: str
    port: int
    process: subprocess.Popen[bytes]


@contextmanager
def serve(built: Built, *extra: str, env: dict[str, str] | None = None) -> Iterator[Server]:
    """`commonground serve` on a free loopback port, in its own process."""
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    sock.close()
    environ = {
        **os.environ,
        "COMMONGROUND_DATABASE_URL": built.settings.database_url,
        "COMMONGROUND_PG_SCHEMA": built.schema,
        "COMMONGROUND_DATA": str(built.settings.data_dir),
        # the test run's own workspace, never the default one another server may hold
        "COMMONGROUND_WORKSPACE_SCHEMA": built.settings.workspace_schema,
        **(env or {}),
    }
    command = [sys.executable, "-m", "commonground.cli", "serve", "--port", str(port), *extra]
    process = subprocess.Popen(command, env=environ, stdout=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            if process.poll() is not None:
                raise RuntimeError(f"the server exited with {process.returncode}")
            try:
                if httpx.get(url + "/api", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError("the server did not start within 60 s")
            time.sleep(0.2)
        yield Server(url, "127.0.0.1", port, process)
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def drive(
    server: Server,
    paths: Sequence[str],
    *,
    clients: int,
    seconds: float,
    check: Check | None = None,
    timeout: float = 30.0,
    until: threading.Event | None = None,
    bust: bool = False,
) -> Tally:
    """Keep `clients` connections asking `paths` in turn for `seconds` (or until `until` is
    set); tally the answers. `bust` makes every URL new (an ignored `_n` parameter), so that
    no answer comes from the response cache."""
    tally = Tally()
    stop = until or threading.Event()
    if bust:
        paths = [p + ("&" if "?" in p else "?") + "_n={n}" for p in paths]
    deadline = time.monotonic() + seconds
    # In a thread of its own: the caller's thread may already run an event loop (playwright).
    runner = threading.Thread(
        target=asyncio.run,
        args=(_drive(server, paths, clients, deadline, stop, check, timeout, tally),),
    )
    runner.start()
    runner.join()
    return tally


async def _drive(
    server: Server,
    paths: Sequence[str],
    clients: int,
    deadline: float,
    stop: threading.Event,
    check: Check | None,
    timeout: float,
    tally: Tally,
) -> None:
    await asyncio.gather(
        *(_client(server, paths, i, deadline, stop, check, timeout, tally) for i in range(clients))
    )


async def _client(
    server: Server,
    paths: Sequence[str],
    offset: int,
    deadline: float,
    stop: threading.Event,
    check: Check | None,
    timeout: float,
    tally: Tally,
) -> None:
    streams: tuple[asyncio.StreamReader, asyncio.StreamWriter] | None = None
    index = offset
    while time.monotonic() < deadline and not stop.is_set():
        path = paths[index % len(paths)].replace("{n}", str(index))
        index += 1
        try:
            if streams is None:
                streams = await asyncio.wait_for(
                    asyncio.open_connection(server.host, server.port), timeout
                )
            status, headers, body = await asyncio.wait_for(
                _request(*streams, path, server.port), timeout
            )
        except (OSError, TimeoutError, asyncio.IncompleteReadError, ValueError) as exc:
            tally.failures[type(exc).__name__] += 1
            if streams is not None:
                streams[1].close()
            streams = None
            await asyncio.sleep(0.05)
            continue
        tally.statuses[status] += 1
        if "x-build-id" in headers:
            tally.builds[headers["x-build-id"]] += 1
        if status == 503:
            if "retry-after" not in headers:
                tally.failures["503 without Retry-After"] += 1
            await asyncio.sleep(0.05)
        if check is not None and status == 200:
            complaint = check(status, headers, body)
            if complaint:
                tally.failures[complaint] += 1
        if headers.get("connection", "").lower() == "close":
            streams[1].close()
            streams = None
    if streams is not None:
        streams[1].close()


def fetch(server: Server, path: str, timeout: float = 60.0) -> tuple[int, dict[str, str], bytes]:
    """One GET of any length (httpx refuses URLs over 64 kB; HTTP servers need not)."""

    async def one() -> tuple[int, dict[str, str], bytes]:
        reader, writer = await asyncio.open_connection(server.host, server.port)
        try:
            return await asyncio.wait_for(_request(reader, writer, path, server.port), timeout)
        finally:
            writer.close()

    answer: list[tuple[int, dict[str, str], bytes]] = []
    runner = threading.Thread(target=lambda: answer.append(asyncio.run(one())))
    runner.start()
    runner.join()
    return answer[0]


async def _request(
    reader: asyncio.StreamReader, writer: asyncio.StreamWriter, path: str, port: int
) -> tuple[int, dict[str, str], bytes]:
    writer.write(f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n\r\n".encode())
    await writer.drain()
    status_line = await reader.readline()
    if not status_line:
        raise ConnectionResetError("the server closed the connection")
    status = int(status_line.split()[1])
    headers: dict[str, str] = {}
    while True:
        line = await reader.readline()
        if line in (b"\r\n", b"\n", b""):
            break
        name, _, value = line.decode("latin-1").partition(":")
        headers[name.strip().lower()] = value.strip()
    if headers.get("transfer-encoding", "").lower() == "chunked":
        body = b""
        while True:
            size = int((await reader.readline()).strip(), 16)
            if size == 0:
                await reader.readline()
                break
            body += (await reader.readexactly(size + 2))[:-2]
        return status, headers, body
    length = int(headers.get("content-length", "0"))
    return status, headers, await reader.readexactly(length)
