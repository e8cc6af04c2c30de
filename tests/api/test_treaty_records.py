"""Party counts of the refugee, statelessness and organised-crime treaties, counted straight
from the raw UNTC and manyhealth files, against what the API serves, at several dates."""

from __future__ import annotations

from datetime import datetime

import pytest
from fastapi.testclient import TestClient

from tests.analysis import expected
from tests.api import raw

UNTC = "treaties/untc_chapters_v_xviii/untc_{}.csv"
MANYHEALTH = "treaties/manyhealth/manyhealth_refugee_icmw_memberships.csv"
NOT_STATES = {"European Union"}
# Instrument, UNTC file, the file's date, its entry into force.
TREATIES = [
    ("refugee-convention-1951", "5-2", "2013-07-06", "1954-04-22"),
    ("statelessness-convention-1954", "5-3", "2015-03-14", "1960-06-06"),
    ("statelessness-convention-1961", "5-4", "2015-01-27", "1975-12-13"),
    ("refugee-protocol-1967", "5-5", "2014-01-27", "1967-10-04"),
    ("untoc", "18-12", "2014-01-27", "2003-09-29"),
    ("palermo-trafficking-protocol", "18-12-a", "2014-01-27", "2003-12-25"),
    ("palermo-smuggling-protocol", "18-12-b", "2014-07-10", "2004-01-28"),
]
YEARS = [1955, 1970, 1990, 2003, 2004, 2010, 2013]


def consent_years(number: str) -> dict[str, int]:
    """Participant -> year of its instrument of consent, read from the UNTC file."""
    frame = raw.csv(UNTC.format(number))
    column = frame.columns[-1]
    out = {}
    for name, value in zip(frame["Participant"], frame[column], strict=True):
        if value.strip() and name not in NOT_STATES:
            day = " ".join(value.split()[:3])
            out[name] = datetime.strptime(day, "%d %b %Y").year
    return out


def manyhealth_1951() -> dict[str, int]:
    frame = raw.csv(MANYHEALTH)
    rows = frame[frame["manyID"] == "RLTNSR_1951A"]
    return {
        n: int(d[:4]) for n, d in zip(rows["StateName"], rows["StateRatification"], strict=True)
    }


def counts(client: TestClient, instrument: str, year: int) -> dict[str, int | None]:
    body = client.get(f"/api/instruments/{instrument}/parties", params={"as_of": year}).json()
    return dict(body["meta"]["counts"])


@pytest.mark.parametrize(("instrument", "number", "as_of", "in_force"), TREATIES)
def test_party_counts_are_the_raw_files_at_several_dates(
    client: TestClient, instrument: str, number: str, as_of: str, in_force: str
) -> None:
    years = consent_years(number)
    for year in YEARS:
        expected = sum(1 for y in years.values() if y <= year)
        if instrument == "refugee-convention-1951":
            # manyhealth's complete 2024 list adds the states that joined after 2013.
            extra = manyhealth_1951()
            expected += sum(1 for y in extra.values() if y <= year and y > 2013)
        got = counts(client, instrument, year)
        assert got["party"] == expected, (instrument, year)
        if year < int(in_force[:4]):
            assert got["in_force"] == 0, (instrument, year)
        assert got["in_force"] is not None and got["in_force"] <= expected


def test_a_status_after_a_files_date_says_that_date(client: TestClient) -> None:
    body = client.get("/api/instruments/untoc/parties", params={"as_of": 2020}).json()
    assert any("2014-01-27" in w for w in body["meta"]["warnings"])
    parties_1951 = client.get(
        "/api/instruments/refugee-convention-1951/parties", params={"as_of": 2020}
    ).json()
    assert not any("2013-07-06" in w for w in parties_1951["meta"]["warnings"])


def test_every_party_row_names_its_source(client: TestClient) -> None:
    body = client.get(
        "/api/instruments/refugee-convention-1951/parties", params={"limit": 1000}
    ).json()
    by_state = {s["country"]: s for s in body["data"]}
    assert by_state["AFG"]["source_id"] == "untc-5-2"
    assert by_state["SSD"]["source_id"] == "manyhealth-memberships"
    assert by_state["SSD"]["year"] == 2018
    protocol = client.get(
        "/api/instruments/refugee-protocol-1967/parties", params={"as_of": 2018, "limit": 1000}
    ).json()
    ssd = next(s for s in protocol["data"] if s["country"] == "SSD")
    assert ssd["status"] == "party" and ssd["source_id"] == "commonground-governance"
    assert counts(client, "refugee-protocol-1967", 2017)["party"] == len(consent_years("5-5"))
    assert counts(client, "refugee-protocol-1967", 2018)["party"] == len(consent_years("5-5")) + 1


def test_the_icmw_counts_parties_in_force_from_july_2003(client: TestClient) -> None:
    frame = raw.csv(f"{raw.TREATIES}/hr_status_icmw.csv")
    party = frame[frame["status"] == "state party"]
    years = [int(y) for y in party["year ratification or accession"]]
    assert counts(client, "icmw", 1995) == {
        "party": sum(1 for y in years if y <= 1995),
        "signatory": 11,
        "unknown": 0,
        "none": 193 - 11 - sum(1 for y in years if y <= 1995),
        "in_force": 0,
    }
    # A state that ratified late in 2003 is bound only in 2004 (art. 87(2)).
    assert counts(client, "icmw", 2003)["in_force"] == len(expected.icmw_in_force("2003-12-31"))
    coverage = client.get(
        "/api/analysis/coverage", params={"instrument": "icmw", "edition": "undesa-ims-2020"}
    ).json()
    series = {r["year"]: r for r in coverage["data"]}
    assert series[1995]["parties"] == 0 and series[1995]["ratifications"] == 6
    assert coverage["meta"]["summary"]["counts"] == "parties in force"


@pytest.mark.parametrize("instrument", ["statelessness-convention-1954", "untoc"])
def test_new_instruments_are_listed_with_both_counts(client: TestClient, instrument: str) -> None:
    listed = client.get("/api/instruments", params={"limit": 1000}).json()["data"]
    row = next(r for r in listed if r["id"] == instrument)
    assert row["parties"] == counts(client, instrument, 2100)["party"]
    assert row["entry_into_force"] and row["source_url"].startswith("https://")


def test_disagreements_between_two_sources_are_kept(client: TestClient) -> None:
    body = client.get("/api/sources/disagreements").json()
    found = {(r["instrument_id"], r["country"], r["kind"]) for r in body["data"]}
    assert ("refugee-convention-1951", "SSD", "only_in_second") in found
    assert ("icmw", "MWI", "only_in_second") in found
    assert all(r["declared"] and r["reason"] for r in body["data"])
