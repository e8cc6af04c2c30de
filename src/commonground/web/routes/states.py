"""Any list of states: type or paste names or codes (or named sets) and see who is in the room
and what the coalition covers. The list lives in the address, so a view can be shared."""

from __future__ import annotations

from typing import Any

from fastapi import Query, Request
from fastapi.responses import HTMLResponse

from commonground.analysis.coalition import coalition
from commonground.analysis.representation import representation
from commonground.analysis.statesets import named_sets, parse_items, resolve_states
from commonground.api.deps import ConnDep
from commonground.domain.errors import InvalidQuery, NotFound
from commonground.web.links import api_links
from commonground.web.routing import page_router
from commonground.web.templating import render

router = page_router()
MISSING_SHOWN = 10
ADDITIONS = 5


@router.get("/states", response_class=HTMLResponse)
def states(
    request: Request,
    conn: ConnDep,
    states: str | None = Query(None, description="Names, codes or named sets, one a line"),
    as_of: str | None = Query(None, description="Named sets as of this year (empty: any)"),
) -> HTMLResponse:
    year = _year(as_of)
    context: dict[str, Any] = {
        "text": states or "",
        "as_of": year,
        "sets": named_sets(conn),
        "room": None,
        "coalition": None,
        "problem": None,
    }
    items = parse_items(states)
    if items:
        try:
            members = resolve_states(conn, items, as_of=year)
            context["members"] = members
            context["read"] = items
            context["room"] = representation(conn, items, as_of=year, top=MISSING_SHOWN)
            context["coalition"] = coalition(conn, items, as_of=year, additions=ADDITIONS)
        except (NotFound, InvalidQuery) as exc:
            context["problem"] = {
                "message": str(exc),
                "suggestions": getattr(exc, "suggestions", []),
            }
        joined = ";".join(items)
        context["api_room"] = api_links(request)(
            "analysis-representation", states=joined, as_of=year, top=MISSING_SHOWN
        )
        context["api_coalition"] = api_links(request)(
            "analysis-coalition", states=joined, as_of=year, additions=ADDITIONS
        )
    status = 422 if context["problem"] else 200
    return render(request, "states.html", status_code=status, **context)


def _year(text: str | None) -> int | None:
    """The form sends an empty year when none is typed; a year must be one."""
    if text is None or not text.strip():
        return None
    if not text.strip().isdigit() or not 1900 <= int(text) <= 2100:
        raise InvalidQuery(f"not a year: {text!r}", field="as_of")
    return int(text)
