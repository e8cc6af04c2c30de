"""Signing in through the pages with a client of one's own (its own cookie jar), as a
browser does: fetch the form, send it back with its token."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from fastapi import FastAPI
from fastapi.testclient import TestClient

from commonground.web.session import COOKIE
from tests.workspace_fixtures import PASSWORD

TOKEN = re.compile(r'name="csrf_token" value="([^"]+)"')


def csrf(html: str) -> str:
    found = TOKEN.search(html)
    assert found, "the page has no form token"
    return found.group(1)


class Browser:
    """A client with its own cookies, and the current page's form token."""

    def __init__(self, app: FastAPI) -> None:
        self.client = TestClient(app, base_url="http://127.0.0.1")
        self.token = ""

    def get(self, path: str, **kw: Any) -> Any:
        response = self.client.get(path, **kw)
        if 'method="post"' in response.text:
            # A page with a form must carry the session's token in it, as the browser sends
            # back only what the page holds.
            self.token = csrf(response.text)
        return response

    def post(
        self, path: str, data: dict[str, Any] | None = None, token: str | None = None, **kw: Any
    ) -> Any:
        form = dict(data or {})
        if token is not None or self.token:
            form["csrf_token"] = self.token if token is None else token
        if token == "":
            form.pop("csrf_token")
        return self.client.post(path, data=form, follow_redirects=False, **kw)

    def sign_in(self, email: str, password: str = PASSWORD) -> Any:
        self.get("/signin")
        response = self.post("/signin", {"email": email, "password": password})
        assert response.status_code == 303, response.text
        self.get("/account")
        return response

    @property
    def session_id(self) -> str | None:
        return self.client.cookies.get(COOKIE)


def browsers(app: FastAPI, n: int) -> Iterator[Browser]:
    for _ in range(n):
        yield Browser(app)
