"""Practices through the API on both backends: the curated seed on first run, search with
facets and snippets, the reviewed path, validation with close matches, permissions that
attack every write route, the audit log, partners, gaps, suggestions and calls."""

from __future__ import annotations

import copy
from dataclasses import dataclass, replace
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from commonground.workspace import accounts, practice_seed
from commonground.workspace.audit import COMMAND_LINE
from commonground.workspace.practice_index import Query as Search
from commonground.workspace.practice_semantic import ranked_search
from commonground.workspace.store import writing
from commonground.workspace.tables import audit_log, records
from tests.workspace_fixtures import Workspace, auth

DRAFT: dict[str, Any] = {
    "title": "Seasonal orchard workers scheme between Morocco and Spain",
    "summary": "A ministry and growers' association recruit seasonal orchard workers in"
    " Morocco for the Spanish harvest, with pre-departure training and guaranteed return.",
    "description": "Workers are selected **in Morocco** and travel on circular permits.",
    "lead_organisations": [],
    "countries": ["MAR", "ESP"],
    "corridors": [{"origin": "MAR", "destination": "ESP"}],
    "start": "2021-03",
    "status": "ongoing",
    "type": "programme",
    "gcm_objectives": {"primary": 5, "secondary": [6]},
    "guiding_principles": ["international-cooperation"],
    "sdg_targets": ["10.7", "8.8"],
    "languages": ["en", "es"],
    "contact": {"name": "Amina Example", "email": "amina@example.org"},
}


@dataclass
class Cast:
    org: str
    other_org: str
    author: dict[str, str]
    author_id: int
    other_author: dict[str, str]
    reader: dict[str, str]
    moderator: dict[str, str]
    reviewers: list[tuple[int, dict[str, str]]]


@pytest.fixture(scope="module")
def client(seeded_client: TestClient) -> TestClient:
    return seeded_client


@pytest.fixture(scope="module")
def cast(workspace: Workspace, client: TestClient) -> Cast:
    org = workspace.organisation("Ministry of Labour of an example state")
    other = workspace.organisation("A growers association elsewhere")
    author_id = workspace.user("contributor", org)
    return Cast(
        org=org,
        other_org=other,
        author=auth(workspace.token(author_id)),
        author_id=author_id,
        other_author=auth(workspace.token(workspace.user("contributor", other))),
        reader=auth(workspace.token(workspace.user("reader"))),
        moderator=auth(workspace.token(workspace.user("moderator"))),
        reviewers=[
            (r, auth(workspace.token(r))) for r in (workspace.user("reviewer") for _ in range(4))
        ],
    )


def draft(cast: Cast, **changes: Any) -> dict[str, Any]:
    data = copy.deepcopy(DRAFT)
    data["lead_organisations"] = [cast.org]
    data.update(changes)
    return data


def create(client: TestClient, cast: Cast, data: dict[str, Any] | None = None) -> dict[str, Any]:
    response = client.post(
        "/api/practices",
        json={"organisation_id": cast.org, "data": data or draft(cast)},
        headers=cast.author,
    )
    assert response.status_code == 201, response.text
    return dict(response.json()["practice"])


def publish(client: TestClient, cast: Cast, key: str) -> None:
    assert client.post(f"/api/practices/{key}/submit", headers=cast.author).status_code == 200
    for i, (reviewer, _) in enumerate(cast.reviewers[:3]):
        response = client.post(
            f"/api/practices/{key}/assign",
            json={"reviewer_id": reviewer, "internal": i == 0},
            headers=cast.moderator,
        )
        assert response.status_code == 200, response.text
    for _, headers in cast.reviewers[:3]:
        response = client.post(
            f"/api/practices/{key}/review", json={"decision": "approve"}, headers=headers
        )
        assert response.status_code == 200, response.text
    assert response.json()["state"] == "published"


def test_the_curated_practices_are_published_on_first_run(client: TestClient) -> None:
    body = client.get("/api/practices", params={"limit": 5}).json()
    assert body["total"] == 90
    thamm = client.get("/api/practices/thamm").json()["practice"]
    assert thamm["state"] == "published" and thamm["url"] == "/practices/thamm"
    data = thamm["published"]["data"]
    assert data["imported"]["note"] == "imported from source"
    assert data["source_url"].startswith("https://migrationnetwork.un.org/")
    assert data["rests_on"] and data["gcm_objectives"]["primary"] == 5


