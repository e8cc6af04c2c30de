"""Nothing people wrote is ever lost: a build, a failed build and builds killed with SIGKILL
at several moments leave every workspace row as it was; a crash inside a write leaves all of
it or none, its audit entry included."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from commonground.workspace import accounts, review
from commonground.workspace.audit import COMMAND_LINE
from commonground.workspace.notes import NOTE
from commonground.workspace.store import open_workspace, writing
from tests.bundle import ANNEX, bundle_copy, repeat_line
from tests.conftest import DATA_DIR, PG_URL, TEST_SCHEMA, Built
from tests.workspace.filler import fill
from tests.workspace_fixtures import Workspace, drop_workspace, workspace_settings

KILL_AFTER = (0.5, 3.0, 8.0)  # seconds into a build: starting, reading sources, writing


def _build(settings_env: dict[str, str], data: Path) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [str(Path(sys.executable).with_name("commonground")), "build", "--data", str(data)],
        env={**os.environ, **settings_env},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


@pytest.fixture
def scene(built: Built, tmp_path: Path) -> tuple[Workspace, dict[str, str]]:
    """A filled workspace and the environment of a build beside it: the workspace is the
    default one of that evidence base (the file beside it, or the schema on the server)."""
    if built.backend == "sqlite":
        evidence = f"sqlite:///{tmp_path / 'commonground.db'}"
        env = {"COMMONGROUND_DATABASE_URL": evidence}
        from commonground.settings import Settings

        settings = Settings(DATA_DIR, evidence)
    else:
        assert PG_URL
        settings = workspace_settings(built, tmp_path, "lost")
        env = {
            "COMMONGROUND_DATABASE_URL": PG_URL,
            "COMMONGROUND_PG_SCHEMA": f"{TEST_SCHEMA}_lost",
            "COMMONGROUND_WORKSPACE_SCHEMA": settings.workspace_schema,
        }
    ws = Workspace(built.backend, built, settings, open_workspace(settings))
    fill(ws)
    yield ws, env
    ws.engine.dispose()
    drop_workspace(settings)
    if built.backend != "sqlite":
        admin = create_engine(PG_URL)
        with admin.begin() as conn:
            for suffix in ("", "_building", "_previous"):
                conn.execute(text(f'DROP SCHEMA IF EXISTS "{TEST_SCHEMA}_lost{suffix}" CASCADE'))
        admin.dispose()


def test_builds_finished_failed_and_killed_leave_the_workspace_as_it_was(
    scene: tuple[Workspace, dict[str, str]], tmp_path: Path
) -> None:
    ws, env = scene
    before = ws.rows()
    assert _build(env, DATA_DIR).wait(timeout=900) == 0
    assert ws.rows() == before
    broken = bundle_copy(tmp_path / "broken", {ANNEX: repeat_line(5)})
    assert _build(env, broken).wait(timeout=300) != 0
    assert ws.rows() == before
    for seconds in KILL_AFTER:
        process = _build(env, DATA_DIR)
        time.sleep(seconds)
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=60)
        assert ws.rows() == before, f"killed after {seconds} s"


def test_a_crash_inside_a_write_leaves_none_of_it(workspace: Workspace) -> None:
    org = workspace.organisation("Crash test")
    author = workspace.user("contributor", org)
    before = workspace.rows()
    with pytest.raises(RuntimeError, match="power cut"), writing(workspace.engine) as conn:
        actor = accounts.actor_for(conn, accounts.get_user(conn, author))
        review.create(conn, actor, NOTE, org, {"about": "country:MAR", "title": "t", "body": "b"})
        accounts.create_user(conn, COMMAND_LINE, "half@example.org", "a long passphrase", "reader")
        raise RuntimeError("power cut")  # after the rows and their audit entries, before commit
    assert workspace.rows() == before


def test_a_completed_write_keeps_all_of_it(workspace: Workspace) -> None:
    org = workspace.organisation("Complete test")
    author = workspace.user("contributor", org)
    before = workspace.rows()
    with writing(workspace.engine) as conn:
        actor = accounts.actor_for(conn, accounts.get_user(conn, author))
        rid = review.create(
            conn, actor, NOTE, org, {"about": "country:MAR", "title": "t", "body": "b"}
        )
    after = workspace.rows()
    assert len(after["records"]) == len(before["records"]) + 1
    assert len(after["audit_log"]) == len(before["audit_log"]) + 1
    assert any(row[6] == f"note:{rid}" for row in after["audit_log"])
