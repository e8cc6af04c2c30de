"""Practices read with the map: the vocabulary a practice may point at, partner finding, and
the gaps (objectives x regions, corridors, instruments, forums with no practice behind them).

These are pure functions over both stores: the evidence base (`conn`) and the workspace
(`ws`). Development groups are UN DESA's ("more developed" / "less developed" regions):
a practice whose states are all in the less developed group is South-South cooperation; one
that joins such states with a more developed state or an international organisation acting
as a third party is triangular.
"""

from __future__ import annotations

import difflib
from collections import Counter, defaultdict
from dataclasses import asdict, dataclass
from typing import Annotated

from pydantic import Field
from sqlalchemy import Connection, select

from commonground.analysis import gcm
from commonground.analysis.areas import COUNTRY_KINDS
from commonground.analysis.corridors import stock_edition, year_corridors
from commonground.analysis.declare import Declared, Params
from commonground.analysis.instruments import list_instruments, parties
from commonground.analysis.result import Analysis, Summary
from commonground.domain.errors import InvalidQuery
from commonground.evidence.store.governance_tables import forums, meetings
from commonground.evidence.store.tables import areas
from commonground.workspace.practice import ISO3, Vocabulary
from commonground.workspace.practice_hits import PublishedPractice
from commonground.workspace.practice_index import published_rows
from commonground.workspace.tables import organisations

LESS, MORE = "less developed", "more developed"


class PartnersSummary(Summary):
    """What partners were sought for, and how many were found."""

    objectives: list[str]
    """The GCM objectives asked for, as numbers in text, in order."""
    country: str | None
    corridor: str | None
    """ORIG-DEST, as asked."""
    candidates: int
    """Organisations and states with a practice that scores, before the first are kept."""


@dataclass(frozen=True)
class Partner:
    """An organisation or state ranked by what its practices share with the one wanted."""

    kind: str
    """organisation or state."""
    id: str
    name: str | None
    organisation_kind: str | None
    """The organisation's kind (un-agency, civil-society, ...), or state."""
    score: float
    practices: int
    why: list[str]
    """The reasons that scored most often, at most four."""
    south_south: int
    """Its practices that are South-South cooperation."""
    triangular: int
    """Its practices that are triangular cooperation."""
    examples: list[str]
    """The slugs of its first five practices."""


class PracticeGapsSummary(Summary):
    """How many practices there are, and how much of the map has none."""

    practices: int
    objective_region_gaps: int
    """Pairs of a GCM objective and a region with no practice tagged with both."""
    objective_region_cells: int
    """Pairs of a GCM objective and a region there are."""
    stock_edition: str
    """The migrant stock edition the corridors are ranked by."""
    year: int


@dataclass(frozen=True)
class ObjectiveRegionGap:
    """A GCM objective and a region with no practice tagged with both."""

    objective: int
    title: str
    region: str


@dataclass(frozen=True)
class CorridorGap:
    """A large corridor where neither state has a published practice."""

    origin: str
    origin_name: str
    destination: str
    destination_name: str
    migrants: int


@dataclass(frozen=True)
class InstrumentGap:
    """An instrument with many parties, and how many of them have a practice."""

    instrument: str
    name: str
    parties: int
    parties_with_practice: int
    parties_without_practice: int


@dataclass(frozen=True)
class ForumPractices:
    """The practices that came from a forum or its meetings."""

    forum: str
    practices: int
    examples: str
    """The slugs of its first five practices, with commas."""