def test_search_ranks_highlights_and_counts_facets(client: TestClient) -> None:
    body = client.get("/api/practices", params={"q": "seasonal worker schemes"}).json()
    top = [r["slug"] for r in body["results"][:5]]
    assert "australia-seasonal-worker-programme" in top
    assert "<mark>" in (body["results"][0]["snippet"] or "")
    assert body["results"][0]["score"] >= body["results"][-1]["score"]
    objectives = {f["value"]: f["count"] for f in body["facets"]["objective"]}
    assert objectives["5"] >= 3
    narrowed = client.get(
        "/api/practices", params={"q": "seasonal worker schemes", "country": "AUS"}
    ).json()
    assert 0 < narrowed["total"] < body["total"]
    assert narrowed["filters"] == {"country": ["AUS"]}
    assert all(
        "AUS" in [c["value"] for c in narrowed["facets"]["country"]] for _ in narrowed["results"]
    )
    by_objective = client.get("/api/practices", params={"objective": ["5", "18"]}).json()
    assert by_objective["total"] >= objectives["5"]
    csv = client.get("/api/practices", params={"q": "remittances", "format": "csv"})
    assert csv.headers["content-type"].startswith("text/csv")
    assert csv.text.splitlines()[0] == "id,slug,title,summary,score"


def facet_counts(client: TestClient, **params: Any) -> dict[str, Any]:
    body = client.get("/api/practices", params={**params, "limit": 1, "mode": "keyword"}).json()
    counts = {f: {v["value"]: v["count"] for v in vs} for f, vs in body["facets"].items()}
    return {"total": body["total"], **counts}


def every_page(client: TestClient, **params: Any) -> tuple[int, list[dict[str, Any]]]:
    """The total and the results of every page of a search, following `next`."""
    body = client.get("/api/practices", params={**params, "limit": 10}).json()
    results, total = list(body["results"]), body["total"]
    while body["next"] is not None:
        body = client.get(body["next"]).json()
        assert body["total"] == total  # every page counts the same practices
        results += body["results"]
    return total, results


@pytest.mark.parametrize("filters", [{}, {"objective": "5"}])
def test_hybrid_search_pages_through_every_match(
    client: TestClient, workspace: Workspace, filters: dict[str, str]
) -> None:
    """Hybrid mode blends a window and then goes on in keyword order: its pages reach every
    practice keyword mode finds, and its total counts them and the neighbours by meaning."""
    q = "labour migration skills"
    total, keyword = every_page(client, q=q, mode="keyword", **filters)
    hybrid_total, hybrid = every_page(client, q=q, **filters)
    assert total > 10 and len(keyword) == total
    ids = [r["id"] for r in hybrid]
    assert len(ids) == len(set(ids)) == hybrid_total
    extra = [r for r in hybrid if r["id"] not in {k["id"] for k in keyword}]
    assert {r["id"] for r in keyword} <= set(ids)
    assert all(r["keyword"] == 0 and r["snippet"] is None for r in extra)
    assert all(r["summary"] for r in hybrid)  # a neighbour by meaning shows its summary
    assert hybrid_total == total + len(extra)
    # with a window of 5, pages 2 and after come in keyword order, as keyword mode's do
    query = Search(q, tuple((f, (v,)) for f, v in filters.items()), limit=10)
    with workspace.engine.connect() as conn:
        pages = [ranked_search(conn, query, "hybrid", window=5)]
        while pages[-1].results:
            offset = len(pages) * 10
            pages.append(ranked_search(conn, replace(query, offset=offset), "hybrid", window=5))
    small = [r.id for p in pages for r in p.results]
    outside = [i for i in small if i not in {r["id"] for r in keyword}]
    assert {p.total for p in pages} == {len(small)} == {total + len(outside)}
    first = set(small[:10])
    assert len(pages) > 2 and small[10:] == [r["id"] for r in keyword if r["id"] not in first]


