"""Connections between processes: shared members, the states that bridge them, the network.

Membership comes from the governance map's roles (member, founding, associate or suspended
member) as of a year, through its own "as of" rule. Overlap of two forums is the number of
shared members and their Jaccard index; the network is the bipartite graph of actors and
forums (networkx), with each node's degree centrality and betweenness.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from itertools import combinations

import networkx as nx
from networkx.algorithms import bipartite
from pydantic import Field
from sqlalchemy import Connection, select

from commonground.analysis.areas import area_names
from commonground.analysis.catalogue import sources_by_id
from commonground.analysis.declare import AsOf, Declared, Params
from commonground.analysis.governance.roles import MEMBERSHIP, as_of, explain, role_rows
from commonground.analysis.memo import memo
from commonground.analysis.result import Analysis, Summary
from commonground.analysis.statesets import parse_items
from commonground.domain.errors import InvalidQuery
from commonground.domain.ids import GOVERNANCE_SOURCE as SOURCE_ID
from commonground.evidence.store.governance_tables import forums, roles


@dataclass(frozen=True)
class ForumName:
    """A forum's name and kind, for the rows that name it."""

    name: str
    kind: str


@dataclass(frozen=True)
class ForumPair:
    """Two forums that share members: how many, which, and their Jaccard index."""

    forum_a: str
    name_a: str
    forum_b: str
    name_b: str
    members_a: int
    members_b: int
    shared: int
    jaccard: float
    shared_members: str


@dataclass(frozen=True)
class ForumCentrality:
    """A forum's members and its place in the network of forums and their members."""

    forum: str
    name: str
    kind: str
    members: int
    member_states: int
    degree_centrality: float
    betweenness: float


@dataclass(frozen=True)
class Bridge:
    """A state that belongs to several forums, with its centrality in the network."""

    state: str
    name: str
    forums: int
    forum_ids: str
    degree_centrality: float
    betweenness: float


class OverlapSummary(Summary):
    """The network of forums and their members as of a year: its size and its overlaps."""

    as_of: int | None
    kinds: list[str]
    """The forum kinds compared (empty: every kind)."""
    forums: int
    """Forums with at least one member."""
    actors: int
    """States and organisations that are members of any of them."""
    memberships: int
    overlapping_pairs: int
    """Pairs of forums that share at least the members asked for."""


def overlap(
    conn: Connection,
    *,
    as_of_year: int | None = None,
    kinds: Sequence[str] = (),
    min_shared: int = 1,
    top: int = 20,
) -> Analysis[OverlapSummary]:
    forum_info = {
        str(r.id): ForumName(r.name, r.kind)
        for r in conn.execute(select(forums.c.id, forums.c.name, forums.c.kind))
    }
    unknown = [k for k in kinds if k not in {f.kind for f in forum_info.values()}]
    if unknown:
        allowed = sorted({f.kind for f in forum_info.values()})
        raise InvalidQuery(
            f"unknown forum kind {', '.join(unknown)}; kinds: {', '.join(allowed)}",
            field="kinds",
            allowed=allowed,
        )
    rows, left_out = as_of(role_rows(conn, roles.c.role.in_(MEMBERSHIP)), as_of_year)
    membership: dict[str, set[tuple[str, str]]] = defaultdict(set)
    for r in rows:
        if r.forum and (not kinds or forum_info[r.forum].kind in kinds):
            membership[r.forum].add((r.actor_type, r.actor))
    names = area_names(conn)
    pairs = _pairs(membership, forum_info, min_shared)
    graph, degree, between = memo(
        conn,
        ("membership-graph", as_of_year, tuple(sorted(kinds))),
        lambda: _network(membership),
    )
    forum_rows = [
        ForumCentrality(
            forum=f,
            name=forum_info[f].name,
            kind=forum_info[f].kind,
            members=len(m),
            member_states=sum(1 for t, _ in m if t == "state"),
            degree_centrality=degree[("forum", f)],
            betweenness=between[("forum", f)],
        )
        for f, m in membership.items()
    ]
    forum_rows.sort(key=lambda r: -r.betweenness)
    bridges = _bridges(membership, names, degree, between, top)
    return Analysis(
        name="overlap",
        summary=OverlapSummary(
            as_of=as_of_year,
            kinds=list(kinds),
            forums=len(membership),
            actors=sum(1 for n in graph if n[0] != "forum"),
            memberships=graph.number_of_edges(),
            overlapping_pairs=len(pairs),
        ),
        tables={
            "pairs": [asdict(p) for p in pairs],
            "bridges": [asdict(b) for b in bridges],
            "forums": [asdict(f) for f in forum_rows],
        },
        method=[
            "Members: roles member, founding_member, associate_member and suspended_member,"
            " as of the year asked under the governance map's rule (a list read as of a year"
            " holds in that year only); without a year, every membership held.",
            "Jaccard index: shared members / members of either forum.",
            "Network: the bipartite graph of actors (states and organisations) and forums;"
            " degree centrality (networkx bipartite) and betweenness centrality (networkx).",
            f"Bridges: the {top} states that belong to most forums, then by betweenness.",
        ],
        sources=sources_by_id(conn, [SOURCE_ID]),
        warnings=explain(left_out, as_of_year),
    )


