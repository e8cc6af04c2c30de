"""Jinja2 set-up: one environment, number formats, and what every page needs."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates
from jinja2 import pass_context
from jinja2.runtime import Context

from commonground import __version__
from commonground.domain.citation import Citation
from commonground.web.assets import vendor_available
from commonground.web.links import api_links, with_query

TEMPLATES = Jinja2Templates(directory=Path(__file__).parent / "templates")
PAGE_PATHS = {
    "country": "/countries/{id}",
    "instrument": "/instruments/{id}",
    "gcm_objective": "/gcm/objectives/{id}",
    "forum": "/forums/{id}",
    "meeting": "/meetings/{id}",
    "actor": "/actors/{id}",
}
MISSING = "\u2013"  # an en dash marks a figure that is not held
NAV = (
    ("/", "Home"),
    ("/countries", "Countries"),
    ("/instruments", "Instruments"),
    ("/forums", "Forums"),
    ("/gcm", "GCM objectives"),
    ("/corridors", "Corridors"),
    ("/states", "Any list of states"),
    ("/practices", "Practices"),
    ("/pledges", "Pledges"),
    ("/recommendations", "Recommendations"),
    ("/documents", "Documents"),
    ("/sources", "Sources"),
    ("/account", "Account"),
)


def number(value: float | int | None, digits: int = 0) -> str:
    if value is None:
        return MISSING
    return f"{value:,.{digits}f}"


def millions(value: float | int | None, digits: int = 1) -> str:
    """Persons as "281.0 million"; small numbers stay whole."""
    if value is None:
        return MISSING
    if abs(value) >= 1_000_000:
        return f"{value / 1_000_000:,.{digits}f} million"
    return f"{value:,.0f}"


def usd_millions(value: float | int | None) -> str:
    """Amounts held in US$ millions, written the way a briefing would."""
    if value is None:
        return MISSING
    if abs(value) >= 1000:
        return f"US$ {value / 1000:,.1f} billion"
    return f"US$ {value:,.1f} million"


def percent(value: float | None, digits: int = 1) -> str:
    return MISSING if value is None else f"{value * 100:.{digits}f}%"


def figure(f: Any) -> str:
    """A report's figure as printed: a share as a percentage, a count whole, other amounts
    to one decimal, followed by the unit."""
    value, unit = f.value, f.unit
    if value is None:
        return MISSING
    if unit == "share":
        return percent(value)
    if isinstance(value, float) and not value.is_integer():
        return f"{number(value, 1)} {unit}".strip()
    return f"{number(value)} {unit}".strip()


@pass_context
def api_url(context: Context, name: str, /, **params: Any) -> str:
    """In a template: the API route `name` with the page's filters (see web.links)."""
    return api_links(context["request"])(name, **params)


def page_path(kind: str, ident: str) -> str:
    return PAGE_PATHS.get(kind, "/search?q={id}").format(id=ident)


env = TEMPLATES.env


def citations(sources: Iterable[Citation]) -> list[Citation]:
    """One citation per dataset edition: the 18 status files of one scrape read as one source.

    A single file keeps its own title; several files of one dataset and edition become one
    entry naming how many files were used, linked to the first (the sources page lists all).
    """
    groups: dict[tuple[str, str, str], list[Citation]] = {}
    for source in sources:
        groups.setdefault((source.dataset, source.publisher, source.edition), []).append(source)
    out = []
    for members in groups.values():
        first = members[0]
        if len(members) == 1:
            out.append(first)
        else:
            title = f"{len(members)} files of the dataset {first.dataset}"
            out.append(first.model_copy(update={"title": title}))
    return out


env.filters.update(
    number=number,
    millions=millions,
    usd=usd_millions,
    percent=percent,
    citations=citations,
    figure=figure,
)
env.globals.update(
    api_url=api_url,
    with_query=with_query,
    page_path=page_path,
    nav=NAV,
    version=__version__,
    page_paths=PAGE_PATHS,
)


def render(
    request: Request,
    name: str,
    status_code: int = 200,
    headers: Mapping[str, str] | None = None,
    **context: Any,
) -> HTMLResponse:
    context.setdefault("charts", vendor_available())
    return TEMPLATES.TemplateResponse(
        request, name, context, status_code=status_code, headers=headers
    )