@pytest.mark.parametrize("q", ["", "migrant workers"])
def test_facets_are_disjunctive(client: TestClient, q: str) -> None:
    """A facet's counts leave out its own filter and keep every other facet's."""
    everything = facet_counts(client, q=q)
    regions = sorted(everything["region"], key=lambda r: -everything["region"][r])[:2]
    one = facet_counts(client, q=q, region=regions[0])
    assert one["total"] == everything["region"][regions[0]] < everything["total"]
    assert one["region"] == everything["region"]  # the other regions still show their counts
    assert sum(one["type"].values()) == one["total"]  # other facets count what the filter kept
    both = facet_counts(client, q=q, region=regions, type="programme")
    by_type = facet_counts(client, q=q, type="programme")
    by_regions = facet_counts(client, q=q, region=regions)
    assert both["region"] == by_type["region"]
    assert both["type"] == by_regions["type"]
    assert both["total"] == by_regions["type"]["programme"] < by_regions["total"]


def test_bad_input_names_the_field_and_close_matches_and_saves_nothing(
    client: TestClient, cast: Cast, workspace: Workspace
) -> None:
    with workspace.engine.connect() as conn:
        before = conn.execute(select(func.count()).select_from(records)).scalar_one()
    cases = [
        ({"countries": ["MRA"]}, "countries.0", "MAR"),
        ({"countries": ["Morocco"]}, "countries", "ISO 3166"),
        ({"gcm_objectives": {"primary": 24}}, "gcm_objectives.primary", "1 to 23"),
        (
            {"lead_organisations": ["ministry-of-labour-of-an-exampl"]},
            "lead_organisations.0",
            cast.org,
        ),
        ({"start": "2019-13"}, "start", "a year (2019) or a month"),
        ({"type": "programm"}, "type", "programme"),
        ({"guiding_principles": ["human-right"]}, "guiding_principles", "human-rights"),
        ({"regions": ["Northern Afrika"]}, "regions.0", "Northern Africa"),
        ({"origin": {"forum": "gfdm"}}, "origin.forum", "gfmd"),
        ({"origin": {"forum": "gfmd", "meeting": "imrf-2022"}}, "origin.meeting", "imrf"),
        ({"title": ""}, "title", "at least 3"),
        ({"surprise": 1}, "surprise", "Extra inputs"),
    ]
    for change, field, expected in cases:
        response = client.post(
            "/api/practices",
            json={"organisation_id": cast.org, "data": draft(cast, **change)},
            headers=cast.author,
        )
        assert response.status_code == 422, (change, response.text)
        errors = response.json()["errors"]
        hit = [e for e in errors if e["field"] == field]
        assert hit, (field, errors)
        assert expected in hit[0]["message"], (expected, hit[0])
    with workspace.engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(records)).scalar_one() == before


def test_the_reviewed_path_publishes_and_search_finds_it(client: TestClient, cast: Cast) -> None:
    made = create(client, cast)
    slug = made["slug"]
    assert slug.startswith("seasonal-orchard-workers") and made["state"] == "draft"
    assert client.get(f"/api/practices/{slug}").status_code == 404  # drafts are not public
    keyword = {"q": "orchard", "mode": "keyword"}
    assert client.get("/api/practices", params=keyword).json()["total"] == 0
    publish(client, cast, slug)
    found = client.get("/api/practices", params={"q": "orchard workers"}).json()
    assert found["results"][0]["slug"] == slug
    by_title = client.get("/api/practices", params={"limit": 1}).json()["results"]
    newest = client.get("/api/practices", params={"limit": 1, "sort": "newest"}).json()
    assert by_title[0]["slug"] != slug and newest["results"][0]["slug"] == slug
    wrong = client.get("/api/practices", params={"sort": "oldest"})
    assert wrong.status_code == 422 and "sort" in wrong.text
    public = client.get(f"/api/practices/{slug}").json()["practice"]
    assert "contact" not in public["published"]["data"]
    signed_in = client.get(f"/api/practices/{slug}", headers=cast.reader).json()["practice"]
    assert signed_in["published"]["data"]["contact"]["name"] == "Amina Example"
    # a change is a new version, reviewed again; readers keep the published one meanwhile
    response = client.patch(
        f"/api/practices/{slug}", json={"data": {"status": "completed"}}, headers=cast.author
    )
    assert response.status_code == 200 and response.json()["version"] == 2
    assert client.get(f"/api/practices/{slug}").json()["practice"]["published_version"] == 1
    diff = client.get(
        f"/api/practices/{slug}/diff", params={"from": 1, "to": 2}, headers=cast.author
    )
    assert [c["field"] for c in diff.json()["changes"]] == ["status"]
    # the contact goes on request, from every version
    assert (
        client.delete(f"/api/practices/{slug}/contact", headers=cast.other_author).status_code
        == 403
    )
    removed = client.delete(f"/api/practices/{slug}/contact", headers=cast.author)
    assert removed.json()["versions"] == 2
    again = client.get(f"/api/practices/{slug}", headers=cast.reader).json()["practice"]
    assert "contact" not in again["published"]["data"]


