"""Common ground in votes: how alike states vote in the General Assembly on migration.

Resolutions are chosen by their text (the rule is `RULE`, returned with every result), the
agreement of two states is the share of identical votes (yes, no, abstain) over the selected
roll calls both voted in, and clusters are found by average-linkage hierarchical clustering
on 1 - agreement (scipy), cut into a chosen number of groups.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from datetime import date

import numpy as np
import numpy.typing as npt
from pydantic import Field
from scipy.cluster.hierarchy import fcluster, linkage
from scipy.spatial.distance import squareform
from sqlalchemy import Connection, select

from commonground.analysis.areas import area_info, area_names, classify, require_area
from commonground.analysis.catalogue import role, sources_by_id
from commonground.analysis.declare import Declared, Params, States
from commonground.analysis.memo import memo
from commonground.analysis.paging import Read, Window, read_page
from commonground.analysis.result import Analysis, Rows, Summary
from commonground.analysis.statesets import parse_items, resolve_states
from commonground.domain.errors import InvalidQuery
from commonground.evidence.rollcalls import (
    CountryVote,
    RollCallVotes,
    ballots,
    roll_call,
    roll_call_votes,
)
from commonground.evidence.store.tables import roll_calls, votes

__all__ = ["RollCallVotes", "common_ground", "roll_call_page", "roll_call_votes"]

PATTERN = re.compile(
    r"\b(migra(?!tory)\w*|immigra\w*|emigra\w*|refugee\w*|asylum\w*|displaced"
    r"|traffick\w*|smuggl\w*)",
    re.IGNORECASE,
)
RULE = (
    "roll calls whose short title or description contains a word beginning with migra"
    " (except migratory), immigra, emigra, refugee, asylum, traffick or smuggl, or the word"
    " displaced; votes on amendments and paragraphs included"
)
CODES = {"yes": 1, "no": 2, "abstain": 3}


@dataclass(frozen=True)
class SelectedCall:
    """A roll call the rule selects, with the words of its title that matched."""

    rcid: int
    date: date
    resolution: str | None
    short: str | None
    matched: str


@dataclass(frozen=True)
class VoteMatrix:
    """States by selected roll calls: 1 yes, 2 no, 3 abstain, 0 did not vote."""

    rcids: list[int]
    states: list[str]
    votes: npt.NDArray[np.int8]
    calls: list[SelectedCall]


@dataclass(frozen=True)
class ClusterMember:
    """A state that voted often enough to be clustered, and its cluster (1 the largest)."""

    state: str
    name: str
    cluster: int
    votes: int


@dataclass(frozen=True)
class Alignment:
    """A state's mean agreement with the other members of one group (a cluster, a region)."""

    group_type: str
    group: str
    states: int
    mean_agreement: float | None


@dataclass(frozen=True)
class AgreementPair:
    """How alike two states voted: the share of identical votes over their common votes."""

    state: str
    name: str
    other: str
    other_name: str
    agreement: float | None
    common_votes: int


class VotesSummary(Summary):
    """The roll calls selected, the states clustered and the choices that shaped them."""

    roll_calls: int
    """Roll calls the selection rule picks in the years asked."""
    states_clustered: int
    """States that voted in at least `min_votes` of them."""
    clusters: int
    """The clusters found (at most as many as asked)."""
    since: int | None
    until: int | None
    min_votes: int
    state: str | None
    """The state whose alignment is shown, as a code."""
    selection_rule: str


def roll_call_page(
    conn: Connection, resolution: str, window: Window | None
) -> tuple[RollCallVotes, Read]:
    """A roll call with the members' votes in `window` (all if None), and the page read."""
    found = roll_call(conn, resolution)
    source_id = found.sources[-1] if found.sources else ""
    read = read_page(conn, ballots(found.rcid, found.session, source_id), window)
    found.votes = [CountryVote(**r._mapping) for r in read.rows]
    return found, read


