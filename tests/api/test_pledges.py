"""Pledges through the API on both backends: every field validated, matching pledges, the
update lifecycle, the moderator's confirmation, flags by the app's clock, filters and CSV,
permissions attacked route by route, audit rows, and the curated import."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import date
from typing import Any

import pytest
from fastapi.testclient import TestClient

from commonground.app import create_app
from commonground.workspace import audit
from commonground.workspace.followup_seed import import_followup
from commonground.workspace.store import writing
from tests.workspace_fixtures import Workspace, auth

DESCRIPTION = (
    "The Ministry will train 2,000 labour inspectors in the rights of migrant workers by the end"
    " of 2025, in every region of the country, with the ILO and the national network of"
    " migrant associations; the training follows the GCM's guiding principles and is evaluated"
    " by an independent body each year, with its reports published online."
)
PLEDGE: dict[str, Any] = {
    "title": "Train labour inspectors in migrant workers' rights",
    "kind": "human_resources",
    "description": DESCRIPTION,
    "objectives": [6, 22],
    "principles": ["human-rights"],
    "actions": ["6a"],
    "countries": ["MAR"],
    "corridors": ["SEN-MAR"],
    "metric": "labour inspectors trained",
    "baseline": "0 in 2022",
    "target": "2,000",
    "deadline": "2025",
    "means_of_implementation": "national budget and ILO technical support",
    "amount": 1_500_000,
    "currency": "USD",
    "made_at": "imrf-2022",
    "made_on": "2022-05-19",
    "evidence": ["https://example.org/pledge"],
}


class Clock:
    def __init__(self) -> None:
        self.today = date(2022, 6, 1)

    def __call__(self) -> date:
        return self.today


@dataclass
class Cast:
    client: TestClient
    clock: Clock
    org: str
    partner_org: str
    pledger: dict[str, str]
    partner: dict[str, str]
    outsider: dict[str, str]
    moderator: dict[str, str]
    reviewer: dict[str, str]
    reviewer_id: int
    workspace: Workspace


@pytest.fixture(scope="module")
def cast(workspace: Workspace) -> Iterator[Cast]:
    settings = replace(workspace.settings, review_policy="1")
    app = create_app(settings, pg_schema=workspace.built.schema)
    clock = Clock()
    app.state.clock = clock
    org = workspace.organisation("Ministry of Labour of Morocco")
    partner_org = workspace.organisation("Migrant associations network")
    other = workspace.organisation("Unrelated city")
    reviewer = workspace.user("reviewer")
    with TestClient(app, base_url="http://127.0.0.1") as client:
        yield Cast(
            client=client,
            clock=clock,
            org=org,
            partner_org=partner_org,
            pledger=auth(workspace.token(workspace.user("contributor", org))),
            partner=auth(workspace.token(workspace.user("contributor", partner_org))),
            outsider=auth(workspace.token(workspace.user("contributor", other))),
            moderator=auth(workspace.token(workspace.user("moderator"))),
            reviewer=auth(workspace.token(reviewer)),
            reviewer_id=reviewer,
            workspace=workspace,
        )
    app.state.evidence.dispose()
    app.state.workspace.dispose()


def publish(cast: Cast, data: dict[str, Any], org: str, who: dict[str, str]) -> int:
    c = cast.client
    r = c.post("/api/records/pledge", json={"organisation_id": org, "data": data}, headers=who)
    assert r.status_code == 201, r.text
    rid = int(r.json()["record"]["id"])
    assert c.post(f"/api/records/pledge/{rid}/submit", headers=who).status_code == 200
    r = c.post(
        f"/api/records/pledge/{rid}/assign",
        json={"reviewer_id": cast.reviewer_id},
        headers=cast.moderator,
    )
    assert r.status_code == 200, r.text
    r = c.post(
        f"/api/records/pledge/{rid}/review", json={"decision": "approve"}, headers=cast.reviewer
    )
    assert r.json()["state"] == "published", r.text
    return rid


def joint(cast: Cast) -> dict[str, Any]:
    return {**PLEDGE, "partners": [cast.partner_org]}


def update(cast: Cast, rid: int, on: str, status: str, who: dict[str, str] | None = None) -> Any:
    body = {"date": on, "status": status, "narrative": f"{status} as of {on}", "value": "120"}
    return cast.client.post(
        f"/api/pledges/{rid}/updates", json=body, headers=cast.pledger if who is None else who
    )


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"description": "too short"}, "description"),
        ({"kind": "goodwill"}, "kind"),
        ({"objectives": [24]}, "objectives.0"),
        ({"countries": ["Morocco"]}, "countries.0"),
        ({"corridors": ["MAR to ESP"]}, "corridors.0"),
        ({"deadline": "next year"}, "deadline"),
        ({"amount": -5}, "amount"),
        ({"currency": None}, "currency"),
        ({"evidence": ["javascript:alert(1)"]}, "evidence.0"),
        ({"title": ""}, "title"),
        ({"colour": "red"}, "colour"),
        ({"partners": ["no-such-organisation"]}, "partners.0"),
        ({"matches": 999999}, "matches"),
    ],
)
def test_every_field_is_validated_with_a_message_naming_it(
    cast: Cast, change: dict[str, Any], field: str
) -> None:
    data = {**PLEDGE, **change}
    r = cast.client.post(
        "/api/records/pledge",
        json={"organisation_id": cast.org, "data": data},
        headers=cast.pledger,
    )
    assert r.status_code == 422, r.text
    body = r.json()
    assert field.split(".")[0] in body["error"] + " ".join(e["field"] for e in body["errors"])


def test_a_joint_pledge_a_matching_pledge_updates_and_a_confirmed_fulfilment(cast: Cast) -> None:
    c = cast.client
    rid = publish(cast, joint(cast), cast.org, cast.pledger)
    match = publish(
        cast, {**PLEDGE, "matches": rid, "title": "Match"}, cast.partner_org, cast.partner
    )
    shown = c.get(f"/api/pledges/{rid}").json()["pledge"]
    assert shown["status"] == "planned" and shown["matched_by"] == [match]
    assert shown["published"]["data"]["partners"] == [cast.partner_org]
    assert shown["flags"] == []

    assert update(cast, rid, "2022-05-30", "in_progress").status_code == 201
    # the past is not rewritten, the future not reported, the lifecycle not reversed
    r = update(cast, rid, "2022-05-01", "in_progress")
    assert r.status_code == 422 and "never rewrites the past" in r.json()["error"]
    assert update(cast, rid, "2022-07-01", "in_progress").status_code == 422
    r = update(cast, rid, "2022-06-01", "planned")
    assert r.status_code == 422 and "cannot go back" in r.json()["error"]
    # only the pledger reports, only a moderator confirms
    assert update(cast, rid, "2022-06-01", "in_progress", cast.partner).status_code == 403
    assert update(cast, rid, "2022-06-01", "in_progress", {}).status_code == 401
    assert update(cast, rid, "2022-06-01", "fulfilled").status_code == 201
    shown = c.get(f"/api/pledges/{rid}").json()["pledge"]
    assert shown["status"] == "in_progress" and shown["fulfilment_pending"] is True
    assert update(cast, rid, "2022-06-01", "fulfilled").status_code == 409
    url = f"/api/pledges/{rid}/updates/2/confirm"
    assert c.post(url, json={}, headers=cast.pledger).status_code == 403
    assert c.post(url, json={}).status_code == 401
    assert (
        c.post(f"/api/pledges/{rid}/updates/1/confirm", json={}, headers=cast.moderator).status_code
        == 409
    )
    r = c.post(url, json={"decision": "confirmed"}, headers=cast.moderator)
    assert r.status_code == 200, r.text
    assert r.json()["pledge"]["status"] == "fulfilled"
    assert c.post(url, json={}, headers=cast.moderator).status_code == 409
    assert update(cast, rid, "2022-06-01", "in_progress").status_code == 409
    # the audit log has every write, with before and after
    with cast.workspace.engine.connect() as conn:
        actions = [e["action"] for e in audit.entries(conn, f"pledge:{rid}")]
    assert actions.count("pledge.update") == 2
    assert "pledge.fulfilment_confirmed" in actions and "record.publish" in actions


def test_flags_follow_the_clock(cast: Cast) -> None:
    c = cast.client
    rid = publish(cast, {**PLEDGE, "deadline": "2023-06"}, cast.org, cast.pledger)
    assert update(cast, rid, "2022-06-01", "in_progress").status_code == 201
    flags = lambda: c.get(f"/api/pledges/{rid}").json()["pledge"]["flags"]  # noqa: E731
    assert flags() == []
    cast.clock.today = date(2023, 6, 30)
    assert flags() == ["no_update_12m"]
    cast.clock.today = date(2023, 7, 1)
    assert flags() == ["overdue", "no_update_12m"]
    cast.clock.today = date(2024, 7, 1)
    assert flags() == ["overdue", "inactive"]
    ids = {row["id"] for row in c.get("/api/pledges?flag=overdue&limit=1000").json()["data"]}
    assert rid in ids
    past = {row["id"] for row in c.get("/api/pledges?flag=overdue&as_of=2023-01").json()["data"]}
    assert rid not in past
    cast.clock.today = date(2022, 6, 1)


def test_list_filters_pagination_and_csv(cast: Cast) -> None:
    c = cast.client
    rid = publish(cast, {**PLEDGE, "kind": "financial", "objectives": [19]}, cast.org, cast.pledger)
    for query, expected in [
        ("objective=19", True),
        ("objective=18", False),
        ("country=MAR", True),
        ("country=SEN", False),
        ("kind=financial", True),
        ("kind=policy_oriented", False),
        ("meeting=imrf-2022", True),
        ("meeting=gfmd-2008", False),
        ("status=planned", True),
        ("status=fulfilled", False),
        (f"organisation={cast.org}", True),
    ]:
        ids = {row["id"] for row in c.get(f"/api/pledges?{query}&limit=1000").json()["data"]}
        assert (rid in ids) is expected, query
    assert c.get("/api/pledges?status=done").status_code == 422
    assert c.get("/api/pledges?flag=late").status_code == 422
    page = c.get("/api/pledges?limit=1").json()
    assert len(page["data"]) == 1 and page["total_rows"] >= 1
    text = c.get("/api/pledges?format=csv&objective=19").text
    rows = list(csv.DictReader(io.StringIO(text)))
    assert any(r["id"] == str(rid) and r["amount"] == "1500000.0" for r in rows)
    assert rows[0]["status"] and "flags" in rows[0]


def test_a_contributor_cannot_write_for_another_organisation(cast: Cast) -> None:
    c = cast.client
    r = c.post(
        "/api/records/pledge",
        json={"organisation_id": cast.org, "data": PLEDGE},
        headers=cast.outsider,
    )
    assert r.status_code == 403
    rid = publish(cast, PLEDGE, cast.org, cast.pledger)
    assert update(cast, rid, "2022-06-01", "in_progress", cast.outsider).status_code == 403
    r = c.put(f"/api/records/pledge/{rid}", json={"data": PLEDGE}, headers=cast.outsider)
    assert r.status_code == 403
    read_only = auth(cast.workspace.token(cast.workspace.user("contributor", cast.org), ("read",)))
    assert update(cast, rid, "2022-06-01", "in_progress", read_only).status_code == 403
    assert c.get("/api/pledges/999999").status_code == 404
    assert update(cast, 999999, "2022-06-01", "in_progress").status_code == 404


def test_curated_import_is_idempotent_and_keeps_later_edits(cast: Cast) -> None:
    engine = cast.workspace.engine
    first = import_followup(engine)
    assert first.pledges.created == 40 and first.recommendations.created == 48
    again = import_followup(engine)
    assert again.pledges.created == 0 and again.pledges.unchanged == 40
    c = cast.client
    listed = c.get("/api/pledges?limit=1000").json()["data"]
    imported = [p for p in listed if p["source_url"]]
    assert len(imported) == 40
    matching = [p for p in imported if p["title"].lower().startswith("multistakeholder")]
    assert matching or imported
    recs = c.get("/api/recommendations?forum=gfmd&limit=1000").json()["data"]
    assert {r["meeting"] for r in recs} >= {"gfmd-2007", "gfmd-2008"}
    assert c.get("/api/recommendations?status=completed&as_of=2010").json()["total_rows"] >= 4
    # an edit made since is never overwritten by a later import
    rec = next(r for r in recs if r["status"] == "open")
    with writing(engine) as conn:
        from commonground.workspace import review
        from commonground.workspace.followup_seed import importer
        from commonground.workspace.recommendations import RECOMMENDATION

        actor = importer(conn)
        published = review.record_json(conn, RECOMMENDATION, rec["id"], actor).published
        assert published is not None
        data = published.data
        review.edit(conn, actor, RECOMMENDATION, rec["id"], {**data, "status": "in_progress"})
    third = import_followup(engine)
    assert third.recommendations.kept_edits and third.recommendations.created == 0


def test_completion_of_the_first_two_gfmd_summits_by_2010(cast: Cast) -> None:
    import yaml

    from commonground.workspace.followup_curation import curated_recommendations

    import_followup(cast.workspace.engine)
    seeds = [r for r in curated_recommendations() if r["meeting"] in ("gfmd-2007", "gfmd-2008")]
    done = [r for r in seeds if r["completed_on"] and int(str(r["completed_on"])[:4]) <= 2010]
    assert yaml and len(seeds) == 6
    c = cast.client
    r = c.get("/api/analysis/completion?forum=gfmd&as_of=2010&table=recommendations")
    assert r.status_code == 200, r.text
    body = r.json()
    rows = {row["meeting"]: row for row in body["data"]}
    assert set(rows) == {"gfmd-2007", "gfmd-2008"}  # later summits had not met by 2010
    assert sum(row["completed"] for row in rows.values()) == len(done)
    summary = body["meta"]["summary"]
    assert summary["recommendation_completion_rate"] == len(done) / len(seeds)
    before = c.get("/api/analysis/completion?forum=gfmd&as_of=2008-01").json()["meta"]["summary"]
    assert before["recommendations_completed"] < len(done)
    gaps = c.get("/api/analysis/completion?table=objectives_without").json()
    listed = c.get("/api/analysis/completion?table=clusters").json()["data"]
    assert {row["objective"] for row in gaps["data"]} | {row["objective"] for row in listed} == set(
        range(1, 24)
    )
    by_kind = c.get("/api/analysis/completion?by=kind&table=pledges").json()["data"]
    today = cast.clock.today.isoformat()  # the completion's default date is the app's today
    assert sum(row["pledges"] for row in by_kind) == len(
        c.get(f"/api/pledges?limit=1000&as_of={today}").json()["data"]
    )
    assert c.get("/api/analysis/completion?by=colour").status_code == 422


def test_the_dashboard_shows_the_figures_the_api_gives(cast: Cast) -> None:
    import_followup(cast.workspace.engine)
    c = cast.client
    today = cast.clock.today.isoformat()  # the dashboard's default date is the app's today
    listed = c.get(f"/api/pledges?limit=10000&as_of={today}").json()["data"]
    api = c.get("/api/analysis/pledge-dashboard?table=by_status").json()
    assert sum(row["pledges"] for row in api["data"]) == len(listed)
    statuses = {row["status"]: row["pledges"] for row in api["data"]}
    assert statuses["fulfilled"] == sum(1 for p in listed if p["status"] == "fulfilled")
    page = c.get("/pledges/dashboard")
    assert page.status_code == 200
    assert f'data-pledges="{len(listed)}"' in page.text
    for table in ("by_status", "by_flag", "by_objective", "by_region", "by_pledger_kind"):
        assert f'data-table="{table}"' in page.text
        csv_text = c.get(f"/api/analysis/pledge-dashboard?table={table}&format=csv").text
        assert "pledges" in csv_text.splitlines()[0]
    past = c.get("/pledges/dashboard?as_of=2019")
    assert past.status_code == 200 and 'data-pledges="' in past.text


def test_the_dashboard_and_completion_answer_for_the_apps_day(cast: Cast) -> None:
    """One clock: the dashboard's and the completion's "today" is the day the flags use, so
    their counts agree with the pledge list on any day the app's clock is set to."""
    c = cast.client
    rid = publish(
        cast, {**PLEDGE, "deadline": "2022-12", "title": "Clocked"}, cast.org, cast.pledger
    )

    def listed(query: str) -> list[dict[str, Any]]:
        day = cast.clock.today.isoformat()
        rows: list[dict[str, Any]] = c.get(f"/api/pledges?limit=1000&as_of={day}{query}").json()[
            "data"
        ]
        return rows

    def overdue() -> set[int]:
        return {row["id"] for row in listed("&flag=overdue")}

    try:
        for today, late in ((date(2022, 6, 1), False), (date(2023, 2, 1), True)):
            cast.clock.today = today
            board = c.get("/api/analysis/pledge-dashboard").json()["meta"]["summary"]
            done = c.get("/api/analysis/completion").json()["meta"]["summary"]
            assert board["as_of"] == done["as_of"] == today.isoformat()
            assert board["overdue"] == len(overdue()) and (rid in overdue()) is late
            assert board["pledges"] == done["pledges"] == len(listed(""))
            page = c.get("/pledges/dashboard").text
            assert f'datetime="{today.isoformat()}"' in page
            assert f'data-overdue="{board["overdue"]}"' in page
    finally:
        cast.clock.today = date(2022, 6, 1)


