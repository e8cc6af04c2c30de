"""Links from the pages to the API, by route name: no page spells out an API path.

`api_links(request)` gives a callable that turns a route name and the page's filters into
the matching API address: `links("api-stock", edition="2024", destination="MAR")` is
`/api/stock?edition=2024&destination=MAR`. Parameters that are part of the route's path fill
it; the others (those that are not None or empty) go in the query string. Only routes that
are not pages are linked, so a page and an API route may share a name.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from fastapi import Request
from fastapi.routing import RouteContext, iter_route_contexts
from starlette.applications import Starlette

from commonground.web.routing import PageRoute


def with_query(url: str, /, **params: Any) -> str:
    """`url` with `params` added to its query string; None and empty values are left out."""
    kept = {k: v for k, v in params.items() if v is not None and v != ""}
    if not kept:
        return url
    return url + ("&" if "?" in url else "?") + urlencode(kept)


class ApiLinks:
    """Builds addresses of one application's API routes from their names."""

    def __init__(self, app: Starlette) -> None:
        self.routes: dict[str, RouteContext] = {}
        self.ambiguous: set[str] = set()
        for context in iter_route_contexts(app.routes):
            name = context.name
            if name is None or isinstance(context.original_route, PageRoute):
                continue
            if name in self.routes:
                self.ambiguous.add(name)
            self.routes[name] = context

    def __call__(self, name: str, /, **params: Any) -> str:
        if name in self.ambiguous:
            raise LookupError(f"several API routes are named {name!r}: give each its own name")
        try:
            route = self.routes[name]
        except KeyError:
            raise LookupError(f"no API route is named {name!r}") from None
        in_path = set(route.param_convertors)
        path = route.url_path_for(name, **{k: params[k] for k in in_path})
        query = {k: v for k, v in params.items() if k not in in_path and v is not None and v != ""}
        return str(path) + ("?" + urlencode(query, doseq=True) if query else "")  # lists repeat


def api_links(request: Request) -> ApiLinks:
    """The link builder of the application serving `request`, made once per application."""
    state = request.app.state
    links: ApiLinks | None = getattr(state, "api_links", None)
    if links is None:
        links = ApiLinks(request.app)
        state.api_links = links
    return links
