"""World map layers: one value per country from one analysis function, keyed for the map.

A layer names its source, the API query that gives the same figures (for CSV), and whether
its values are amounts (a colour ramp) or categories (a status, a vote).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field
from datetime import date

from sqlalchemy import Connection

from commonground.analysis.areas import COUNTRY_KINDS, list_areas
from commonground.analysis.catalogue import sources_by_id
from commonground.analysis.governance.forums import forum_record, forums_with_members
from commonground.analysis.governance.records import Forum, Role
from commonground.analysis.instruments import list_instruments, parties
from commonground.analysis.memo import memo
from commonground.analysis.population import immigrant_share
from commonground.analysis.remittances import remittances
from commonground.analysis.stock import stock
from commonground.analysis.votes import roll_call_votes
from commonground.domain.citation import Citation
from commonground.domain.errors import NotFound
from commonground.domain.treaties import InstrumentSummary
from commonground.web.links import ApiLinks

GCM_RESOLUTION = "A/RES/73/195"
STATUS_COLOURS = {"party": "#1b7837", "signatory": "#e0a526", "none": "#bdbdbd"}
ROLE_COLOURS = {
    "founding member": "#0b5d1e",
    "member": "#1b7837",
    "associate member": "#7fbf7b",
    "suspended member": "#9970ab",
    "observer": "#e0a526",
    "other role": "#8c8c8c",
}
DEFAULT_FORUM = "prague-process"
VOTE_COLOURS = {"yes": "#1b7837", "no": "#b2182b", "abstain": "#e0a526", "non-voting": "#8c8c8c"}


MapValue = float | str
"""A country's value on a layer: an amount (stock, share, US$) or a category (status, vote)."""
ShownParams = dict[str, str | int | None]
"""The parameters a layer was drawn with, as the page's chooser reads them back."""


@dataclass(frozen=True)
class LayerQuery:
    """What a layer may be asked for; each layer reads the fields it has a use for."""

    edition: str | None = None
    year: int | None = None
    instrument: str | None = None
    as_of: int | None = None
    forum: str | None = None
    on: date | None = None


@dataclass(frozen=True)
class MapRow:
    """One country on the map: its world-atlas id (zero-padded M49), value and label."""

    code: str
    name: str
    m49: str | None
    value: MapValue
    label: str


@dataclass(frozen=True)
class Layer:
    """What the map and the table beside it show."""

    id: str
    title: str
    unit: str
    rows: list[MapRow]
    sources: list[Citation]
    csv: str
    scale: str = "quantitative"
    categories: dict[str, str] = field(default_factory=dict)
    note: str | None = None
    params: ShownParams = field(default_factory=dict)

    def as_json(self) -> dict[str, object]:
        return {
            "id": self.id,
            "title": self.title,
            "unit": self.unit,
            "scale": self.scale,
            "categories": self.categories,
            "rows": [asdict(r) for r in self.rows],
            "sources": [s.model_dump() for s in self.sources],
            "csv": self.csv,
            "note": self.note,
            "params": self.params,
        }


def _keyed(conn: Connection, values: Iterable[tuple[str, MapValue, str]]) -> list[MapRow]:
    """Attach names and zero-padded M49 codes (world-atlas ids) to (code, value, label)."""
    info = {a.code: a for a in list_areas(conn, COUNTRY_KINDS)}
    rows = []
    for code, value, label in values:
        area = info.get(code)
        if area is None:
            continue
        m49 = None if area.m49 is None else f"{area.m49:03d}"
        rows.append(MapRow(code, area.name, m49, value, label))
    return rows


def _persons(value: float) -> str:
    return f"{value:,.0f}"


def _stock_layer(
    conn: Connection, params: LayerQuery, links: ApiLinks, side: str, title: str
) -> Layer:
    """Migrant stock summed by one side: destination (immigrants) or origin (emigrants)."""
    result = stock(conn, edition=params.edition, year=params.year, group_by=side)
    year, edition = result.summary.year, result.summary.edition
    values = [(r[side], r["stock"], _persons(r["stock"])) for r in result.rows]
    return Layer(
        "immigrants" if side == "destination" else "emigrants",
        f"{title}, {year}",
        "persons",
        _keyed(conn, values),
        result.sources,
        links("api-stock", edition=edition, year=year, group_by=side, format="csv"),
        params={"edition": edition, "year": year},
    )


def immigrants(conn: Connection, params: LayerQuery, links: ApiLinks) -> Layer:
    return _stock_layer(
        conn, params, links, "destination", "Immigrants (international migrant stock)"
    )


def emigrants(conn: Connection, params: LayerQuery, links: ApiLinks) -> Layer:
    return _stock_layer(
        conn, params, links, "origin", "Emigrants (living abroad, by country of origin)"
    )


def immigrant_share_layer(conn: Connection, params: LayerQuery, links: ApiLinks) -> Layer:
    result = immigrant_share(conn, edition=params.edition, year=params.year)
    year, edition = result.summary.year, result.summary.edition
    values = [
        (r["area"], r["immigrant_share"], f"{r['immigrant_share'] * 100:.1f}%")
        for r in result.rows
        if r["immigrant_share"] is not None
    ]
    return Layer(
        "immigrant-share",
        f"Immigrants as a share of the population, {year}",
        "share of population",
        _keyed(conn, values),
        result.sources,
        links("api-population", edition=edition, year=year, format="csv"),
        note=result.summary.note,
        params={"edition": edition, "year": year},
    )


