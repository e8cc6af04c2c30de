"""`commonground show` prints an entity with its relations, or close matches for a typo."""

from __future__ import annotations

from typer.testing import CliRunner

from commonground.cli import app
from tests.conftest import Built
from tests.governance_raw import rows


def run(built: Built, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(
        app,
        ["show", *args, "--db", built.settings.database_url],
        env={"COLUMNS": "200", "COMMONGROUND_PG_SCHEMA": built.schema},
    )
    return result.exit_code, result.output


def test_show_a_state_with_its_roles_and_sources(built: Built) -> None:
    code, out = run(built, "MAR")
    assert code == 0
    assert "Morocco" in out and "co_chair" in out and "commonground-governance" in out
    hosted = [m["id"] for m in rows("meetings.csv") if m["host_country"] == "MAR"]
    assert all(m in out for m in hosted)


def test_show_a_forum_as_of_a_year(built: Built) -> None:
    code, out = run(built, "gfmd", "--as-of", "2018")
    assert code == 0 and "Germany" in out and "Morocco" in out


def test_show_an_unknown_id_suggests_close_matches(built: Built) -> None:
    code, out = run(built, "gfmdd")
    assert code == 1 and "Did you mean" in out and "gfmd" in out
