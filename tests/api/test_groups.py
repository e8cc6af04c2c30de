"""Groups of states as named sets and the processes whose members come from the group files,
checked against the raw files; "as of" a year for meetings means held up to that year."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.api import raw

GROUPS = "groups/memberstates_groups_2020.csv"
IIGO = "groups/manyios_iigo_migration_processes_2017.csv"
G20 = "groups/treemapify_g20.csv"


def summary(client: TestClient, route: str, **params: Any) -> dict[str, Any]:
    body = client.get(f"/api/analysis/{route}", params=params).json()
    assert body["ok"], body
    return dict(body["meta"]["summary"])


@pytest.mark.parametrize(
    ("named", "group"),
    [
        ("set:eu", "EU"),
        ("set:oecd", "OECD"),
        ("set:coe", "COE"),
        ("set:nato", "NATO"),
        ("set:un-group:african", "African Group"),
        ("set:un-group:asia-pacific", "Asia-Pacific Group"),
        ("set:un-group:eastern-european", "Eastern European Group"),
        ("set:un-group:grulac", "Latin American and Caribbean Group (GRULAC)"),
        ("set:un-group:weog", "Western European and Others Group (WEOG)"),
    ],
)
def test_each_group_has_the_members_of_its_file(client: TestClient, named: str, group: str) -> None:
    frame = raw.csv(GROUPS)
    expected = (frame["group"] == group).sum()
    assert summary(client, "representation", states=named)["states"] == expected


def test_the_g20_counts_its_states_and_names_the_unions_apart(client: TestClient) -> None:
    states = [c for c in raw.csv(G20)["country"] if c != "European Union"]
    before = summary(client, "representation", states="set:g20", as_of=2020)
    assert before["states"] == len(states) == 19
    assert before["members_not_states"] == ["European Union"]
    after = summary(client, "representation", states="set:g20", as_of=2024)
    assert sorted(after["members_not_states"]) == ["African Union", "European Union"]
    assert after["states"] == 19
    coalition = summary(client, "coalition", states="set:g20")
    assert coalition["states"] == 19 and 0 < coalition["inside_share"] < 1


def test_a_typed_list_mixes_names_codes_and_sets(client: TestClient) -> None:
    found = summary(client, "representation", states="Mexico;USA;GT;set:gcm-champions")
    assert found["states"] >= 30


@pytest.mark.parametrize(
    ("forum", "title", "complete"),
    [
        ("budapest-process", "Budapest Process", True),
        ("bali-process", "Bali Process", False),
        ("gfmd", "Global Forum On Migration And Development", True),
    ],
)
def test_processes_take_members_from_the_file(
    client: TestClient, forum: str, title: str, complete: bool
) -> None:
    frame = raw.csv(IIGO)
    expected = (frame["Title"] == title).sum()
    body = client.get(f"/api/forums/{forum}/members", params={"as_of": 2017, "limit": 1000})
    rows = [r for r in body.json()["data"] if r["source_id"] == "manyios-iigo-processes-2017"]
    assert len({r["actor"] for r in rows}) == expected
    record = client.get(f"/api/forums/{forum}", params={"as_of": 2017}).json()["data"]
    incomplete = any("incomplete list" in n for n in record["notes"])
    assert incomplete is not complete


def test_meetings_as_of_a_year_are_those_held_up_to_it(client: TestClient) -> None:
    record = client.get("/api/forums/gfmd", params={"as_of": 2018}).json()["data"]
    years = [m["year"] for m in record["meetings"]]
    assert 2018 in years and 2007 in years
    assert max(years) == 2018
    docs = client.get("/openapi.json").json()
    text = str(docs["paths"]["/api/forums/{forum_id}"])
    assert "held up to that year" in text


def test_uncovered_corridors_are_between_states_and_aggregates_are_apart(
    client: TestClient,
) -> None:
    body = client.get("/api/analysis/coverage", params={"instrument": "icmw"}).json()
    tables = body["meta"]["tables"]
    ends = {c["origin"] for c in tables["uncovered_corridors"]} | {
        c["destination"] for c in tables["uncovered_corridors"]
    }
    assert "OOO" not in ends
    apart = {a["area"]: a for a in tables["aggregates_apart"]}
    assert "OOO" in apart and 0 < apart["OOO"]["share_of_world"] < 0.2
