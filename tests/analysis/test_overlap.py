"""Overlap of forum memberships and the network, from the curated roles file."""

from __future__ import annotations

from collections import defaultdict

import pytest
from sqlalchemy import Connection

from commonground.analysis.overlap import overlap
from tests.governance_raw import rows

MEMBERSHIP = {"member", "founding_member", "associate_member", "suspended_member"}


def _members() -> dict[str, set[str]]:
    out: dict[str, set[str]] = defaultdict(set)
    for r in rows("roles.csv"):
        if r["forum"] and r["role"] in MEMBERSHIP:
            out[r["forum"]].add(r["actor"])
    return out


def test_shared_members_and_jaccard(conn: Connection) -> None:
    members = _members()
    result = overlap(conn)
    pairs = {(r["forum_a"], r["forum_b"]): r for r in result.tables["pairs"]}
    a, b = "khartoum-process", "schengen-area"
    shared = members[a] & members[b]
    assert pairs[(a, b)]["shared"] == len(shared)
    assert pairs[(a, b)]["jaccard"] == pytest.approx(len(shared) / len(members[a] | members[b]))
    assert result.summary.forums == len(members)


def test_bridging_states(conn: Connection) -> None:
    members = _members()
    counts: dict[str, int] = defaultdict(int)
    for actors in members.values():
        for actor in actors:
            if len(actor) == 3 and actor.isupper():
                counts[actor] += 1
    top = max(counts.values())
    bridges = overlap(conn, top=5).tables["bridges"]
    assert bridges[0]["forums"] == top
    assert bridges[0]["state"] in {s for s, n in counts.items() if n == top}
    assert 0 <= bridges[0]["betweenness"] <= 1