def practice_vocabulary(conn: Connection) -> Vocabulary:
    """What practices may point at, from the evidence base."""
    countries: dict[str, str] = {}
    geography: dict[str, tuple[str, ...]] = {}
    regions: set[str] = set()
    query = select(
        areas.c.code,
        areas.c.name,
        areas.c.kind,
        areas.c.region,
        areas.c.subregion,
        areas.c.intregion,
        areas.c.aggregate_type,
    )
    for code, name, kind, region, subregion, intregion, aggregate in conn.execute(query):
        if kind in COUNTRY_KINDS and ISO3.match(code):
            countries[code] = name
            geography[code] = tuple(r for r in (region, subregion, intregion) if r)
            regions |= set(geography[code])
        elif aggregate in ("region", "subregion", "sdg_region"):
            regions.add(name)
    meeting_forums = dict(conn.execute(select(meetings.c.id, meetings.c.forum)).all())
    return Vocabulary(
        countries=countries,
        geography=geography,
        regions=frozenset(regions | {"Global"}),
        forums=frozenset(conn.execute(select(forums.c.id)).scalars()),
        meetings={str(k): str(v) for k, v in meeting_forums.items()},
        objectives={o.number: o.title for o in gcm.objectives(conn)},
    )


def development_groups(conn: Connection) -> dict[str, str]:
    return {
        str(code): str(group)
        for code, group in conn.execute(
            select(areas.c.code, areas.c.development_group).where(
                areas.c.development_group.is_not(None)
            )
        )
    }


def cooperation(states: set[str], groups: dict[str, str], has_igo: bool) -> str | None:
    """South-South, triangular, or neither, from the development groups of the states."""
    known = {groups.get(s) for s in states} - {None}
    if len(states) < 2 and not (has_igo and states):
        return None
    if known == {LESS}:
        return "triangular" if has_igo else "south-south"
    if LESS in known and MORE in known:
        return "triangular" if len([s for s in states if groups.get(s) == LESS]) >= 2 else None
    return None


def _states(row: PublishedPractice) -> set[str]:
    return set(row.tagged("country"))


def partners(
    conn: Connection,
    ws: Connection,
    objectives: list[int],
    country: str | None = None,
    corridor: tuple[str, str] | None = None,
    org_kind: str | None = None,
    limit: int = 20,
) -> Analysis[PartnersSummary]:
    """Organisations and states with practices like the one wanted, ranked by what they share
    (objectives, the corridor, the region, the forum), each with the reasons."""
    vocab = practice_vocabulary(conn)
    groups = development_groups(conn)
    region = set(vocab.geography.get(country or "", ()))
    rows = published_rows(ws)
    kinds = dict(ws.execute(select(organisations.c.id, organisations.c.kind)).all())
    names = dict(ws.execute(select(organisations.c.id, organisations.c.name)).all())
    scores: dict[tuple[str, str], float] = defaultdict(float)
    reasons: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
    evidence: dict[tuple[str, str], list[str]] = defaultdict(list)
    flags: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
    wanted = {str(o) for o in objectives}
    for row in rows:
        shared = wanted & set(row.tagged("objective"))
        states = _states(row)
        why: list[str] = []
        score = 0.0
        if shared:
            score += 2.0 * len(shared)
            why.append("shared objectives " + ", ".join(sorted(shared, key=int)))
        if corridor and {corridor[0], corridor[1]} <= states:
            score += 3.0
            why.append(f"same corridor {corridor[0]}-{corridor[1]}")
        elif corridor and states & {corridor[0], corridor[1]}:
            score += 1.0
            why.append("one end of the corridor")
        if country and country in states:
            score += 1.5
            why.append(f"works in {country}")
        elif region and set(row.tagged("region")) & region:
            score += 1.0
            why.append("same region")
        if row.tagged("forum"):
            why.append(f"came from forum {row.tagged('forum')[0]}")
        if score == 0 or (wanted and not shared):
            continue
        orgs = row.tagged("organisation")
        has_igo = any(kinds.get(o) in ("un-agency", "regional-body") for o in orgs)
        flag = cooperation(states, groups, has_igo)
        candidates = [("organisation", o) for o in orgs if org_kind in (None, kinds.get(o))]
        if org_kind in (None, "state"):
            candidates += [("state", s) for s in states]
        for key in candidates:
            scores[key] += score
            reasons[key].update(why)
            evidence[key].append(row.slug)
            if flag:
                flags[key][flag] += 1
    ranked = sorted(scores, key=lambda k: (-scores[k], k))[:limit]
    table = [
        Partner(
            kind=kind,
            id=key,
            name=names.get(key) if kind == "organisation" else vocab.countries.get(key, key),
            organisation_kind=kinds.get(key) if kind == "organisation" else "state",
            score=round(scores[(kind, key)], 2),
            practices=len(evidence[(kind, key)]),
            why=[r for r, _ in reasons[(kind, key)].most_common(4)],
            south_south=flags[(kind, key)]["south-south"],
            triangular=flags[(kind, key)]["triangular"],
            examples=evidence[(kind, key)][:5],
        )
        for kind, key in ranked
    ]
    return Analysis(
        name="partners",
        summary=PartnersSummary(
            objectives=sorted(wanted, key=int),
            country=country,
            corridor="-".join(corridor) if corridor else None,
            candidates=len(scores),
        ),
        tables={"partners": [asdict(row) for row in table]},
        method=[
            "Each published practice scores 2 per shared GCM objective, 3 when it covers both"
            " ends of the corridor (1 for one end), 1.5 when it works in the country (1 for the"
            " same M49 region); its lead organisations, partners and states add up the scores"
            " of their practices.",
            "South-South: every state of the practice is in UN DESA's less developed regions;"
            " triangular: such states with a more developed state or an international"
            " organisation as partner.",
        ],
        sources=[],
    )


