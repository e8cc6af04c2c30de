"""Treaty status (UN Treaty Collection, mid-2022) against the raw files, as of any year."""

from __future__ import annotations

from collections import Counter
from itertools import accumulate

import pandas as pd
import pytest
from sqlalchemy import Connection

from commonground.analysis.instruments import parties, party_counts_by_year
from tests.conftest import DATA_DIR

TREATIES = DATA_DIR / "treaties" / "un_core_hr_treaties"
FILES = sorted(p.stem.removeprefix("hr_status_") for p in TREATIES.glob("hr_status_*.csv"))


def raw(name: str) -> pd.DataFrame:
    return pd.read_csv(TREATIES / f"hr_status_{name}.csv", dtype=str, keep_default_na=False)


def raw_parties(frame: pd.DataFrame) -> pd.DataFrame:
    """Rows whose status column says party, less states the source's note says denounced."""
    note = frame["note"] if "note" in frame else pd.Series("", index=frame.index)
    denounced = note.str.contains("denounce", case=False)
    return frame[(frame["status"] == "state party") & ~denounced]


def instrument_id(name: str) -> str:
    return name.replace("_", "-")


def test_all_eighteen_files_are_covered() -> None:
    assert len(FILES) == 18


def test_icmw_parties_signatories_and_no_action(conn: Connection) -> None:
    frame = raw("icmw")
    expected = frame["status"].value_counts().to_dict()
    assert expected == {"state party": 57, "signatory state": 11, "no action": 125}  # MANIFEST
    result = parties(conn, "icmw")
    counts = result.counts
    assert (counts.party, counts.signatory, counts.none, counts.in_force) == (57, 11, 125, 57)
    signatories = {s.name for s in result.states if s.status == "signatory"}
    assert {"Armenia", "Cambodia", "Serbia", "Sierra Leone"} <= signatories


def test_icmw_entered_into_force_after_twenty_ratifications(conn: Connection) -> None:
    """The 20th ratification came in 2003; the bundle lists only today's UN members."""
    years = raw_parties(raw("icmw"))["year ratification or accession"].astype(int)
    for as_of in (2002, 2003, 2010):
        expected = int((years <= as_of).sum())
        assert parties(conn, "icmw", as_of=as_of).counts.party == expected
    assert int((years <= 2002).sum()) < 20 <= int((years <= 2003).sum())
    assert max(years) == 2022


@pytest.mark.parametrize("name", FILES)
def test_cumulative_party_counts_by_year_equal_the_raw_file(conn: Connection, name: str) -> None:
    frame = raw(name)
    frame = frame[frame["status"] == "state party"]
    counted = Counter(int(y) for y in frame["year ratification or accession"] if y.strip())
    # A party that denounced the instrument stops counting in the year of its denunciation.
    note = frame["note"] if "note" in frame else pd.Series("", index=frame.index)
    for year in note.str.extract(r"[Dd]enounced .*?(\d{4})")[0].dropna():
        counted[int(year)] -= 1
    expected = dict(
        zip(sorted(counted), accumulate(counted[y] for y in sorted(counted)), strict=True)
    )
    # Years where only the parties in force changed (a later party's own entry into force)
    # repeat the count of ratifications.
    got, last = {}, None
    for r in party_counts_by_year(conn, instrument_id(name)):
        if r.parties != last:
            got[r.year] = last = r.parties
    assert got == expected


@pytest.mark.parametrize("name", FILES)
def test_party_count_equals_the_raw_file(conn: Connection, name: str) -> None:
    frame = raw(name)
    members = frame[frame["iso2"] != "MS"]  # OP-CRC-IC lists Montserrat, not a UN member
    result = parties(conn, instrument_id(name))
    assert result.counts.party == len(raw_parties(members))
    counts = result.counts
    assert counts.party + counts.signatory + counts.none == len(members)


def test_crc_usa_is_a_signatory(conn: Connection) -> None:
    frame = raw("crc")
    assert frame.loc[frame["iso2"] == "US", "status"].iloc[0] == "signatory state"
    result = parties(conn, "crc")
    usa = next(s for s in result.states if s.country == "USA")
    assert usa.status == "signatory"
    assert result.counts.party == 192


def test_a_denounced_protocol_is_not_a_party(conn: Connection) -> None:
    """Jamaica and Trinidad and Tobago denounced the ICCPR's first Optional Protocol."""
    states = {s.country: s.status for s in parties(conn, "iccpr-op1").states}
    assert states["JAM"] == "none"
    assert states["TTO"] == "none"
    as_of = {
        year: {s.country: s.status for s in parties(conn, "iccpr-op1", year).states}
        for year in (1990, 1999, 2000)
    }
    assert as_of[1990]["JAM"] == as_of[1990]["TTO"] == "party"
    assert (as_of[1999]["JAM"], as_of[1999]["TTO"]) == ("none", "party")
    assert as_of[2000]["TTO"] == "none"
