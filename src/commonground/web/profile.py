"""A country profile: every section from the analysis functions the API also serves.

Nothing here computes a figure; it chooses which results a delegate needs on two pages and
keeps each one with its source and the API query that returns the same rows.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import Connection

from commonground.analysis.areas import Area, area_record, require_area
from commonground.analysis.displacement import displacement
from commonground.analysis.flows import FlowSummary
from commonground.analysis.governance.actors import ActorRecord, actor_record
from commonground.analysis.memo import Memo
from commonground.analysis.missing_migrants import MissingMigrantsSummary, missing_migrants
from commonground.analysis.position import PositionSummary
from commonground.analysis.position import position as measured_position
from commonground.analysis.remittances import remittances
from commonground.analysis.result import Analysis, Rows, Summary
from commonground.analysis.stock import stock
from commonground.analysis.votes import roll_call_votes
from commonground.domain.citation import Citation
from commonground.domain.errors import InvalidQuery
from commonground.web.links import ApiLinks
from commonground.web.maps import GCM_RESOLUTION

TOP = 10


@dataclass(frozen=True)
class Section:
    """One table of a profile, with the citation and the API query behind it."""

    rows: Rows
    sources: list[Citation]
    api: str
    total: float | None = None
    summary: Summary | None = None
    """What the table is (its edition, year, note), as the analysis summarised it."""


def _section(
    result: Analysis[FlowSummary | MissingMigrantsSummary], api: str, top: int | None = TOP
) -> Section:
    rows = result.rows[:top] if top else result.rows
    return Section(rows, result.sources, api, result.summary.total, result.summary)


@dataclass(frozen=True)
class Position:
    """A country's measured position over time and, for the chosen year, its corridors."""

    edition: str
    year: int
    years: list[int]
    summary: PositionSummary
    series: Rows
    refugee_series: Rows
    remittance_series: Rows
    method: list[str]
    warnings: list[str]
    sources: list[Citation]
    api_position: str
    origins: Section
    destinations: Section
    north_south_in: Section
    north_south_out: Section
    has_origins: bool = True


def position(
    conn: Connection, links: ApiLinks, code: str, edition: str | None, year: int | None
) -> Position:
    """The measured position over time (analysis.position) and the chosen year's corridors."""
    measured = measured_position(conn, code, edition=edition)
    edition_id = measured.summary.edition
    common: dict[str, Any] = {"edition": edition_id, "year": year}
    origins = stock(conn, **common, destination=code, group_by="origin")
    chosen = origins.summary.year
    common["year"] = chosen
    return Position(
        edition=edition_id,
        year=chosen,
        years=origins.summary.years_available,
        summary=measured.summary,
        series=measured.tables["stock"],
        refugee_series=measured.tables["refugees"],
        remittance_series=measured.tables["remittances"],
        method=measured.method,
        warnings=measured.warnings,
        sources=measured.sources,
        api_position=links("analysis-position", country=code, edition=edition_id),
        origins=_section(
            origins, links("api-stock", **common, destination=code, group_by="origin")
        ),
        destinations=_section(
            stock(conn, **common, origin=code, group_by="destination"),
            links("api-stock", **common, origin=code, group_by="destination"),
        ),
        north_south_in=_section(
            stock(conn, **common, destination=code, group_by="development_group", side="origin"),
            links(
                "api-stock",
                **common,
                destination=code,
                group_by="development_group",
                side="origin",
            ),
            None,
        ),
        north_south_out=_section(
            stock(conn, **common, origin=code, group_by="development_group"),
            links("api-stock", **common, origin=code, group_by="development_group"),
            None,
        ),
    )


@dataclass(frozen=True)
class Money:
    """Remittances received and paid (latest series year) and the bilateral 2021 corridors."""

    received: Section
    paid: Section
    senders: Section
    receivers: Section


