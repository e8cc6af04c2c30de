"""The governance map over HTTP: actors, forums, meetings, instruments, pillars, vocabularies."""

from __future__ import annotations

import csv
import io

from fastapi.testclient import TestClient

from tests.governance_raw import dated_in, rows


def test_forum_as_of_a_year_gives_its_chair_and_troika(client: TestClient) -> None:
    body = client.get("/api/forums/gfmd", params={"as_of": 2010}).json()
    assert body["ok"] is True
    chairs = {r["actor"] for r in body["data"]["roles"] if r["role"] in ("chair", "co_chair")}
    troika = {r["actor"] for r in body["data"]["roles"] if r["role"] == "troika"}
    raw = [r for r in rows("roles.csv") if r["forum"] == "gfmd" and dated_in(r, 2010)]
    assert chairs == {r["actor"] for r in raw if r["role"] in ("chair", "co_chair")} == {"MEX"}
    assert troika == {r["actor"] for r in raw if r["role"] == "troika"}
    organs = {o["id"] for o in body["data"]["organs"]}
    assert organs == {r["id"] for r in rows("forums.csv") if r["parent"] == "gfmd"}
    assert {m["id"] for m in body["data"]["meetings"]} == {
        m["id"]
        for m in rows("meetings.csv")
        # Meetings as of a year: those held up to that year.
        if m["forum"] == "gfmd" and m["start_date"] and m["start_date"][:4] <= "2010"
    }
    assert all(r["source_url"] and r["source_says"] for r in body["data"]["roles"])


def test_members_as_of_a_year_as_csv(client: TestClient) -> None:
    response = client.get(
        "/api/forums/schengen-area/members", params={"as_of": 2024, "format": "csv"}
    )
    assert response.headers["content-type"].startswith("text/csv")
    found = {r["actor"] for r in csv.DictReader(io.StringIO(response.text))}
    expected = {
        r["actor"]
        for r in rows("roles.csv")
        if r["forum"] == "schengen-area"
        and r["role"] == "member"
        and (dated_in(r, 2024) or r["as_of"] == "2024")
    }
    assert found == expected and len(found) > 20


def test_a_state_by_any_code_with_its_roles_over_time(client: TestClient) -> None:
    by_iso2 = client.get("/api/actors/MA").json()
    by_m49 = client.get("/api/actors/504").json()
    assert by_iso2["data"]["actor"]["id"] == by_m49["data"]["actor"]["id"] == "MAR"
    roles = {(r["forum"], r["role"]) for r in by_iso2["data"]["forum_roles"]}
    assert roles == {
        (r["forum"], r["role"]) for r in rows("roles.csv") if r["actor"] == "MAR" and r["forum"]
    }
    assert {s["id"] for s in by_iso2["sources"]} >= {"commonground-governance"}


def test_actors_filter_by_kind(client: TestClient) -> None:
    body = client.get("/api/actors", params={"kind": "un_agency", "limit": 1000}).json()
    assert {a["id"] for a in body["data"]} == {
        r["id"] for r in rows("actors.csv") if r["kind"] == "un_agency"
    }
    assert all(a["pillar"] == 4 for a in body["data"])


def test_forums_filter_by_pillar(client: TestClient) -> None:
    body = client.get("/api/forums", params={"pillar": 3, "limit": 1000}).json()
    assert {f["id"] for f in body["data"]} == {
        r["id"] for r in rows("forums.csv") if r["pillar"] == "3"
    }


def test_a_meeting_with_host_and_sources(client: TestClient) -> None:
    body = client.get("/api/meetings/gfmd-2018").json()["data"]
    raw = next(m for m in rows("meetings.csv") if m["id"] == "gfmd-2018")
    assert body["host_country"]["code"] == raw["host_country"]
    assert body["meeting"]["start_date"] == raw["start_date"]
    assert body["meeting"]["source_says"] == raw["source_says"]


def test_a_meeting_with_the_documents_it_produced(client: TestClient) -> None:
    raw = rows("documents.csv")
    assert raw, "documents.csv holds no rows"
    for meeting in sorted({d["meeting"] for d in raw}):
        body = client.get(f"/api/meetings/{meeting}").json()["data"]
        expected = {
            d["id"]: (
                d["symbol"] or None,
                d["title"],
                d["kind"],
                d["date"] or None,
                d["url"] or None,
            )
            for d in raw
            if d["meeting"] == meeting
        }
        found = {
            d["id"]: (d["symbol"], d["title"], d["kind"], d["date"], d["url"])
            for d in body["documents"]
        }
        assert found == expected
        assert all(d["source_url"] and d["source_says"] for d in body["documents"])
        assert body["notes"] == []


