"""GET /api/remittances: each edition (2017, 2021, inflows, WDI) against its raw file."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.api import raw
from tests.api.test_errors import assert_error_shape

SHEETS = {
    "2021": (raw.REMIT_2021, "FINAL BRM 2021 "),
    "2017": (raw.REMIT_2017, "Bilateral_Remittances_2017"),
}


def get(client: TestClient, query: str) -> dict[str, Any]:
    response = client.get(f"/api/remittances?limit=10000&{query}")
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


@pytest.mark.parametrize(
    ("edition", "year", "world_bn", "india_bn"),
    [("2021", 2021, 781.1, 89.4), ("2017", 2017, 613.5, 69.0)],
)
def test_bilateral_editions_equal_their_matrix(
    client: TestClient, edition: str, year: int, world_bn: float, india_bn: float
) -> None:
    file, sheet = SHEETS[edition]
    body = get(client, f"edition={edition}")
    assert body["meta"]["year"] == year
    assert body["meta"]["flow"] == "bilateral"
    assert body["sources"][0]["file"] == file
    total = raw.bilateral_total(file, sheet)
    assert body["meta"]["total"] == pytest.approx(total, rel=1e-9)
    assert round(total / 1000, 1) == world_bn
    india = next(r for r in body["data"] if r["receiver"] == "IND")
    assert india["usd_millions"] == pytest.approx(raw.received(file, sheet, "India"), rel=1e-9)
    assert round(india["usd_millions"] / 1000, 1) == india_bn


def test_the_default_edition_is_2021(client: TestClient) -> None:
    assert get(client, "limit=1")["meta"]["source_id"] == "wb-remittances-2021"


def test_senders_of_2021_equal_the_matrix_rows(client: TestClient) -> None:
    file, sheet = SHEETS["2021"]
    names, body_rows = raw.matrix(file, sheet)
    usa = next(cells for name, cells in body_rows if name == "United States")
    expected = sum(
        float(v)
        for v, n in zip(usa, names, strict=True)
        if n != "WORLD" and isinstance(v, int | float)
    )
    body = get(client, "edition=2021&group_by=sender&sender=USA")
    assert body["data"][0]["usd_millions"] == pytest.approx(expected, rel=1e-9)
    assert round(expected / 1000, 1) == 200.2


def test_a_2021_corridor_equals_its_cell(client: TestClient) -> None:
    file, sheet = SHEETS["2021"]
    names, body_rows = raw.matrix(file, sheet)
    usa = next(cells for name, cells in body_rows if name == "United States")
    cell = float(usa[names.index("Mexico")])
    body = get(client, "edition=2021&group_by=corridor&sender=USA&receiver=Mexico")
    [row] = body["data"]
    assert (row["sender"], row["receiver"]) == ("USA", "MEX")
    assert row["usd_millions"] == pytest.approx(cell, rel=1e-9)


def inflow_rows() -> dict[str, tuple[Any, ...]]:
    rows = raw.workbook_rows(raw.INFLOWS, "Inward remittance flows")
    return {str(r[0]).strip(): r for r in rows[1:] if r[0] is not None}


@pytest.mark.parametrize(("year", "column"), [(2023, 24), (2022, 23), (2000, 1)])
def test_inflows_sum_to_the_world_row(client: TestClient, year: int, column: int) -> None:
    header = raw.workbook_rows(raw.INFLOWS, "Inward remittance flows")[0]
    assert str(header[column]).startswith(str(year))
    world = float(inflow_rows()["World"][column])
    # The file's own note: Venezuela "is not included in aggregate sum".
    venezuela = inflow_rows()["Venezuela, RB"][column]
    world += float(venezuela) if isinstance(venezuela, int | float) else 0.0
    body = get(client, f"edition=inflows&year={year}")
    assert body["meta"]["flow"] == "inflow"
    assert body["meta"]["total"] == pytest.approx(world, rel=1e-9)
    india = next(r for r in body["data"] if r["receiver"] == "IND")
    assert india["usd_millions"] == pytest.approx(float(inflow_rows()["India"][column]))


def test_inflows_default_to_2023_estimate(client: TestClient) -> None:
    body = get(client, "edition=inflows")
    assert body["meta"]["year"] == 2023
    assert round(body["meta"]["total"] / 1000, 1) == 860.3
    assert body["data"][0] == {**body["data"][0], "receiver": "IND", "usd_millions": 125_000}


@pytest.mark.parametrize(
    ("flow", "column", "group_by"),
    [
        ("inflow", "personal_remittances_received_usd", "receiver"),
        ("outflow", "personal_remittances_paid_usd", "sender"),
    ],
)
def test_wdi_equals_the_raw_file(client: TestClient, flow: str, column: str, group_by: str) -> None:
    frame = raw.csv(raw.WDI)
    frame = frame[(frame["year"] == "2023") & (frame[column] != "")]
    expected = {r["iso3"]: float(r[column]) / 1e6 for r in frame.to_dict("records")}
    body = get(client, f"edition=wdi&flow={flow}&group_by={group_by}")
    assert body["meta"]["year"] == 2023
    got = {r[group_by]: r["usd_millions"] for r in body["data"]}
    assert got.keys() == expected.keys()
    for iso3, value in expected.items():
        assert got[iso3] == pytest.approx(value, rel=1e-9), iso3
    if flow == "inflow":
        assert round(got["IND"] / 1000, 1) == 119.5
        assert round(sum(got.values()) / 1000) == 822


def test_inflow_figures_have_no_corridors(client: TestClient) -> None:
    response = client.get("/api/remittances?edition=wdi&group_by=corridor")
    assert response.status_code == 422
    assert_error_shape(response.json(), 422)
    assert "2017 or 2021" in response.json()["error"]


def test_an_unknown_edition_lists_the_editions(client: TestClient) -> None:
    body = client.get("/api/remittances?edition=2030").json()
    assert_error_shape(body, 422)
    assert set(body["errors"][0]["allowed"]) == {
        "wb-remittances-2017",
        "wb-remittances-2021",
        "knomad-inflows-2023-12",
        "wdi-remittances",
    }
