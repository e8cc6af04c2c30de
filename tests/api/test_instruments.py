"""GET /api/instruments and /api/instruments/{id}/parties?as_of=YEAR, against the status files."""

from __future__ import annotations

from typing import Any

import pandas as pd
import pytest
from fastapi.testclient import TestClient

from tests.analysis import expected as oracle
from tests.api import raw

INSTRUMENTS = sorted(
    p.stem.removeprefix("hr_status_") for p in (raw.path(raw.TREATIES)).glob("hr_status_*.csv")
)
YEAR = "year ratification or accession"


def api_id(file_key: str) -> str:
    return file_key.replace("_", "-")


def parties(client: TestClient, instrument: str, query: str = "") -> dict[str, Any]:
    response = client.get(f"/api/instruments/{instrument}/parties?limit=1000&{query}")
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


def raw_counts(instrument: str, as_of: int | None = None) -> dict[str, int]:
    """Parties as of the end of a year, signatories and the rest, from the status file.

    The `status` column decides: in seven rows the 0/1 `state party` flag contradicts it
    while the row gives a year of ratification (e.g. Moldova, ICESCR, 1993).
    """
    frame = raw.treaty(instrument)
    party = frame["status"] == "state party"
    if as_of is not None:
        party &= frame[YEAR].map(lambda y: y == "" or int(y) <= as_of)
    # The source's note "Denounced the OP [in] YEAR": a party no longer from that year.
    notes = frame["note"] if "note" in frame.columns else pd.Series("", index=frame.index)
    denounced = pd.to_numeric(notes.str.extract(r"[Dd]enounced .*?(\d{4})")[0])
    party &= ~(denounced <= (9999 if as_of is None else as_of))
    signatory = frame["status"] == "signatory state"
    return {
        "party": int(party.sum()),
        "signatory": int(signatory.sum()),
        "none": int(len(frame) - party.sum() - signatory.sum()),
    }


def test_every_status_file_is_an_instrument_with_its_party_count(client: TestClient) -> None:
    body = client.get("/api/instruments").json()
    assert len(INSTRUMENTS) == 18
    listed = {r["id"]: r for r in body["data"]}
    assert set(listed) >= {api_id(i) for i in INSTRUMENTS}
    for instrument in INSTRUMENTS:
        assert listed[api_id(instrument)]["parties"] == raw_counts(instrument)["party"]


def test_icmw_has_the_published_counts(client: TestClient) -> None:
    body = parties(client, "icmw")
    assert body["meta"]["counts"] == {
        "party": 57,
        "signatory": 11,
        "unknown": 0,
        "none": 125,
        "in_force": 57,
    }
    assert {
        k: v for k, v in body["meta"]["counts"].items() if k not in ("in_force", "unknown")
    } == raw_counts("icmw")
    by_name = {r["name"]: r for r in body["data"]}
    for name, year in [("Egypt", 1993), ("Mexico", 1999), ("Philippines", 1995), ("Chad", 2022)]:
        assert (by_name[name]["status"], by_name[name]["year"]) == ("party", year)
    signatories = {r["country"] for r in body["data"] if r["status"] == "signatory"}
    assert len(signatories) == 11 and "SRB" in signatories


@pytest.mark.parametrize("as_of", [1995, 2000, 2005, 2010, 2015, 2022])
def test_icmw_parties_as_of_a_year(client: TestClient, as_of: int) -> None:
    body = parties(client, "icmw", f"as_of={as_of}")
    assert body["meta"]["as_of"] == as_of
    counts = dict(body["meta"]["counts"])
    in_force = counts.pop("in_force")
    assert counts.pop("unknown") == 0  # a status file lists every UN member
    assert counts == raw_counts("icmw", as_of)
    # Bound from 1 July 2003, and a later party from its own day (art. 87(2)).
    assert in_force == len(oracle.icmw_in_force(f"{as_of}-12-31"))
    assert in_force <= counts["party"]
    frame = raw.treaty("icmw")
    expected = {
        r["iso2"]: int(r[YEAR])
        for r in frame.to_dict("records")
        if r["status"] == "state party" and int(r[YEAR]) <= as_of
    }
    got = {r["name"]: r["year"] for r in body["data"] if r["status"] == "party"}
    assert sorted(got.values()) == sorted(expected.values())


@pytest.mark.parametrize("instrument", INSTRUMENTS)
def test_party_counts_in_1990_for_every_instrument(client: TestClient, instrument: str) -> None:
    body = parties(client, api_id(instrument), "as_of=1990")
    assert body["meta"]["counts"]["party"] == raw_counts(instrument, 1990)["party"]


@pytest.mark.parametrize("instrument", INSTRUMENTS)
def test_party_counts_by_year_for_every_instrument(client: TestClient, instrument: str) -> None:
    for as_of in (2000, 2010, 2022):
        body = parties(client, api_id(instrument), f"as_of={as_of}")
        assert body["meta"]["counts"]["party"] == raw_counts(instrument, as_of)["party"], as_of


def test_crc_has_every_member_but_the_united_states(client: TestClient) -> None:
    body = parties(client, "crc")
    assert body["meta"]["counts"]["party"] == 192
    [usa] = [r for r in body["data"] if r["status"] != "party"]
    assert (usa["country"], usa["status"]) == ("USA", "signatory")


def test_namibia_is_read_from_its_iso2_code(client: TestClient) -> None:
    body = parties(client, "crc")
    namibia = next(r for r in body["data"] if r["country"] == "NAM")
    row = raw.treaty("crc").set_index("iso2").loc["NA"]
    assert namibia["year"] == int(row[YEAR])


def test_status_filter_and_the_warning_about_later_years(client: TestClient) -> None:
    body = parties(client, "icmw", "status=signatory&as_of=2024")
    assert body["total_rows"] == 11
    assert any("mid-2022" in w for w in body["meta"]["warnings"])
    assert body["sources"][0]["file"] == f"{raw.TREATIES}/hr_status_icmw.csv"
