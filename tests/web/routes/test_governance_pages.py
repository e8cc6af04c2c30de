"""Forum, meeting and organisation pages over plain HTTP, checked against the API."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient

from tests.governance_raw import rows


def member_links(html: str) -> set[str]:
    """The states linked from the members table of a forum page."""
    table = html.split("data-members>", 1)[1].split("</table>", 1)[0]
    return set(re.findall(r'<tr data-actor="([^"]+)"', table))


def test_forums_index_groups_by_pillar_and_kind(client: TestClient) -> None:
    html = client.get("/forums").text
    assert "Pillar 2: Dialogues and exchange of practice" in html
    assert "Regional consultative process" in html and "Free movement regime" in html
    for forum in client.get("/api/forums", params={"limit": 1000}).json()["data"]:
        assert f'href="/forums/{forum["id"]}"' in html
    assert "format=csv" in html


def test_forum_page_as_of_a_year_lists_the_members_the_api_gives(client: TestClient) -> None:
    html = client.get("/forums/colombo-process", params={"as_of": 2014}).text
    api = client.get("/api/forums/colombo-process", params={"as_of": 2014}).json()["data"]
    assert member_links(html) == {m["actor"] for m in api["members"]}
    assert f'data-member-count="{api["member_count"]}"' in html
    assert "as of 2014" in html
    for note in api["notes"]:
        assert note[:40] in html.replace("&#39;", "'").lower()
    assert "/api/forums/colombo-process/members?as_of=2014" in html


def test_forum_page_shows_each_fact_with_its_source(client: TestClient) -> None:
    html = client.get("/forums/colombo-process", params={"as_of": 2024}).text
    api = client.get("/api/forums/colombo-process", params={"as_of": 2024}).json()["data"]
    first = api["members"][0]
    assert first["source_url"] in html
    assert first["source_says"].replace("'", "&#39;") in html
    assert "listed as of 2024" in html


def test_forum_page_measures_who_is_in_the_room(client: TestClient) -> None:
    html = client.get("/forums/colombo-process", params={"as_of": 2014}).text
    api = client.get(
        "/api/analysis/representation", params={"forum": "colombo-process", "as_of": 2014}
    ).json()["meta"]["summary"]
    shown = re.search(r'data-share-origin="([^"]+)"', html)
    assert shown and float(shown.group(1)) == api["share_of_migrants_by_origin"]
    assert f"{api['share_of_migrants_by_origin'] * 100:.1f}%" in html
    assert 'data-missing="destination"' in html and "/countries/USA" in html
    assert "International Migrant Stock 2024" in html


def test_forum_without_member_list_says_so(client: TestClient) -> None:
    assert "no member list is held" in client.get("/forums/unnm").text.lower()
    html = client.get("/forums/gfmd").text
    assert "Vabulas and Snidal" in html  # the participating states come from the IIGO file
    assert "gfmd-chair" in html  # organs link to their own pages
    meetings = client.get("/api/forums/gfmd").json()["data"]["meetings"]
    for m in meetings:
        assert f'href="/meetings/{m["id"]}"' in html


def test_meeting_page_gives_date_place_host_and_source(client: TestClient) -> None:
    html = client.get("/meetings/gfmd-2008").text
    data = client.get("/api/meetings/gfmd-2008").json()["data"]
    meeting = data["meeting"]
    assert meeting["start_date"] in html and meeting["place"] in html
    assert 'href="/countries/PHL"' in html
    assert 'href="/forums/gfmd"' in html
    assert meeting["source_url"] in html


def test_meeting_page_lists_its_documents_with_sources(client: TestClient) -> None:
    raw = rows("documents.csv")
    for meeting in sorted({d["meeting"] for d in raw}):
        html = client.get(f"/meetings/{meeting}").text
        table = html.split("data-documents>", 1)[1].split("</table>", 1)[0]
        mine = [d for d in raw if d["meeting"] == meeting]
        assert set(re.findall(r'data-document="([^"]+)"', table)) == {d["id"] for d in mine}
        for d in mine:
            assert d["title"].replace("'", "&#39;") in table
            assert (d["symbol"] or "not held") in table
            assert (d["date"] or "not held") in table
            assert d["source_says"].replace("'", "&#39;") in table
            if d["url"]:
                assert f'href="{d["url"]}"' in table
            if d["source_url"].startswith("http"):
                assert f'href="{d["source_url"]}"' in table


def test_meeting_page_without_documents_says_none_is_held(client: TestClient) -> None:
    with_documents = {d["meeting"] for d in rows("documents.csv")}
    meeting = next(m["id"] for m in rows("meetings.csv") if m["id"] not in with_documents)
    html = client.get(f"/meetings/{meeting}").text
    assert "Documents (0)" in html and "data-documents>" not in html
    assert "no document of this meeting is held" in html.lower()


def test_actor_page_lists_roles_over_time_with_links(client: TestClient) -> None:
    html = client.get("/actors/iom").text
    record = client.get("/api/actors/iom").json()["data"]
    assert "International Organization for Migration" in html
    for role in record["forum_roles"]:
        assert f'href="/forums/{role["forum"]}"' in html
    assert client.get("/actors").status_code == 200


def test_a_state_as_actor_leads_to_its_profile(client: TestClient) -> None:
    response = client.get("/actors/MAR", follow_redirects=False)
    assert response.status_code == 307
    assert response.headers["location"].startswith("/countries/MAR")


def test_unknown_forum_suggests_close_matches(client: TestClient) -> None:
    response = client.get("/forums/colombo-proces")
    assert response.status_code == 404
    assert "colombo-process" in response.text


def test_country_profile_links_forums_and_meetings(client: TestClient) -> None:
    html = client.get("/countries/PHL").text
    assert 'href="/forums/colombo-process"' in html
    assert 'href="/meetings/gfmd-2008"' in html
