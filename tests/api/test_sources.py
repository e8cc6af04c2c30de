"""GET /api/sources: every dataset of the bundle, with the checksum of the real file."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.api import raw
from tests.conftest import DATA_DIR

# Row counts the MANIFEST publishes for the CSV files.
PUBLISHED_ROWS = {
    raw.STOCK_2024: 153_296,
    raw.STOCK_2020: 170_618,
    raw.STOCK_2017: 1_917,
    raw.WDI: 6_069,
    raw.UNHCR: 191_857,
    raw.MISSING: 19_669,
    raw.UN_VOTES: 869_937,
    "unga_votes/unvotes_un_roll_calls.csv": 6_202,
    "unga_votes/unvotes_un_roll_call_issues.csv": 5_745,
    raw.GCM_VOTES: 193,
    raw.COUNTRYNAMES: 257,
    raw.ANNEX: 232,
    raw.GCM_OBJECTIVES: 23,
    raw.GCM_ACTIONS: 187,
}


@pytest.fixture(scope="module")
def catalogue(client: TestClient) -> dict[str, dict[str, Any]]:
    body = client.get("/api/sources?limit=1000").json()
    return {r["file"]: r for r in body["data"]}


def bundle_data_files() -> list[str]:
    """Every data file of the bundle: CSV and Excel, not the provenance copies (.rda)."""
    return sorted(
        p.relative_to(DATA_DIR).as_posix()
        for p in DATA_DIR.rglob("*")
        if p.suffix in (".csv", ".xlsx")
    )


def test_every_data_file_of_the_bundle_is_a_source(
    catalogue: dict[str, dict[str, Any]],
) -> None:
    assert set(bundle_data_files()) <= set(catalogue)


def test_each_source_has_its_citation(catalogue: dict[str, dict[str, Any]]) -> None:
    for file in bundle_data_files():
        source = catalogue[file]
        for key in ("id", "title", "publisher", "edition", "licence", "origin"):
            assert isinstance(source[key], str) and source[key].strip(), (file, key)
        assert source["rows_loaded"] >= 0
        assert source["file_rows"] > 0


@pytest.mark.parametrize("file", bundle_data_files())
def test_checksum_is_the_real_files(catalogue: dict[str, dict[str, Any]], file: str) -> None:
    assert catalogue[file]["sha256"] == raw.sha256(file)


@pytest.mark.parametrize("file", sorted(PUBLISHED_ROWS))
def test_row_counts_are_the_files(catalogue: dict[str, dict[str, Any]], file: str) -> None:
    rows = len(raw.csv(file))
    assert rows == PUBLISHED_ROWS[file]
    assert catalogue[file]["file_rows"] == rows


@pytest.mark.parametrize(
    "file", [raw.UNHCR, raw.MISSING, raw.UN_VOTES, raw.COUNTRYNAMES, raw.GCM_ACTIONS]
)
def test_sources_read_row_for_row_load_every_row(
    catalogue: dict[str, dict[str, Any]], file: str
) -> None:
    assert catalogue[file]["rows_loaded"] == PUBLISHED_ROWS[file]


def test_each_edition_of_migrant_stock_is_its_own_source(
    catalogue: dict[str, dict[str, Any]],
) -> None:
    editions = {
        catalogue[f]["edition"]
        for f in (raw.STOCK_2017, raw.STOCK_2019, raw.STOCK_2020, raw.STOCK_2024)
    }
    assert editions == {"2017", "2019", "2020", "2024"}
    assert catalogue[raw.STOCK_2024]["publisher"].startswith("UN DESA")
    assert "CC BY 3.0 IGO" in catalogue[raw.STOCK_2024]["licence"]


CITING = [
    "/api/stock?destination=MAR&limit=5",
    "/api/analysis/coverage?instrument=icmw",
    "/api/analysis/quadrants",
    "/api/forums/gfmd",
    "/api/instruments/icmw",
    "/api/countries/MAR",
    "/api/gcm/objectives/5",
]


@pytest.mark.parametrize("url", CITING)
def test_an_answer_cites_each_source_as_the_catalogue_lists_it(
    client: TestClient, url: str
) -> None:
    """A reader who follows a citation to /api/sources finds the same record, field for
    field and in the same order, whichever answer cited it."""
    listed = {r["id"]: r for r in client.get("/api/sources?limit=1000").json()["data"]}
    cited = client.get(url).json()["sources"]
    assert cited, url
    for source in cited:
        assert list(source.items()) == list(listed[source["id"]].items()), (url, source["id"])


def test_a_csv_names_its_sources_as_the_json_cites_them(client: TestClient) -> None:
    url = "/api/stock?destination=MAR&limit=5"
    cited = client.get(url).json()["sources"]
    header = client.get(url + "&format=csv").headers["X-Sources"]
    assert (
        header
        == "; ".join(f"{s['id']}: {s['publisher']}, {s['title']} ({s['edition']})" for s in cited)
        .encode("ascii", "replace")
        .decode()
    )