def money(conn: Connection, links: ApiLinks, code: str) -> Money:
    """Remittances received and paid (latest series year) and the bilateral 2021 corridors."""
    out: dict[str, Section] = {}
    for key, edition, flow, side in (
        ("received", "inflows", "inflow", "receiver"),
        ("paid", "wdi", "outflow", "sender"),
    ):
        sender, receiver = (code, None) if side == "sender" else (None, code)
        result = remittances(conn, edition=edition, flow=flow, sender=sender, receiver=receiver)
        out[key] = _section(
            result,
            links(
                "api-remittances",
                edition=result.summary.edition,
                year=result.summary.year,
                flow=flow,
                **{side: code},
            ),
        )
    senders = remittances(conn, edition="2021", receiver=code, group_by="sender")
    receivers = remittances(conn, edition="2021", sender=code, group_by="receiver")
    return Money(
        received=out["received"],
        paid=out["paid"],
        senders=_section(
            senders, links("api-remittances", edition="2021", receiver=code, group_by="sender")
        ),
        receivers=_section(
            receivers, links("api-remittances", edition="2021", sender=code, group_by="receiver")
        ),
    )


@dataclass(frozen=True)
class Refugees:
    """Refugees and others of concern hosted here, and those from here abroad, in one year."""

    year: int
    hosted: Section
    abroad: Section


def refugees(conn: Connection, links: ApiLinks, code: str) -> Refugees:
    hosted = displacement(conn, asylum=code, group_by="origin")
    fled = displacement(conn, origin=code, group_by="asylum")
    year = hosted.summary.year
    return Refugees(
        year=year,
        hosted=_section(
            hosted, links("api-displacement", year=year, asylum=code, group_by="origin")
        ),
        abroad=_section(fled, links("api-displacement", year=year, origin=code, group_by="asylum")),
    )


@dataclass(frozen=True)
class Missing:
    """Migrants dead and missing here, and those from here, by year."""

    here: Section
    origin: Section


def missing(conn: Connection, links: ApiLinks, code: str) -> Missing:
    here = missing_migrants(conn, country=code, group_by="year")
    origin = missing_migrants(conn, origin=code, group_by="year")
    return Missing(
        here=_section(here, links("api-missing-migrants", country=code), None),
        origin=_section(origin, links("api-missing-migrants", origin=code), None),
    )


@dataclass(frozen=True)
class GcmVote:
    """The country's vote on the resolution that endorsed the GCM, beside the tallies."""

    resolution: str
    date: date
    vote: str | None
    tallies: dict[str, int]
    sources: list[Citation]
    api: str
    method: str


def gcm_vote(conn: Connection, links: ApiLinks, code: str) -> GcmVote:
    from commonground.analysis.catalogue import sources_by_id

    result = roll_call_votes(conn, GCM_RESOLUTION)
    mine = next((v for v in result.votes if v.country == code), None)
    return GcmVote(
        resolution=GCM_RESOLUTION,
        date=result.date,
        vote=mine.vote if mine else None,
        tallies=result.tallies,
        sources=sources_by_id(conn, result.sources),
        api=links("roll_call", resolution=GCM_RESOLUTION),
        method=result.method,
    )


@dataclass(frozen=True)
class CountryProfile:
    """Everything the profile page of a country shows."""

    area: Area
    position: Position
    money: Money
    refugees: Refugees
    missing: Missing
    record: ActorRecord
    gcm: GcmVote


PROFILES = Memo(max_entries=512)
"""Profiles kept per build: about 250 countries, each with its default edition and a few
chosen ones, kept apart from the analyses' memo so that they do not crowd it out."""


def country_profile(
    conn: Connection,
    links: ApiLinks,
    value: str,
    edition: str | None = None,
    year: int | None = None,
) -> CountryProfile:
    """Everything the profile page shows; an unknown edition or year raises InvalidQuery.

    A profile is a hundred queries and changes only with a rebuild, so it is read once per
    build (the links are paths, the same for every request)."""
    key = ("country-profile", value, edition, year)
    return PROFILES(conn, key, lambda: _country_profile(conn, links, value, edition, year))


def _country_profile(
    conn: Connection,
    links: ApiLinks,
    value: str,
    edition: str | None,
    year: int | None,
) -> CountryProfile:
    code = require_area(conn, value)
    area = area_record(conn, code)
    if not area.is_country:
        raise InvalidQuery(f"{area.name} is an aggregate, not a country", field="code")
    return CountryProfile(
        area=area,
        position=position(conn, links, code, edition, year),
        money=money(conn, links, code),
        refugees=refugees(conn, links, code),
        missing=missing(conn, links, code),
        record=actor_record(conn, code),
        gcm=gcm_vote(conn, links, code),
    )