def _pairs(
    membership: dict[str, set[tuple[str, str]]],
    info: dict[str, ForumName],
    min_shared: int,
) -> list[ForumPair]:
    rows = []
    for a, b in combinations(sorted(membership), 2):
        shared = membership[a] & membership[b]
        if len(shared) < max(min_shared, 1):
            continue
        union = membership[a] | membership[b]
        rows.append(
            ForumPair(
                forum_a=a,
                name_a=info[a].name,
                forum_b=b,
                name_b=info[b].name,
                members_a=len(membership[a]),
                members_b=len(membership[b]),
                shared=len(shared),
                jaccard=len(shared) / len(union),
                shared_members=", ".join(sorted(code for _, code in shared)),
            )
        )
    return sorted(rows, key=lambda r: (-r.jaccard, -r.shared, r.forum_a, r.forum_b))


Node = tuple[str, str]


def _network(
    membership: dict[str, set[Node]],
) -> tuple[nx.Graph[Node], dict[Node, float], dict[Node, float]]:
    """The bipartite graph with degree and betweenness centrality of every node."""
    graph: nx.Graph[Node] = nx.Graph()
    for forum, actors in sorted(membership.items()):
        graph.add_node(("forum", forum), bipartite=0)
        for actor in sorted(actors):
            graph.add_node(actor, bipartite=1)
            graph.add_edge(("forum", forum), actor)
    degree = bipartite.degree_centrality(graph, {n for n in graph if n[0] == "forum"})
    return graph, degree, nx.betweenness_centrality(graph)


def _bridges(
    membership: dict[str, set[tuple[str, str]]],
    names: dict[str, str],
    degree: dict[tuple[str, str], float],
    between: dict[tuple[str, str], float],
    top: int,
) -> list[Bridge]:
    forums_of: dict[str, list[str]] = defaultdict(list)
    for forum, actors in membership.items():
        for kind, code in actors:
            if kind == "state":
                forums_of[code].append(forum)
    rows = [
        Bridge(
            state=code,
            name=names.get(code, code),
            forums=len(fs),
            forum_ids=", ".join(sorted(fs)),
            degree_centrality=degree[("state", code)],
            betweenness=between[("state", code)],
        )
        for code, fs in forums_of.items()
    ]
    rows.sort(key=lambda r: (-r.forums, -r.betweenness, r.state))
    return rows[:top]


class OverlapParams(Params):
    as_of: AsOf = None
    kinds: str | None = Field(None, description="Comma-separated forum kinds to compare")
    min_shared: int = Field(1, ge=1, description="Least shared members for a pair to count")
    top: int = Field(20, ge=1, le=500, description="Bridging states to list")


DECLARED = Declared(
    name="overlap",
    summary="Shared members of forums, bridging states, network centrality",
    example="commonground analyse overlap --kinds regional_consultative_process",
    params=OverlapParams,
    answers=OverlapSummary,
    rows={"pairs": ForumPair, "bridges": Bridge, "forums": ForumCentrality},
    run=lambda conn, p: overlap(
        conn, as_of_year=p.as_of, kinds=parse_items(p.kinds), min_shared=p.min_shared, top=p.top
    ),
)