def test_a_returned_practice_shows_its_comments_to_its_authors_only(
    client: TestClient, cast: Cast
) -> None:
    slug = create(client, cast, draft(cast, title="A practice to be returned with comments"))[
        "slug"
    ]
    assert client.post(f"/api/practices/{slug}/submit", headers=cast.author).status_code == 200
    for i, (reviewer, _) in enumerate(cast.reviewers[:3]):
        client.post(
            f"/api/practices/{slug}/assign",
            json={"reviewer_id": reviewer, "internal": i == 0},
            headers=cast.moderator,
        )
    for _, headers in cast.reviewers[:3]:
        state = client.post(
            f"/api/practices/{slug}/review",
            json={"decision": "return", "comment": "Say how results were measured."},
            headers=headers,
        ).json()["state"]
    assert state == "returned"
    mine = client.get(f"/api/practices/{slug}", headers=cast.author).json()["practice"]
    comments = [r["comment"] for r in mine["versions"][-1]["reviews"]]
    assert comments == ["Say how results were measured."] * 3
    assert client.get(f"/api/practices/{slug}", headers=cast.other_author).status_code == 404
    assert client.get(f"/api/practices/{slug}").status_code == 404


def test_every_write_route_refuses_the_wrong_people(client: TestClient, cast: Cast) -> None:
    slug = create(client, cast, draft(cast, title="A practice the wrong people try to change"))[
        "slug"
    ]
    body = {"organisation_id": cast.org, "data": draft(cast)}
    routes: list[tuple[str, str, dict[str, Any]]] = [
        ("post", "/api/practices", body),
        ("patch", f"/api/practices/{slug}", {"data": {"status": "planned"}}),
        ("post", f"/api/practices/{slug}/submit", {}),
        ("post", f"/api/practices/{slug}/assign", {"reviewer_id": cast.reviewers[0][0]}),
        ("post", f"/api/practices/{slug}/review", {"decision": "approve"}),
        ("post", f"/api/practices/{slug}/conflict", {"reason": "I know them"}),
        ("delete", f"/api/practices/{slug}/contact", {}),
        (
            "post",
            "/api/practice-calls",
            {"title": "x", "theme": "y", "objectives": [1], "deadline": "2030-01-01"},
        ),
    ]
    for method, path, payload in routes:
        kwargs: dict[str, Any] = {} if method == "delete" else {"json": payload}
        assert getattr(client, method)(path, **kwargs).status_code == 401, path
        assert getattr(client, method)(path, headers=cast.reader, **kwargs).status_code == 403, path
    # a contributor of another organisation
    assert (
        client.post(
            "/api/practices",
            json={"organisation_id": cast.org, "data": draft(cast)},
            headers=cast.other_author,
        ).status_code
        == 403
    )
    for method, path in (
        ("patch", f"/api/practices/{slug}"),
        ("post", f"/api/practices/{slug}/submit"),
    ):
        kwargs = {"json": {"data": {"status": "planned"}}} if method == "patch" else {}
        assert getattr(client, method)(path, headers=cast.other_author, **kwargs).status_code == 403
    # contributors neither assign nor review; reviewers not assigned do not review
    assign = {"reviewer_id": cast.reviewers[0][0]}
    assert (
        client.post(f"/api/practices/{slug}/assign", json=assign, headers=cast.author).status_code
        == 403
    )
    client.post(f"/api/practices/{slug}/submit", headers=cast.author)
    client.post(f"/api/practices/{slug}/assign", json=assign, headers=cast.moderator)
    unassigned = cast.reviewers[3][1]
    response = client.post(
        f"/api/practices/{slug}/review", json={"decision": "approve"}, headers=unassigned
    )
    assert response.status_code == 403


def test_writes_are_in_the_audit_log(client: TestClient, cast: Cast, workspace: Workspace) -> None:
    slug = create(client, cast, draft(cast, title="An audited practice"))["slug"]
    publish(client, cast, slug)
    record_id = client.get(f"/api/practices/{slug}").json()["practice"]["id"]
    with workspace.engine.connect() as conn:
        actions = list(
            conn.execute(
                select(audit_log.c.action)
                .where(audit_log.c.record == f"practice:{record_id}")
                .order_by(audit_log.c.id)
            ).scalars()
        )
    assert actions[:2] == ["record.create", "record.submit"]
    assert actions[-1] == "record.publish"


