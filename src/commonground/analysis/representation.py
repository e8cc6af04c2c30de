"""Representation: who is in the room, and how much of the world's migration they account for.

For a forum (as of a year), a meeting or any set of states: its composition by M49 region,
development group and income group; members' measured migration position (immigrant and
emigrant stock against a ratio the user chooses, never a label); their share of the world's
migrants by destination and by origin and of remittances; and the largest destination and
origin states missing, with how many states it takes to reach a target share.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import asdict, dataclass

from pydantic import Field
from sqlalchemy import Connection

from commonground.analysis.areas import COUNTRY_KINDS, area_info, area_names, classify
from commonground.analysis.catalogue import role, sources_by_id
from commonground.analysis.corridors import stock_edition
from commonground.analysis.declare import AsOf, Declared, Edition, Params, States, Year
from commonground.analysis.editions import resolve_edition
from commonground.analysis.flows import available_years
from commonground.analysis.remittances import REMITTANCES
from commonground.analysis.result import Analysis, Summary, share
from commonground.analysis.statesets import parse_items, resolve_states
from commonground.analysis.sums import area_sums, totals
from commonground.evidence.store.tables import migrant_stock, remittances

SCHEMES = ("region", "development_group", "income_group")


@dataclass(frozen=True)
class MemberPosition:
    """A member state: its groups under each scheme and its measured position."""

    state: str
    name: str
    region: str
    development_group: str
    income_group: str
    immigrants: int
    emigrants: int
    immigrant_emigrant_ratio: float | None
    immigrants_above_ratio: bool
    remittances_received: float | None
    remittances_sent: float | None


@dataclass(frozen=True)
class GroupCount:
    """How many members fall in one group of a scheme (region, development or income group)."""

    scheme: str
    group: str
    states: int
    share: float | None


@dataclass(frozen=True)
class MissingState:
    """A large destination or origin state that is not a member."""

    side: str
    rank: int
    state: str
    name: str
    stock: int
    share_of_world: float | None


class RepresentationSummary(Summary):
    """Who is in the room: the set's size, the edition and its shares of the world's
    migrants and remittances."""

    states: int
    """The member states counted (organisations that are members are not)."""
    named_sets: list[str]
    """The named sets (set:, forum:, meeting:) the states were drawn from."""
    members_not_states: list[str]
    """Members named but never counted: organisations such as the European Union."""
    as_of: int | None
    edition: str
    """The migrant stock edition the shares are of."""
    year: int
    world: int
    """The world's international migrants in the edition and year."""
    share_of_migrants_by_destination: float | None
    share_of_migrants_by_origin: float | None
    remittance_edition: str
    share_of_remittances_received: float | None
    share_of_remittances_sent: float | None
    ratio_threshold: float
    """A member's immigrants are above the ratio when they exceed this times its emigrants."""
    states_with_immigrants_above_ratio: int
    target_share: float
    states_needed_by_destination: int | None
    """The fewest states, largest first, whose immigrants reach the target share."""
    states_needed_by_origin: int | None
    """The fewest states, largest first, whose emigrants reach the target share."""


def representation(
    conn: Connection,
    states: str | Sequence[str] | None,
    *,
    as_of: int | None = None,
    edition: str | None = None,
    year: int | None = None,
    remittance_edition: str | None = None,
    ratio: float = 1.0,
    top: int = 20,
    target_share: float = 0.5,
) -> Analysis[RepresentationSummary]:
    members = resolve_states(conn, states, as_of=as_of)
    chosen = stock_edition(conn, edition, year)
    by_area = area_sums(conn, migrant_stock, chosen.source_id, parts=["total"], year=chosen.year)
    immigrants = {s.area: s.inward for s in by_area if s.inward}
    emigrants = {s.area: s.outward for s in by_area if s.outward}
    world = totals(conn, migrant_stock, chosen.source_id, "total")[chosen.year].total
    received, sent, money_source = _remittances(conn, remittance_edition)
    info, names = area_info(conn), area_names(conn)
    states_only = {c for c, a in info.items() if a.kind in COUNTRY_KINDS}
    inside = set(members.codes)
    member_rows = []
    for code in members.codes:
        imm, emi = immigrants.get(code, 0.0), emigrants.get(code, 0.0)
        member_rows.append(
            MemberPosition(
                state=code,
                name=names.get(code, code),
                region=classify(info, code, "region"),
                development_group=classify(info, code, "development_group"),
                income_group=classify(info, code, "income_group"),
                immigrants=int(imm),
                emigrants=int(emi),
                immigrant_emigrant_ratio=imm / emi if emi else None,
                immigrants_above_ratio=imm > ratio * emi,
                remittances_received=received.get(code),
                remittances_sent=sent.get(code),
            )
        )
    composition = _composition(member_rows)
    by_state = {
        "destination": {c: v for c, v in immigrants.items() if c in states_only},
        "origin": {c: v for c, v in emigrants.items() if c in states_only},
    }
    missing = [
        row
        for side, values in by_state.items()
        for row in _missing(values, side, inside, names, world, top)
    ]
    member_imm = sum(immigrants.get(c, 0.0) for c in sorted(inside))
    member_emi = sum(emigrants.get(c, 0.0) for c in sorted(inside))
    summary = RepresentationSummary(
        states=len(members.codes),
        named_sets=members.named,
        members_not_states=members.organisations,
        as_of=as_of,
        edition=chosen.source_id,
        year=chosen.year,
        world=int(world),
        share_of_migrants_by_destination=share(member_imm, world),
        share_of_migrants_by_origin=share(member_emi, world),
        remittance_edition=money_source,
        share_of_remittances_received=share(
            sum(received.get(c, 0.0) for c in sorted(inside)), sum(received.values())
        ),
        share_of_remittances_sent=share(
            sum(sent.get(c, 0.0) for c in sorted(inside)), sum(sent.values())
        ),
        ratio_threshold=ratio,
        states_with_immigrants_above_ratio=sum(1 for r in member_rows if r.immigrants_above_ratio),
        target_share=target_share,
        states_needed_by_destination=_needed(by_state["destination"], world, target_share),
        states_needed_by_origin=_needed(by_state["origin"], world, target_share),
    )
    return Analysis(
        name="representation",
        summary=summary,
        tables={
            "members": [asdict(m) for m in member_rows],
            "composition": [asdict(c) for c in composition],
            "missing": [asdict(m) for m in missing],
        },
        method=[
            "Composition: members counted by M49 region, UN DESA development group and income"
            " group (2019 annex).",
            f"Position: immigrant and emigrant stock from {chosen.source_id} {chosen.year};"
            f" 'immigrants_above_ratio' means immigrants > {ratio} x emigrants, a threshold"
            " the user sets, not a label.",
            "Shares: members' immigrants (destination) and emigrants (origin) over every"
            " corridor of the edition; remittances over every bilateral corridor of the"
            " remittance edition.",
            f"Missing: the {top} largest destination and origin states that are not members;"
            f" states needed: the fewest states (largest first) whose stock reaches"
            f" {target_share:.0%} of the world's migrants on that side.",
        ],
        sources=sources_by_id(
            conn,
            [
                chosen.source_id,
                money_source,
                *role(conn, "development_groups"),
                *members.source_ids,
            ],
        ),
        warnings=members.notes
        + [
            f"{names.get(c, c)} ({c}) has no migrant stock in {chosen.source_id} {chosen.year}"
            for c in members.codes
            if c not in immigrants and c not in emigrants
        ],
    )


