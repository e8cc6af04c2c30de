"""The route class of the pages: what tells a page from the API's routes.

Every module of pages makes its router with `page_router()`. The error handlers answer a
`PageRoute` with an HTML page (web.errors) and the links to the API skip pages (web.links).
"""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.routing import APIRoute


class PageRoute(APIRoute):
    """A route that answers with an HTML page: its errors are HTML pages too."""


def page_router() -> APIRouter:
    """The router every module of pages uses: left out of the OpenAPI, errors as pages."""
    return APIRouter(include_in_schema=False, route_class=PageRoute)
