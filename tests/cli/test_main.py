"""The command line, run in-process: `build` and `sources` as a user sees them."""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import yaml
from sqlalchemy import select
from typer.testing import CliRunner

from commonground.cli import app
from commonground.evidence.store.tables import sources
from tests.bundle import UNDESA_2017, bundle_copy, set_cell
from tests.conftest import DATA_DIR, REPO, Built, scratch

DECLARED = yaml.safe_load(
    (REPO / "src" / "commonground" / "facts" / "datasets.yaml").read_text("utf-8")
)["sources"]


def run(*args: str, built: Built | None = None) -> tuple[int, str]:
    """The command's exit code and output at 80 columns, on `built`'s backend and schema."""
    env = {"COLUMNS": "80"}
    if built is not None:
        env["COMMONGROUND_PG_SCHEMA"] = built.schema
    result = CliRunner().invoke(app, list(args), env=env)
    return result.exit_code, result.output


def shown_rows(output: str, source_id: str) -> int:
    """The row count printed on a source's line of the build table."""
    match = re.search(rf"^\s*{re.escape(source_id)}\s.*?\s([\d,]+)\s+[\d-]*\s*$", output, re.M)
    assert match, f"no line for {source_id} in the build table"
    return int(match.group(1).replace(",", ""))


def test_build_prints_what_it_loaded_per_source(backend: str, tmp_path: Path) -> None:
    with scratch(backend, tmp_path, "cli") as target:
        url = target.settings.database_url
        code, output = run("build", "--data", str(DATA_DIR), "--db", url, built=target)
        assert code == 0, output
        engine = target.engine()
        with engine.connect() as conn:
            loaded = dict(conn.execute(select(sources.c.id, sources.c.rows_loaded)).all())
        engine.dispose()
    for spec in DECLARED:
        assert re.search(rf"^\s*{re.escape(spec['id'])}\s", output, re.M), spec["id"]
    # Row counts as the raw files give them.
    with (DATA_DIR / "unga_votes" / "unvotes_un_votes.csv").open(encoding="utf-8") as handle:
        assert shown_rows(output, "unvotes-votes") == sum(1 for _ in handle) - 1
    mmp = pd.read_csv(DATA_DIR / "extras" / "iom_missing_migrants_2014_2025.csv")
    assert shown_rows(output, "iom-missing-migrants") == len(mmp)
    assert shown_rows(output, "gcm-objectives") == 23
    assert "undesa-ims-2017: 266 aggregate rows" in output
    assert "Unresolved country names: none" in output
    # Two sources, one instrument: the disagreements as a table, each with its reason.
    assert "refugee-convention-1951: untc-5-2 and manyhealth-memberships disagree" in output
    assert re.search(r"^\s*1\s+SSD\s+only in second\s+not a party\s+2018-12-10", output, re.M)
    assert "icmw: untc-status-icmw and manyhealth-memberships disagree" in output
    assert "South Sudan acceded on 2018-12-10" in output
    assert "NOT DECLARED" not in output
    # The table shows what the database it wrote holds.
    for source_id in ("undesa-ims-2024", "unhcr-displacement", "wb-remittances-2021"):
        assert shown_rows(output, source_id) == loaded[source_id]


def test_build_on_bad_data_exits_1_and_keeps_the_previous_database(
    built: Built, tmp_path: Path
) -> None:
    data = bundle_copy(tmp_path / "data", {UNDESA_2017: set_cell(30, "Albania", "12a")})
    url = built.settings.database_url
    code, output = run(
        "build", "--data", str(data), "--db", url, "--no-verify-checksums", built=built
    )
    assert code == 1
    assert "previous database is unchanged" in output
    flat = " ".join(output.split())
    assert f"{UNDESA_2017}, row 30, field 'Albania': not a count (found '12a')" in flat
    code, output = run("build", "--data", str(data), "--db", url, built=built)
    assert code == 1
    assert "SHA-256 checksum differs" in " ".join(output.split())
    code, output = run("sources", "--db", url, built=built)
    assert code == 0
    assert "undesa-ims-2017" in output


def test_sources_lists_every_dataset_with_its_citation(built: Built) -> None:
    code, output = run("sources", "--db", built.settings.database_url, built=built)
    assert code == 0, output
    engine = built.engine()
    with engine.connect() as conn:
        stored = {r["id"]: r for r in conn.execute(select(sources)).mappings()}
    engine.dispose()
    assert len(DECLARED) >= 38
    assert {s["id"] for s in DECLARED} <= set(stored)
    lines = output.splitlines()
    for spec in DECLARED:
        start = next(i for i, line in enumerate(lines) if line.startswith(spec["id"] + " "))
        block = "\n".join(lines[start : start + 7])
        assert f"{stored[spec['id']]['rows_loaded']:,} rows loaded" in block
        for field in ("publisher", "edition", "licence", "file", "sha256"):
            assert f"  {field:<10} {spec[field]}" in block, (spec["id"], field)