def _remittances(
    conn: Connection, edition: str | None
) -> tuple[dict[str, float], dict[str, float], str]:
    """Bilateral remittances (latest year) summed by receiver and by sender (US$ millions)."""
    source_id = resolve_edition(conn, "remittances", edition, remittances)
    years = available_years(conn, REMITTANCES, source_id, {"flow": "bilateral"})
    received: defaultdict[str, float] = defaultdict(float)
    sent: defaultdict[str, float] = defaultdict(float)
    rows = area_sums(
        conn, remittances, source_id, parts=["bilateral"], year=years[-1] if years else None
    )
    for s in rows:
        if s.inward_rows:
            received[s.area] += s.inward
        if s.outward_rows:
            sent[s.area] += s.outward
    return dict(received), dict(sent), source_id


def _composition(rows: list[MemberPosition]) -> list[GroupCount]:
    out = []
    for scheme in SCHEMES:
        counts = Counter(str(getattr(r, scheme)) for r in rows)
        for group, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])):
            out.append(GroupCount(scheme, group, n, share(n, len(rows))))
    return out


def _missing(
    by_area: dict[str, float],
    side: str,
    inside: set[str],
    names: dict[str, str],
    world: float,
    top: int,
) -> list[MissingState]:
    ranked = sorted(by_area.items(), key=lambda kv: -kv[1])[:top]
    return [
        MissingState(side, i + 1, c, names[c], int(v), share(v, world))
        for i, (c, v) in enumerate(ranked)
        if c not in inside
    ]


def _needed(by_area: dict[str, float], world: float, target: float) -> int | None:
    total = 0.0
    for n, value in enumerate(sorted(by_area.values(), reverse=True), start=1):
        total += value
        if world and total / world >= target:
            return n
    return None


class RepresentationParams(Params):
    states: States = None
    forum: str | None = Field(None, description="A forum id (same as states=forum:ID)")
    meeting: str | None = Field(None, description="A meeting id (same as states=meeting:ID)")
    as_of: AsOf = None
    edition: Edition = None
    year: Year = None
    remittance_edition: str | None = Field(None, description="2017 or 2021 (default)")
    ratio: float = Field(1.0, gt=0, description="Immigrants above ratio x emigrants")
    top: int = Field(20, ge=1, le=250, description="Largest missing states per side")
    target_share: float = Field(0.5, gt=0, le=1, description="Share the needed states reach")

    def items(self) -> list[str]:
        """The states asked for, with the forum and meeting shortcuts as named sets."""
        items = parse_items(self.states)
        items += [f"forum:{self.forum}"] if self.forum else []
        return items + ([f"meeting:{self.meeting}"] if self.meeting else [])


DECLARED = Declared(
    name="representation",
    summary="Who is in the room: composition and shares of a set",
    example="commonground analyse representation --forum colombo-process --as-of 2024",
    params=RepresentationParams,
    answers=RepresentationSummary,
    rows={"members": MemberPosition, "composition": GroupCount, "missing": MissingState},
    run=lambda conn, p: representation(
        conn,
        p.items(),
        as_of=p.as_of,
        edition=p.edition,
        year=p.year,
        remittance_edition=p.remittance_edition,
        ratio=p.ratio,
        top=p.top,
        target_share=p.target_share,
    ),
)