def gaps(
    conn: Connection, ws: Connection, top: int = 20, min_parties: int = 20
) -> Analysis[PracticeGapsSummary]:
    """Where no practice stands behind the map: objectives x regions, the largest corridors,
    instruments with many parties, and each forum's practices."""
    vocab = practice_vocabulary(conn)
    rows = published_rows(ws)
    covered: set[tuple[str, str]] = set()
    states_with: set[str] = set()
    by_forum: dict[str, list[str]] = defaultdict(list)
    for row in rows:
        for objective in row.tagged("objective"):
            for region in row.tagged("region"):
                covered.add((objective, region))
        states_with |= _states(row)
        for forum in row.tagged("forum"):
            by_forum[forum].append(row.slug)
    world_regions = sorted({g[0] for g in vocab.geography.values() if g} | {"Global"} - {"Global"})
    matrix = [
        ObjectiveRegionGap(objective=n, title=vocab.objectives.get(n, ""), region=r)
        for n in range(1, 24)
        for r in world_regions
        if (str(n), r) not in covered
    ]
    edition = stock_edition(conn, None, None)
    table = year_corridors(conn, edition.source_id, edition.year)
    corridors: list[CorridorGap] = []
    for origin, destination, persons in sorted(table.rows(), key=lambda c: -c[2]):
        known = origin in vocab.countries and destination in vocab.countries
        if known and origin not in states_with and destination not in states_with:
            corridors.append(
                CorridorGap(
                    origin=origin,
                    origin_name=vocab.countries[origin],
                    destination=destination,
                    destination_name=vocab.countries[destination],
                    migrants=round(persons),
                )
            )
        if len(corridors) >= top:
            break
    instruments: list[InstrumentGap] = []
    for instrument in list_instruments(conn):
        if instrument.parties < min_parties:
            continue
        party_states = {
            s.country for s in parties(conn, instrument.id).states if s.status == "party"
        }
        with_practice = party_states & states_with
        instruments.append(
            InstrumentGap(
                instrument=instrument.id,
                name=instrument.short_name,
                parties=len(party_states),
                parties_with_practice=len(with_practice),
                parties_without_practice=len(party_states - with_practice),
            )
        )
    instruments.sort(key=lambda i: (-i.parties_without_practice, i.instrument))
    forum_rows = [
        ForumPractices(forum=f, practices=len(v), examples=", ".join(sorted(v)[:5]))
        for f, v in sorted(by_forum.items(), key=lambda kv: (-len(kv[1]), kv[0]))
    ]
    forum_rows += [
        ForumPractices(forum=f, practices=0, examples="")
        for f in sorted(vocab.forums - set(by_forum))
    ]
    return Analysis(
        name="practice-gaps",
        summary=PracticeGapsSummary(
            practices=len(rows),
            objective_region_gaps=len(matrix),
            objective_region_cells=23 * len(world_regions),
            stock_edition=edition.source_id,
            year=edition.year,
        ),
        tables={
            "objectives_by_region": [asdict(row) for row in matrix],
            "corridors": [asdict(row) for row in corridors],
            "instruments": [asdict(row) for row in instruments],
            "forums": [asdict(row) for row in forum_rows],
        },
        method=[
            "objectives_by_region: each GCM objective and M49 region with no published"
            " practice tagged with both (a practice's regions are those it names and those of"
            " its states).",
            f"corridors: the largest corridors by migrant stock ({edition.source_id},"
            f" {edition.year}) where neither state has a published practice; first {top}.",
            f"instruments: instruments with at least {min_parties} parties, by how many of their"
            " parties have no practice.",
            "forums: the practices that came from each forum or its meetings.",
        ],
        sources=[],
    )