def common_ground(
    conn: Connection,
    *,
    state: str | None = None,
    states: str | Sequence[str] | None = None,
    since: int | None = None,
    until: int | None = None,
    clusters: int = 4,
    min_votes: int = 20,
) -> Analysis[VotesSummary]:
    if clusters < 1:
        raise InvalidQuery("clusters must be at least 1", field="clusters")
    matrix = memo(conn, ("migration-votes",), lambda: _vote_matrix(conn))
    matrix = _window(matrix, since, until)
    agree, common = _agreement(matrix.votes)
    counts = (matrix.votes > 0).sum(axis=1)
    kept = np.flatnonzero(counts >= min_votes)
    if len(kept) < 2:
        raise InvalidQuery(
            f"fewer than two states voted in {min_votes} or more of the"
            f" {len(matrix.rcids)} selected roll calls; lower min_votes or widen the years",
            field="min_votes",
        )
    names = area_names(conn)
    labels = _clusters(agree[np.ix_(kept, kept)], common[np.ix_(kept, kept)], clusters)
    cluster_of = {matrix.states[i]: int(c) for i, c in zip(kept, labels, strict=True)}
    cluster_rows = [
        ClusterMember(
            state=matrix.states[i],
            name=names.get(matrix.states[i], matrix.states[i]),
            cluster=cluster_of[matrix.states[i]],
            votes=int(counts[i]),
        )
        for i in kept
    ]
    cluster_rows.sort(key=lambda r: (r.cluster, r.name))
    tables: dict[str, Rows] = {"clusters": [asdict(r) for r in cluster_rows]}
    index = {s: i for i, s in enumerate(matrix.states)}
    chosen: str | None = None
    if state:
        chosen = require_area(conn, state)
        if chosen not in index:
            raise InvalidQuery(
                f"{names.get(chosen, chosen)} ({chosen}) cast no vote in the selected roll calls",
                field="state",
            )
        alignment = _alignment(conn, chosen, index, agree, common, cluster_of)
        tables["alignment"] = [asdict(a) for a in alignment]
    pairs = _pairs(conn, states, chosen, index, agree, common, names)
    tables["agreement"] = [asdict(p) for p in pairs]
    tables["resolutions"] = [asdict(c) for c in matrix.calls]
    return Analysis(
        name="votes",
        summary=VotesSummary(
            roll_calls=len(matrix.rcids),
            states_clustered=len(kept),
            clusters=int(max(labels)) if len(labels) else 0,
            since=since,
            until=until,
            min_votes=min_votes,
            state=chosen,
            selection_rule=RULE,
        ),
        tables=tables,
        method=[
            f"Selection: {RULE}.",
            "Agreement of two states: identical votes (yes, no or abstain) divided by the"
            " selected roll calls in which both voted; absence is not a vote.",
            f"Clusters: average-linkage hierarchical clustering on 1 - agreement among states"
            f" that voted in at least {min_votes} selected roll calls, cut into at most"
            f" {clusters} groups; pairs with no common vote count as distance 1.",
            "Alignment of a state with a group: its mean agreement with the group's members.",
        ],
        sources=sources_by_id(conn, [*role(conn, "votes"), *role(conn, "classification")]),
    )


def _vote_matrix(conn: Connection) -> VoteMatrix:
    calls = []
    for r in conn.execute(
        select(
            roll_calls.c.rcid,
            roll_calls.c.date,
            roll_calls.c.resolution,
            roll_calls.c.short,
            roll_calls.c.descr,
        ).order_by(roll_calls.c.rcid)
    ):
        words = sorted({m.lower() for m in PATTERN.findall(f"{r.short or ''} {r.descr or ''}")})
        if words:
            calls.append(SelectedCall(int(r.rcid), r.date, r.resolution, r.short, ", ".join(words)))
    rcids = [c.rcid for c in calls]
    cast = conn.execute(
        select(votes.c.rcid, votes.c.country, votes.c.vote).where(votes.c.rcid.in_(rcids))
    ).all()
    states = sorted({str(v.country) for v in cast})
    row = {s: i for i, s in enumerate(states)}
    col = {r: j for j, r in enumerate(rcids)}
    matrix = np.zeros((len(states), len(rcids)), dtype=np.int8)
    for v in cast:
        matrix[row[v.country], col[v.rcid]] = CODES.get(v.vote, 0)
    return VoteMatrix(rcids, states, matrix, calls)


def _window(matrix: VoteMatrix, since: int | None, until: int | None) -> VoteMatrix:
    keep = [
        j
        for j, c in enumerate(matrix.calls)
        if (since is None or c.date.year >= since) and (until is None or c.date.year <= until)
    ]
    if not keep:
        raise InvalidQuery(
            f"no migration or refugee roll call between {since or 1946} and {until or 2019}"
            " (the vote data run 1946-2019)",
            field="since",
        )
    return VoteMatrix(
        [matrix.rcids[j] for j in keep],
        matrix.states,
        matrix.votes[:, keep],
        [matrix.calls[j] for j in keep],
    )


