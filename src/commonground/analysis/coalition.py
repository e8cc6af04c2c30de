"""Coalition what-if: how much of the world's migration a set of states holds between them.

A corridor lies inside the set when both its origin and its destination are members. The
additions that would raise that share most are ranked greedily: at each step the state whose
corridors with the set (both directions) are largest joins, then the next is sought. Greedy
is not guaranteed optimal for more than one step; the output says so.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass

import numpy as np
import numpy.typing as npt
from pydantic import Field
from sqlalchemy import Connection

from commonground.analysis.areas import COUNTRY_KINDS, area_info, area_names
from commonground.analysis.catalogue import sources_by_id
from commonground.analysis.corridors import CorridorTable, stock_edition, year_corridors
from commonground.analysis.declare import AsOf, Declared, Edition, Params, States, Year
from commonground.analysis.result import Analysis, Summary, share
from commonground.analysis.statesets import parse_items, resolve_states


@dataclass(frozen=True)
class Addition:
    """One step of the greedy ranking: the state added and the set's corridors after it."""

    step: int
    add: str
    name: str
    stock_added: int
    inside_stock_after: int
    inside_share_after: float | None


@dataclass(frozen=True)
class MemberStock:
    """A member and the migrants in its corridors with the other members."""

    state: str
    name: str
    stock_with_other_members: int


class CoalitionSummary(Summary):
    """How much of the world's migration a set of states holds between them, and after the
    additions ranked."""

    edition: str
    year: int
    states: int
    """The member states counted (organisations that are members are not)."""
    named_sets: list[str]
    """The named sets (set:, forum:, meeting:) the states were drawn from."""
    members_not_states: list[str]
    """Members named but never counted: organisations such as the European Union."""
    as_of: int | None
    inside_stock: int
    """Migrants in corridors whose origin and destination are both members."""
    inside_share: float | None
    """Those migrants' share of the world's."""
    world: int
    additions: int
    """The additions ranked (fewer than asked when no state is left to add)."""
    share_after_additions: float | None
    """The inside share once every ranked addition has joined."""
    ranking: str
    """How the additions are ranked: greedy, one best state at a time."""


def coalition(
    conn: Connection,
    states: str | Sequence[str] | None,
    *,
    edition: str | None = None,
    year: int | None = None,
    additions: int = 5,
    as_of: int | None = None,
) -> Analysis[CoalitionSummary]:
    members = resolve_states(conn, states, as_of=as_of)
    chosen = stock_edition(conn, edition, year)
    table = year_corridors(conn, chosen.source_id, chosen.year)
    names = area_names(conn)
    weights = _weights(table)
    inside_mask = table.mask(members.codes)
    inside = float(weights[np.ix_(inside_mask, inside_mask)].sum() / 2)
    world = table.world
    steps = _greedy(conn, table, weights, inside_mask, inside, world, additions, names)
    member_rows = _members(table, weights, inside_mask, names, members.codes)
    summary = CoalitionSummary(
        edition=chosen.source_id,
        year=chosen.year,
        states=len(members.codes),
        named_sets=members.named,
        members_not_states=members.organisations,
        as_of=as_of,
        inside_stock=int(inside),
        inside_share=share(inside, world),
        world=int(world),
        additions=len(steps),
        share_after_additions=steps[-1].inside_share_after if steps else share(inside, world),
        ranking="greedy",
    )
    return Analysis(
        name="coalition",
        summary=summary,
        tables={
            "additions": [asdict(s) for s in steps],
            "members": [asdict(m) for m in member_rows],
        },
        method=[
            "A corridor is inside the set when its origin and its destination are both members;"
            " the share is of every corridor of the edition and year (both sexes), unknown"
            " origins included, which can never be inside.",
            "Additions are ranked greedily: each step adds the state whose corridors with the"
            " set (both directions) are largest. Greedy gives the best single addition at each"
            " step, not necessarily the best group of several.",
            "Members with no corridor in the edition count as members but add nothing.",
        ],
        sources=sources_by_id(conn, [chosen.source_id, *members.source_ids]),
        warnings=members.notes
        + [
            f"{names.get(c, c)} ({c}) has no corridor in {chosen.source_id} {chosen.year}"
            for c in members.codes
            if c not in table.codes
        ],
    )


def _weights(table: CorridorTable) -> npt.NDArray[np.float64]:
    """Symmetric matrix of persons between each pair of areas (either direction)."""
    n = len(table.codes)
    matrix = np.zeros((n, n))
    np.add.at(matrix, (table.origin, table.destination), table.stock)
    return matrix + matrix.T


def _greedy(
    conn: Connection,
    table: CorridorTable,
    weights: npt.NDArray[np.float64],
    inside_mask: npt.NDArray[np.bool_],
    inside: float,
    world: float,
    additions: int,
    names: dict[str, str],
) -> list[Addition]:
    info = area_info(conn)
    candidate = np.array(
        [c in info and info[c].kind in COUNTRY_KINDS for c in table.codes], dtype=bool
    )
    candidate &= ~inside_mask
    gain = weights[:, inside_mask].sum(axis=1)
    steps: list[Addition] = []
    for step in range(1, additions + 1):
        if not candidate.any():
            break
        best = int(np.argmax(np.where(candidate, gain, -1.0)))
        added = float(gain[best])
        inside += added
        code = table.codes[best]
        steps.append(
            Addition(
                step, code, names.get(code, code), int(added), int(inside), share(inside, world)
            )
        )
        candidate[best] = False
        gain += weights[:, best]
    return steps


def _members(
    table: CorridorTable,
    weights: npt.NDArray[np.float64],
    inside_mask: npt.NDArray[np.bool_],
    names: dict[str, str],
    codes: list[str],
) -> list[MemberStock]:
    index = {c: i for i, c in enumerate(table.codes)}
    with_set = weights[:, inside_mask].sum(axis=1)
    rows = [
        MemberStock(c, names.get(c, c), int(with_set[index[c]]) if c in index else 0) for c in codes
    ]
    return sorted(rows, key=lambda r: -r.stock_with_other_members)


class CoalitionParams(Params):
    states: States = None
    as_of: AsOf = None
    edition: Edition = None
    year: Year = None
    additions: int = Field(5, ge=0, le=50, description="Greedy additions to rank")


DECLARED = Declared(
    name="coalition",
    summary="Share of corridors inside a set, and the best additions",
    example="commonground analyse coalition --states USA,MEX,CAN --additions 3",
    params=CoalitionParams,
    answers=CoalitionSummary,
    rows={"additions": Addition, "members": MemberStock},
    run=lambda conn, p: coalition(
        conn,
        parse_items(p.states),
        edition=p.edition,
        year=p.year,
        additions=p.additions,
        as_of=p.as_of,
    ),
)
