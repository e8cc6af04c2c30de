"""A treaty binds a later party only from the day its own article says, counted here from the
raw UNTC and manyhealth files and the words of each article (facts/datasets.yaml), against
what the API serves on the days either side of that day."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.analysis import expected
from tests.api import raw
from tests.api.test_treaty_records import NOT_STATES, UNTC

# Instrument, UNTC file, the treaty's entry into force, days after a later party's deposit.
RULES = [
    ("refugee-convention-1951", "5-2", "1954-04-22", 90, "art. 43(2)"),
    ("statelessness-convention-1954", "5-3", "1960-06-06", 90, "art. 39(2)"),
    ("statelessness-convention-1961", "5-4", "1975-12-13", 90, "art. 18(2)"),
    ("refugee-protocol-1967", "5-5", "1967-10-04", 0, "art. VIII(2)"),
    ("untoc", "18-12", "2003-09-29", 30, "art. 38(2)"),
    ("palermo-trafficking-protocol", "18-12-a", "2003-12-25", 30, "art. 17(2)"),
    ("palermo-smuggling-protocol", "18-12-b", "2004-01-28", 30, "art. 22(2)"),
]


def deposits(number: str) -> dict[str, date]:
    """Participant -> the day of its instrument of consent, read from the UNTC file."""
    frame = raw.csv(UNTC.format(number))
    column = frame.columns[-1]
    out = {}
    for name, value in zip(frame["Participant"], frame[column], strict=True):
        if value.strip() and name not in NOT_STATES:
            out[name] = datetime.strptime(" ".join(value.split()[:3]), "%d %b %Y").date()
    return out


def bound(deposit: date, in_force: str, days: int) -> date:
    return max(date.fromisoformat(in_force), deposit + timedelta(days=days))


def on(client: TestClient, instrument: str, day: date) -> dict[str, Any]:
    response = client.get(f"/api/instruments/{instrument}", params={"on": day.isoformat()})
    assert response.status_code == 200, response.text
    data: dict[str, Any] = response.json()["data"]
    return data


@pytest.mark.parametrize(("instrument", "number", "in_force", "days", "article"), RULES)
def test_parties_in_force_on_the_days_around_a_later_partys_own_entry_into_force(
    client: TestClient, instrument: str, number: str, in_force: str, days: int, article: str
) -> None:
    held = deposits(number)
    later = sorted(d for d in held.values() if d > date.fromisoformat(in_force))
    # A deposit after the treaty's entry into force, from the middle of the file's years.
    deposit = later[len(later) // 2]
    day = bound(deposit, in_force, days)
    for asked in (day - timedelta(days=1), day):
        counted = on(client, instrument, asked)["counts"]
        want = sum(1 for d in held.values() if bound(d, in_force, days) <= asked)
        ratified = sum(1 for d in held.values() if d <= asked)
        assert counted["in_force"] == want, (instrument, asked)
        assert counted["party"] == ratified, (instrument, asked)
    day_before = on(client, instrument, day - timedelta(days=1))["counts"]["in_force"]
    assert on(client, instrument, day)["counts"]["in_force"] > day_before
    instrument_row = on(client, instrument, day)["instrument"]
    assert instrument_row["state_entry_days"] == days
    assert instrument_row["state_entry_article"] == article
    assert instrument_row["state_entry_url"].startswith("http")
    assert instrument_row["state_entry_says"]


@pytest.mark.parametrize(("instrument", "number", "in_force", "days", "article"), RULES)
def test_every_partys_day_is_the_later_of_the_treatys_and_its_own(
    client: TestClient, instrument: str, number: str, in_force: str, days: int, article: str
) -> None:
    del article
    body = client.get(f"/api/instruments/{instrument}/parties", params={"limit": 1000}).json()
    names = {r["name_as_read"]: r for r in _acts(client, instrument)}
    rows = {r["country"]: r for r in body["data"]}
    checked = 0
    for name, deposit in deposits(number).items():
        code = names[name]["country"]
        assert rows[code]["bound_from"] == bound(deposit, in_force, days).isoformat(), name
        checked += 1
    assert checked == len(deposits(number))


def _acts(client: TestClient, instrument: str) -> list[dict[str, str]]:
    """The treaty actions the API lists, to map a UNTC participant name to its code."""
    data = client.get(f"/api/instruments/{instrument}").json()["data"]
    return [
        {"name_as_read": a["name_as_read"], "country": s["country"]}
        for s in data["states"]
        for a in s["actions"]
        if a["name_as_read"]
    ]


def test_the_1967_protocol_binds_on_the_day_of_deposit(client: TestClient) -> None:
    afghanistan = deposits("5-5")["Afghanistan"]
    before = on(client, "refugee-protocol-1967", afghanistan - timedelta(days=1))
    that_day = on(client, "refugee-protocol-1967", afghanistan)
    states_before = {s["country"]: s for s in before["states"]}
    states_then = {s["country"]: s for s in that_day["states"]}
    assert states_before["AFG"]["status"] == "none"
    assert states_then["AFG"]["status"] == "party" and states_then["AFG"]["in_force"] is True


def test_the_icmw_binds_on_the_first_day_of_the_month_after_three_months(
    client: TestClient,
) -> None:
    # Albania ratified on 5 June 2007 (manyhealth): bound from 1 October 2007, art. 87(2).
    assert expected.manyhealth_icmw()["ALB"] == ("2007-06-05", "2007-10-01")
    for day, bound_yet in (("2007-09-30", False), ("2007-10-01", True)):
        data = on(client, "icmw", date.fromisoformat(day))
        albania = next(s for s in data["states"] if s["country"] == "ALB")
        assert albania["status"] == "party" and albania["in_force"] is bound_yet
        assert albania["bound_from"] == "2007-10-01"
        assert data["counts"]["in_force"] == len(expected.icmw_in_force(day))
    deposited = on(client, "icmw", date(2007, 6, 5))["counts"]["party"]
    assert on(client, "icmw", date(2007, 6, 4))["counts"]["party"] == deposited - 1


def test_a_year_and_a_day_together_or_a_day_that_is_none_are_refused(
    client: TestClient,
) -> None:
    both = client.get("/api/instruments/untoc", params={"as_of": 2005, "on": "2005-03-01"})
    assert both.status_code == 422
    assert both.json()["errors"][0]["field"] == "on"
    assert "not both" in both.json()["error"]
    none = client.get("/api/instruments/untoc/parties", params={"on": "2005-02-30"})
    assert none.status_code == 422 and none.json()["errors"][0]["field"] == "on"
    assert "Traceback" not in none.text