def _agreement(
    matrix: npt.NDArray[np.int8],
) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.float64]]:
    """Share of identical votes and number of common votes, for every pair of states."""
    voted = (matrix > 0).astype(np.float64)
    common = voted @ voted.T
    same = sum(
        (matrix == code).astype(np.float64) @ (matrix == code).astype(np.float64).T
        for code in CODES.values()
    )
    with np.errstate(invalid="ignore", divide="ignore"):
        agree = np.where(common > 0, same / np.where(common > 0, common, 1), np.nan)
    return agree, common


def _clusters(
    agree: npt.NDArray[np.float64], common: npt.NDArray[np.float64], k: int
) -> npt.NDArray[np.int64]:
    distance = np.where(common > 0, 1.0 - np.nan_to_num(agree, nan=0.0), 1.0)
    np.fill_diagonal(distance, 0.0)
    tree = linkage(squareform(distance, checks=False), method="average")
    raw = fcluster(tree, t=k, criterion="maxclust")
    # Number clusters by size, largest first, so labels read the same on every backend.
    sizes = {c: int((raw == c).sum()) for c in set(raw.tolist())}
    order = sorted(sizes, key=lambda c: (-sizes[c], int(np.flatnonzero(raw == c)[0])))
    relabel = {c: i + 1 for i, c in enumerate(order)}
    return np.array([relabel[c] for c in raw.tolist()], dtype=np.int64)


def _alignment(
    conn: Connection,
    state: str,
    index: dict[str, int],
    agree: npt.NDArray[np.float64],
    common: npt.NDArray[np.float64],
    cluster_of: dict[str, int],
) -> list[Alignment]:
    info = area_info(conn)
    groups: dict[tuple[str, str], list[str]] = {}
    for other in index:
        if other == state:
            continue
        if other in cluster_of:
            groups.setdefault(("cluster", str(cluster_of[other])), []).append(other)
        for scheme in ("region", "development_group"):
            groups.setdefault((scheme, classify(info, other, scheme)), []).append(other)
    i = index[state]
    rows = []
    for (kind, group), members in groups.items():
        values = [agree[i, index[m]] for m in members if common[i, index[m]] > 0]
        rows.append(Alignment(kind, group, len(values), float(np.mean(values)) if values else None))
    return sorted(rows, key=lambda r: (r.group_type, r.group))


def _pairs(
    conn: Connection,
    states: str | Sequence[str] | None,
    chosen: str | None,
    index: dict[str, int],
    agree: npt.NDArray[np.float64],
    common: npt.NDArray[np.float64],
    names: dict[str, str],
) -> list[AgreementPair]:
    """Pairs among `states`, or the chosen state with every other state."""
    if states:
        codes = [c for c in resolve_states(conn, states).codes if c in index]
        pairs = [(a, b) for n, a in enumerate(codes) for b in codes[n + 1 :]]
    elif chosen:
        pairs = [(chosen, b) for b in index if b != chosen]
    else:
        return []
    rows = [
        AgreementPair(
            a,
            names.get(a, a),
            b,
            names.get(b, b),
            None if common[index[a], index[b]] == 0 else float(agree[index[a], index[b]]),
            int(common[index[a], index[b]]),
        )
        for a, b in pairs
    ]
    return sorted(rows, key=lambda r: (r.agreement is None, -(r.agreement or 0.0)))


class VotesParams(Params):
    state: str | None = Field(None, description="A state whose alignment to show")
    states: States = None
    since: int | None = Field(None, description="First year of roll calls")
    until: int | None = Field(None, description="Last year of roll calls")
    clusters: int = Field(4, ge=1, le=20, description="Number of clusters")
    min_votes: int = Field(20, ge=1, description="Least votes for a state to count")


DECLARED = Declared(
    name="votes",
    summary="Common ground in General Assembly votes on migration",
    example="commonground analyse votes --state Mexico --since 2000",
    params=VotesParams,
    answers=VotesSummary,
    rows={
        "clusters": ClusterMember,
        "alignment": Alignment,
        "agreement": AgreementPair,
        "resolutions": SelectedCall,
    },
    run=lambda conn, p: common_ground(
        conn,
        state=p.state,
        states=parse_items(p.states) or None,
        since=p.since,
        until=p.until,
        clusters=p.clusters,
        min_votes=p.min_votes,
    ),
)