def test_the_dashboards_counts_are_those_of_the_pledge_list_on_any_day(cast: Cast) -> None:
    """The dashboard counts in the database (GROUP BY); the list computes each pledge's status
    and flags one by one. Both must give the same figures, for pledges with a pending, a
    declined and a confirmed fulfilment, and on days before and after each update."""
    c = cast.client
    cast.clock.today = date(2023, 3, 1)
    try:
        undated = {k: v for k, v in PLEDGE.items() if k != "made_on"}
        ids = [
            publish(cast, {**undated, "title": f"Counted {n}", "deadline": deadline}, *who)
            for n, (deadline, who) in enumerate(
                [
                    ("2022-12", (cast.org, cast.pledger)),
                    ("2024", (cast.org, cast.pledger)),
                    ("2023-02-28", (cast.partner_org, cast.partner)),
                ]
            )
        ]
        updates = [
            (ids[0], {"date": "2023-01", "status": "fulfilled", "narrative": "Done."}),
            (ids[1], {"date": "2023-01-15", "status": "in_progress", "narrative": "Half."}),
            (ids[1], {"date": "2023-02-01", "status": "fulfilled", "narrative": "Done."}),
            (ids[2], {"date": "2023-02-10", "status": "fulfilled", "narrative": "Done."}),
        ]
        for rid, body in updates:
            who = cast.partner if rid == ids[2] else cast.pledger
            r = c.post(f"/api/pledges/{rid}/updates", json=body, headers=who)
            assert r.status_code == 201, r.text
        for rid, number, decision in ((ids[1], 2, "confirmed"), (ids[2], 1, "declined")):
            r = c.post(
                f"/api/pledges/{rid}/updates/{number}/confirm",
                json={"decision": decision, "note": "checked against the report"},
                headers=cast.moderator,
            )
            assert r.status_code == 200, r.text
        for day in ("2022-06-01", "2023-01-20", "2023-03-01", "2025-06-30", "2030-01-01"):
            listed = c.get(f"/api/pledges?limit=10000&as_of={day}").json()["data"]
            board = c.get(f"/api/analysis/pledge-dashboard?as_of={day}").json()["meta"]
            tables = {
                t: c.get(f"/api/analysis/pledge-dashboard?as_of={day}&table={t}").json()["data"]
                for t in ("by_status", "by_flag", "by_kind", "by_pledger_kind", "by_objective")
            }

            def count(rows: list[dict[str, Any]], key: str) -> dict[str, int]:
                return {str(r[key]): r["pledges"] for r in rows if r["pledges"]}

            def tally(values: list[str]) -> dict[str, int]:
                return {v: values.count(v) for v in set(values)}

            assert board["summary"]["pledges"] == len(listed)
            assert board["summary"]["with_updates"] == sum(1 for p in listed if p["updates"])
            assert count(tables["by_status"], "status") == tally([p["status"] for p in listed])
            flags = [f for p in listed for f in p["flags"].split("; ") if f]
            assert count(tables["by_flag"], "flag") == tally(flags)
            kinds = [p["kind"] or "not stated" for p in listed]
            assert count(tables["by_kind"], "kind") == tally(kinds)
            pledgers = [p["pledger_kind"] or "other" for p in listed]
            assert count(tables["by_pledger_kind"], "pledger_kind") == tally(pledgers)
            objectives = [n for p in listed for n in p["objectives"].split("; ") if n]
            assert count(tables["by_objective"], "objective") == tally(objectives)
        late = c.get("/api/pledges?limit=10000&as_of=2030-01-01&flag=overdue").json()["data"]
        assert ids[0] in {p["id"] for p in late} and ids[1] not in {p["id"] for p in late}
    finally:
        cast.clock.today = date(2022, 6, 1)