def test_reimport_is_idempotent_and_keeps_what_people_edited(
    client: TestClient, cast: Cast, workspace: Workspace
) -> None:
    thamm = client.get("/api/practices/thamm").json()["practice"]
    with writing(workspace.engine) as conn:
        accounts.add_member(
            conn, COMMAND_LINE, thamm["organisation_id"], cast.author_id, check=False
        )
    response = client.patch(
        "/api/practices/thamm", json={"data": {"status": "ongoing"}}, headers=cast.author
    )
    assert response.status_code == 200, response.text
    with writing(workspace.engine) as conn:
        report = practice_seed.import_practices(conn, practice_seed.read_seed())
    assert report.kept == ["thamm"] and len(report.unchanged) == 89
    assert report.created == [] and report.refused == []


def test_export_and_import_round_trip_in_csv_and_the_schema_is_documented(
    client: TestClient,
) -> None:
    exported = client.get("/api/practices/export").json()["practices"]
    assert len(exported) >= 90
    parsed = practice_seed.parse(practice_seed.to_csv(exported), "csv")
    by_id = {p["id"]: p for p in parsed}
    original = {p["id"]: p for p in exported}
    assert by_id["thamm"]["corridors"] == original["thamm"]["corridors"]
    assert by_id["thamm"]["lead_organisations"] == original["thamm"]["lead_organisations"]
    schema = client.get("/api/practices/schema").json()
    assert schema == practice_seed.json_schema()
    import json

    assert json.loads(practice_seed.SCHEMA.read_text()) == schema, "regenerate practice.schema.json"


def test_partners_say_why_and_flag_south_south(client: TestClient) -> None:
    body = client.get("/api/partners", params={"objective": 5, "country": "MAR"}).json()
    rows = body["data"]
    assert rows and all(r["why"] for r in rows)
    assert any("shared objectives 5" in " ".join(r["why"]) for r in rows)
    assert any(r["south_south"] or r["triangular"] for r in rows)
    assert client.get("/api/partners").status_code == 422
    assert client.get("/api/partners", params={"objective": 30}).status_code == 422


def test_practice_gaps(client: TestClient) -> None:
    body = client.get("/api/analysis/practice-gaps").json()
    assert body["meta"]["summary"]["practices"] >= 90
    cells = body["data"]
    assert cells and {"objective", "region"} <= set(cells[0])
    corridors = client.get("/api/analysis/practice-gaps", params={"table": "corridors"}).json()
    assert corridors["data"] and corridors["data"][0]["migrants"] > 0
    forums = client.get("/api/analysis/practice-gaps", params={"table": "forums"}).json()["data"]
    assert any(f["forum"] == "gfmd" and f["practices"] > 0 for f in forums)


def test_suggested_objectives_for_a_draft(client: TestClient) -> None:
    text = "Recruiting seasonal agricultural workers abroad under bilateral labour agreements"
    body = client.post("/api/practices/suggest", json={"text": text}).json()
    assert 5 in [o["number"] for o in body["objectives"][:3]]
    assert body["principles"]


def test_a_call_for_practices_shows_what_came_in(client: TestClient, cast: Cast) -> None:
    response = client.post(
        "/api/practice-calls",
        json={
            "title": "Call: practices on seasonal work",
            "theme": "Seasonal and circular labour migration schemes",
            "objectives": [5, 6],
            "deadline": "2099-12-31",
        },
        headers=cast.moderator,
    )
    assert response.status_code == 201, response.text
    call_id = response.json()["call"]["id"]
    data = draft(cast, title="A practice answering the call", origin={"call": call_id})
    publish(client, cast, create(client, cast, data)["slug"])
    call = client.get(f"/api/practice-calls/{call_id}").json()["call"]
    assert call["open"] and [p["title"] for p in call["practices"]] == [
        "A practice answering the call"
    ]
    bad = draft(cast, origin={"call": 9999})
    response = client.post(
        "/api/practices", json={"organisation_id": cast.org, "data": bad}, headers=cast.author
    )
    assert response.status_code == 404
