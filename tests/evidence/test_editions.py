"""Adding an edition is a change to `facts/datasets.yaml` alone.

The test declares one more edition of the migrant stock (the UN DESA 2020 table under a new
id and a new short name, made the default), builds on each backend, and asks the API for it:
no code knows its name, yet queries find it, default to it and cite it.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from fastapi.testclient import TestClient

from commonground.app import create_app
from commonground.evidence.build import build
from commonground.evidence.sources.spec import default_path
from tests.conftest import TEST_SCHEMA, backend_settings

KEEP = {"m49-countrynames", "undesa-ims-2019-annex", "undesa-ims-2020"}
NEW_ID = "undesa-ims-2020-declared-again"


def declarations(target: Path) -> Path:
    """The package's declarations cut to the stock's sources and the treaty records the curated
    facts cite (the build refuses a curated action on an instrument no source declares), plus
    one edition no code names."""
    raw: dict[str, Any] = yaml.safe_load(default_path().read_text("utf-8"))
    kept = [s for s in raw["sources"] if s["id"] in KEEP or declares_instruments(s)]
    again = {**next(s for s in kept if s["id"] == "undesa-ims-2020")}
    again.update(id=NEW_ID, editions={"stock": ["2020-again"]}, default_for=["stock"])
    raw["sources"] = [*kept, again]
    ids = {s["id"] for s in kept} | {NEW_ID}
    raw["roles"] = {k: v for k, v in raw["roles"].items() if all(i in ids for i in v)}
    path = target / "datasets.yaml"
    path.write_text(yaml.safe_dump(raw, sort_keys=False), "utf-8")
    return path


def declares_instruments(source: dict[str, Any]) -> bool:
    options = source.get("options") or {}
    return "instrument" in options or "treaties" in options


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def client(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[TestClient]:
    tmp = tmp_path_factory.mktemp("editions")
    settings = backend_settings(str(request.param), tmp)
    schema = f"{TEST_SCHEMA}_editions"
    build(settings, pg_schema=schema, datasets=declarations(tmp))
    app = create_app(settings, pg_schema=schema)
    with TestClient(app) as test_client:
        yield test_client
    app.state.evidence.dispose()


def test_the_new_edition_is_asked_for_by_its_short_name(client: TestClient) -> None:
    params = {"year": 2020, "group_by": "region"}
    new = client.get("/api/stock", params={**params, "edition": "2020-again"}).json()
    old = client.get("/api/stock", params={**params, "edition": "2020"}).json()
    assert new["meta"]["edition"] == NEW_ID
    assert [r["stock"] for r in new["data"]] == [r["stock"] for r in old["data"]]
    assert [s["id"] for s in new["sources"]] == [NEW_ID]


def test_the_new_edition_is_the_default_it_declares(client: TestClient) -> None:
    body = client.get("/api/stock", params={"year": 2020}).json()
    assert body["meta"]["edition"] == NEW_ID
    quadrants = client.get("/api/analysis/quadrants", params={"year": 2020}).json()
    assert quadrants["meta"]["summary"]["edition"] == NEW_ID


def test_an_undeclared_name_lists_the_declared_editions(client: TestClient) -> None:
    response = client.get("/api/stock", params={"edition": "2031"})
    assert response.status_code in (400, 422)
    assert NEW_ID in response.json()["error"]


def test_the_catalogue_lists_the_new_edition(client: TestClient) -> None:
    ids = [r["id"] for r in client.get("/api/sources").json()["data"]]
    assert NEW_ID in ids
