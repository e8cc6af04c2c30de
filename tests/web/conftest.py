"""A real server and a real browser: uvicorn on a free localhost port over the `built`
database, and Debian's Chromium driven by Playwright.

The browser comes from COMMONGROUND_CHROMIUM or `chromium` on the PATH (`.ci/run` installs
Debian's package); without it the browser tests are skipped, except under CI, where they fail.
"""

from __future__ import annotations

import os
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import httpx
import pytest
import uvicorn

from commonground.app import create_app
from tests.conftest import Built

CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class LiveServer:
    """A uvicorn server running the whole app in a thread; `url` is its base address."""

    url: str
    server: uvicorn.Server
    thread: threading.Thread

    def api(self, path: str, **params: Any) -> Any:
        response = httpx.get(self.url + path, params=params, timeout=30)
        response.raise_for_status()
        return response.json()


@pytest.fixture(scope="session")
def live_server(built: Built) -> Iterator[LiveServer]:
    app = create_app(built.settings, pg_schema=built.schema)
    port = free_port()
    config = uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            pytest.fail("the test server did not start")
        time.sleep(0.05)
    yield LiveServer(f"http://127.0.0.1:{port}", server, thread)
    server.should_exit = True
    thread.join(timeout=10)
    app.state.evidence.dispose()


def chromium_path() -> str | None:
    return os.environ.get("COMMONGROUND_CHROMIUM") or shutil.which("chromium")


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    path = chromium_path()
    if path is None:
        if os.environ.get("CI"):
            pytest.fail("chromium is not installed: CI must run the browser tests")
        pytest.skip("chromium not found (install Debian's chromium or set COMMONGROUND_CHROMIUM)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=path, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@dataclass
class Console:
    """Console errors and uncaught page errors seen while a test ran."""

    errors: list[str] = field(default_factory=list)


@pytest.fixture
def page(browser: Any, live_server: LiveServer) -> Iterator[Any]:
    context = browser.new_context(base_url=live_server.url, accept_downloads=True)
    page = context.new_page()
    console = Console()
    page.on(
        "console",
        lambda msg: (
            console.errors.append(f"console {msg.type}: {msg.text}")
            if msg.type == "error"
            else None
        ),
    )
    page.on("pageerror", lambda exc: console.errors.append(f"page error: {exc}"))
    page.on(
        "response",
        lambda r: console.errors.append(f"HTTP {r.status}: {r.url}") if r.status >= 400 else None,
    )
    page.console = console
    yield page
    context.close()