def remittances_received(conn: Connection, params: LayerQuery, links: ApiLinks) -> Layer:
    result = remittances(conn, edition=params.edition or "inflows", year=params.year, flow="inflow")
    year, edition = result.summary.year, result.summary.edition
    values = [
        (r["receiver"], r["usd_millions"], f"US$ {r['usd_millions']:,.0f} million")
        for r in result.rows
    ]
    return Layer(
        "remittances",
        f"Remittances received, {year} (US$ millions)",
        "US$ millions",
        _keyed(conn, values),
        result.sources,
        links("api-remittances", edition=edition, year=year, flow="inflow", format="csv"),
        params={"edition": edition, "year": year},
    )


def instrument_status(conn: Connection, params: LayerQuery, links: ApiLinks) -> Layer:
    instrument = params.instrument or "icmw"
    as_of, on = params.as_of, params.on
    result = parties(conn, instrument, as_of, on)
    name = result.instrument.short_name
    values = [
        (s.country, s.status, s.status + (f" ({s.year})" if s.year else "")) for s in result.states
    ]
    held_to = result.instrument.status_as_of or "curated state actions"
    when = f" on {on}" if on else (f" as of {as_of}" if as_of else f" ({held_to})")
    return Layer(
        "instrument",
        f"Status of the {name}{when}",
        "status",
        _keyed(conn, values),
        list(result.sources),
        links(
            "instrument_parties",
            instrument_id=result.instrument.id,
            as_of=as_of,
            on=on,
            format="csv",
        ),
        scale="nominal",
        categories=STATUS_COLOURS,
        note="; ".join(result.warnings) or None,
        params={"instrument": result.instrument.id, "as_of": as_of},
    )


def gcm_vote(conn: Connection, params: LayerQuery, links: ApiLinks) -> Layer:
    result = roll_call_votes(conn, GCM_RESOLUTION)
    values = [(v.country, v.vote, v.vote) for v in result.votes]
    return Layer(
        "gcm-vote",
        f"General Assembly vote on the GCM ({GCM_RESOLUTION}, {result.date:%d %B %Y})",
        "vote",
        _keyed(conn, values),
        sources_by_id(conn, result.sources),
        links("roll_call", resolution=GCM_RESOLUTION, format="csv"),
        scale="nominal",
        categories=VOTE_COLOURS,
        note=result.method,
    )


@dataclass(frozen=True)
class _Role:
    """A state's role on a forum as the map shows it: its colour category and its label."""

    category: str
    label: str


def _strongest(roles: list[Role]) -> dict[str, _Role]:
    """Each state's most telling role on a forum: membership first, then observer, then any."""
    rank = list(ROLE_COLOURS)
    best: dict[str, _Role] = {}
    for r in roles:
        if r.actor_type != "state":
            continue
        name = r.role.replace("_", " ")
        role = _Role(name if name in ROLE_COLOURS else "other role", f"{name} ({r.when})")
        held = best.get(r.actor)
        if held is None or rank.index(role.category) < rank.index(held.category):
            best[r.actor] = role
    return best


def membership(conn: Connection, params: LayerQuery, links: ApiLinks) -> Layer:
    """States with a role on one forum as of a year (governance.forum_record), by role."""
    forum_id = params.forum or DEFAULT_FORUM
    year = params.as_of
    record = forum_record(conn, forum_id, year)
    forum = record.forum
    values = [(code, r.category, r.label) for code, r in _strongest(record.roles).items()]
    when = f"as of {year}" if year is not None else "in any year held"
    return Layer(
        "membership",
        f"Members and other roles of the {forum.short_name or forum.name}, {when}",
        "role",
        _keyed(conn, values),
        record.sources,
        links("forum_members", forum_id=forum.id, as_of=year, format="csv"),
        scale="nominal",
        categories=ROLE_COLOURS,
        note="; ".join(record.notes) or None,
        params={"forum": forum.id, "as_of": year},
    )


LAYERS: dict[str, tuple[str, Callable[[Connection, LayerQuery, ApiLinks], Layer]]] = {
    "immigrants": ("Immigrants (migrant stock)", immigrants),
    "immigrant-share": ("Immigrants as share of population", immigrant_share_layer),
    "emigrants": ("Emigrants", emigrants),
    "remittances": ("Remittances received", remittances_received),
    "instrument": ("Ratification of an instrument", instrument_status),
    "gcm-vote": ("GCM vote (2018)", gcm_vote),
    "membership": ("Membership of a process", membership),
}


def layer(conn: Connection, layer_id: str, params: LayerQuery, links: ApiLinks) -> Layer:
    """One layer, memoised per build: the stock layers sum every corridor of an edition."""
    if layer_id not in LAYERS:
        raise NotFound(
            f"no map layer {layer_id!r}; layers: {', '.join(LAYERS)}", suggestions=list(LAYERS)
        )
    key = ("web-map-layer", layer_id, params)
    return memo(conn, key, lambda: LAYERS[layer_id][1](conn, params, links))


def instrument_choices(conn: Connection) -> list[InstrumentSummary]:
    return list_instruments(conn)


def forum_choices(conn: Connection) -> list[Forum]:
    return memo(conn, ("web-forum-choices",), lambda: forums_with_members(conn))