def test_the_2013_declaration_and_a_meeting_without_documents(client: TestClient) -> None:
    raw = next(d for d in rows("documents.csv") if d["symbol"] == "A/68/L.5")
    hld = client.get(f"/api/meetings/{raw['meeting']}").json()["data"]
    [declaration] = [d for d in hld["documents"] if d["symbol"] == "A/68/L.5"]
    assert declaration["source_url"] == raw["source_url"] == hld["meeting"]["source_url"]
    without = next(
        m["id"]
        for m in rows("meetings.csv")
        if m["id"] not in {d["meeting"] for d in rows("documents.csv")}
    )
    body = client.get(f"/api/meetings/{without}").json()["data"]
    assert body["documents"] == []
    assert any("no document" in n for n in body["notes"])


def test_an_instrument_with_parties_as_of_a_year(client: TestClient) -> None:
    body = client.get("/api/instruments/ilo-c189", params={"as_of": 2014}).json()["data"]
    expected = {
        r["actor"]
        for r in rows("instrument_actions.csv")
        if r["instrument"] == "ilo-c189"
        and r["action"] == "ratification"
        and int(r["date"][:4]) <= 2014
    }
    assert {s["country"] for s in body["states"] if s["status"] == "party"} == expected
    assert body["counts"]["party"] == len(expected)
    empty = client.get("/api/instruments/gcr").json()["data"]
    assert empty["warnings"] == ["no party data held for this instrument"]


def test_instrument_list_covers_bundled_and_curated(client: TestClient) -> None:
    body = client.get("/api/instruments", params={"limit": 1000}).json()
    ids = {i["id"] for i in body["data"]}
    assert {r["id"] for r in rows("instruments.csv")} <= ids
    assert "icmw" in ids
    parties = client.get("/api/instruments/ilo-c097/parties", params={"as_of": 1970}).json()
    assert any("partial" in w for w in parties["meta"]["warnings"])


def test_pillars_principles_and_migof(client: TestClient) -> None:
    pillars = client.get("/api/pillars").json()["data"]
    assert [p["number"] for p in pillars] == [1, 2, 3, 4, 5]
    assert next(p for p in pillars if p["number"] == 4)["forums"]
    principles = client.get("/api/gcm/principles").json()
    assert principles["total_rows"] == len(rows("gcm_principles.csv")) == 10
    migof = client.get("/api/migof").json()
    assert [m["kind"] for m in migof["data"]] == [r["kind"] for r in rows("migof.csv")]


def test_unknown_ids_use_the_one_error_shape(client: TestClient) -> None:
    for path in ("/api/forums/gfmdd", "/api/actors/unhrc", "/api/meetings/gfmd-2099"):
        response = client.get(path)
        body = response.json()
        assert response.status_code == 404
        assert body["ok"] is False and body["status"] == 404 and body["error"]
    assert "gfmd" in client.get("/api/forums/gfmdd").json()["suggestions"]


def test_every_gcm_champion_is_dated_or_says_why_not(client: TestClient) -> None:
    champions = [
        r for r in rows("roles.csv") if r["forum"] == "gcm-champions" and r["role"] == "member"
    ]
    # Each Champion has a row with the year it joined, or the year by which a source shows it
    # a Champion and why the day it joined is not known.
    dated = {
        r["actor"]
        for r in champions
        if r["from_year"]
        or (r["as_of"] and ("not given" in r["note"] or r["as_of"] in r["source_says"]))
    }
    assert dated == {r["actor"] for r in champions}
    accra = client.get("/api/meetings/gcm-champions-accra").json()["data"]["meeting"]
    assert (accra["start_date"], accra["end_date"]) == ("2023-11-28", "2023-11-30")

    def members(year: int) -> set[str]:
        response = client.get(
            "/api/forums/gcm-champions/members", params={"as_of": year, "format": "csv"}
        )
        return {r["actor"] for r in csv.DictReader(io.StringIO(response.text))}

    # Egypt, Iraq and Kenya were welcomed in June 2021; Luxembourg is known only from Accra.
    assert {"EGY", "IRQ", "KEN", "BGD"} <= members(2021)
    assert "LUX" not in members(2021) and "LUX" in members(2023)
    assert len(members(2023)) >= 28