def test_filters_and_pages_read_in_sql_match_each_pledges_status_and_flags(cast: Cast) -> None:
    """The list filters (status and flags too) and pages in the database, and computes status
    and flags in Python for the page alone: every filter must keep exactly the pledges whose
    computed status or flags say so, on days before, between and after their updates."""
    import_followup(cast.workspace.engine)
    c = cast.client
    seen: set[str] = set()
    for day in ("2008-06-30", "2012-01", "2019", "2023-03-01", "2026-06-30"):
        whole = c.get(f"/api/pledges?limit=10000&as_of={day}").json()
        rows = whole["data"]
        assert whole["total_rows"] == len(rows)
        for status in ("planned", "in_progress", "fulfilled", "dropped"):
            body = c.get(f"/api/pledges?limit=10000&as_of={day}&status={status}").json()
            expected = [r for r in rows if r["status"] == status]
            assert body["data"] == expected, (day, status)
            assert body["total_rows"] == len(expected)
            seen |= {status} if expected else set()
        for flag in ("overdue", "no_update_12m", "inactive", "not_measurable"):
            body = c.get(f"/api/pledges?limit=10000&as_of={day}&flag={flag}").json()
            expected = [r for r in rows if flag in r["flags"].split("; ")]
            assert body["data"] == expected, (day, flag)
            seen |= {flag} if expected else set()
        paged = []
        for offset in range(0, len(rows) + 7, 7):
            page = c.get(f"/api/pledges?limit=7&offset={offset}&as_of={day}").json()
            assert page["total_rows"] == len(rows)
            paged += page["data"]
        assert paged == rows
    for query in ("objective=2", "country=MAR", "kind=financial", "meeting=gfmd-2007"):
        whole = c.get(f"/api/pledges?limit=10000&{query}&status=planned").json()
        assert whole["total_rows"] == len(whole["data"])
    assert seen >= {"planned", "fulfilled", "overdue", "inactive", "not_measurable"}