class PartnersParams(Params):
    objective: Annotated[
        list[int], Field(description="GCM objective numbers (1 to 23); give several")
    ] = Field(default_factory=list)
    country: Annotated[
        str | None, Field(pattern=r"^[A-Z]{3}$", description="ISO3 code of a country")
    ] = None
    corridor: Annotated[
        str | None,
        Field(pattern=r"^[A-Z]{3}-[A-Z]{3}$", description="ORIG-DEST, as ISO3 codes: MAR-ESP"),
    ] = None
    org_kind: Annotated[
        str | None,
        Field(
            pattern=r"^[a-z-]{1,32}$",
            description="Only this kind of organisation (state, un-agency, civil-society, ...)",
        ),
    ] = None


def _known_country(conn: Connection, field: str, code: str) -> None:
    """Refuse a code the map does not hold, naming the closest ones it does."""
    countries = practice_vocabulary(conn).countries
    if code not in countries:
        close = difflib.get_close_matches(code, list(countries), n=5, cutoff=0.5)
        hint = f"; did you mean {', '.join(close)}?" if close else ""
        raise InvalidQuery(f"{field}: no country {code!r} on the map{hint}", field, close)


def _partners(conn: Connection, ws: Connection, p: PartnersParams) -> Analysis[PartnersSummary]:
    bad = [n for n in p.objective if not 1 <= n <= 23]
    if bad:
        raise InvalidQuery(
            f"objective: expected GCM objective numbers 1 to 23, not {bad}", "objective"
        )
    if not p.objective and p.country is None and p.corridor is None:
        raise InvalidQuery("give objective=N, country=ISO3 or corridor=ORIG-DEST", "objective")
    if p.country is not None:
        _known_country(conn, "country", p.country)
    ends = None
    if p.corridor is not None:
        origin, destination = p.corridor.split("-")
        for code in (origin, destination):
            _known_country(conn, "corridor", code)
        ends = (origin, destination)
    return partners(conn, ws, list(p.objective), p.country, ends, p.org_kind)


PARTNERS = Declared(
    name="partners",
    summary="Who has done what you want to do: organisations and states, with the reasons",
    example="commonground analyse partners --objective 5 --country MAR",
    params=PartnersParams,
    answers=PartnersSummary,
    rows={"partners": Partner},
    run_with_workspace=_partners,
)


class GapsParams(Params):
    top: Annotated[int, Field(ge=1, le=500, description="How many corridors")] = 20
    min_parties: Annotated[
        int, Field(ge=1, le=200, description="Instruments with at least this many parties")
    ] = 20


GAPS = Declared(
    name="practice-gaps",
    summary="Objectives, regions, corridors, instruments and forums with no practice behind them",
    example="commonground analyse practice-gaps --table corridors --top 10",
    params=GapsParams,
    answers=PracticeGapsSummary,
    rows={
        "objectives_by_region": ObjectiveRegionGap,
        "corridors": CorridorGap,
        "instruments": InstrumentGap,
        "forums": ForumPractices,
    },
    run_with_workspace=lambda conn, ws, p: gaps(conn, ws, p.top, p.min_parties),
)
