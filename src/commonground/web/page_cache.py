"""Rendered pages kept per build: the home page and the country profiles.

A profile's data are a hundred queries and the home page's map and headline figures read
every corridor of an edition; both change only with a rebuild, so their HTML is kept under
(build id, path and query) in a bounded `Memo` (analysis.memo: keyed by the build id of the
request's connection, safe with threads). A second request of `/` or `/countries/MAR` reads
nothing from the evidence base but its build id (which a rebuild changes).

What the workspace adds to a page (the country's published practices) changes with writes:
such a page is kept also under the workspace's stamp (the practices' highest generation
and counts, `workspace.practice_facets.stamp`, one index lookup), so a practice published
or withdrawn shows on the next request (workspace.stamp_watch says how soon when another
process wrote it).

Such a page is also marked for the response cache (api.cache, `PageMark`), with its ETag,
so that the next anonymous request of it is answered before routing, without a thread but
for the stamp's lookup: the pages are the same for every reader.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable

from fastapi import Request
from fastapi.responses import HTMLResponse, Response
from sqlalchemy import Connection

from commonground.analysis.memo import Memo
from commonground.api.cache import KEPT_PAGE, PageMark
from commonground.evidence.store.session import build_id
from commonground.workspace.practice_facets import Stamp

PAGES = Memo(max_entries=512)


def kept_page(
    request: Request,
    conn: Connection,
    render: Callable[[], Response],
    *,
    workspace: bool = False,
) -> Response:
    """The page `render()` gives for this request's path and query, rendered once per build
    (and per workspace stamp with `workspace`). Only a 200 HTML page is kept: a redirect
    (which names the request's host) or an error is answered afresh each time."""
    key: tuple[Hashable, ...] = ("page", request.url.path, request.url.query)
    now: Stamp | None = request.app.state.workspace_stamp.read() if workspace else None
    if now is not None:
        key = (*key, now)
    kept = PAGES.get(conn, key)
    response = HTMLResponse(kept) if kept is not None else render()
    if not (isinstance(response, HTMLResponse) and response.status_code == 200):
        return response
    build = build_id(conn)
    if kept is None:
        PAGES.store((build, key), bytes(response.body))
    setattr(request.state, KEPT_PAGE, PageMark(now))
    request.state.etag = f'W/"{build}-{_digest(now)}-html"'
    return response


def _digest(stamp: Stamp | None) -> str:
    return "" if stamp is None else "-".join(map(str, stamp))
