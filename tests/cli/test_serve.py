"""`commonground` in a real process: a closed output pipe is not an error."""

from __future__ import annotations

import os
import subprocess
import sys

from tests.conftest import Built


def test_show_exits_0_when_its_reader_stops_early(built: Built) -> None:
    env = {
        **os.environ,
        "COMMONGROUND_DATABASE_URL": built.settings.database_url,
        "COMMONGROUND_PG_SCHEMA": built.schema,
    }
    process = subprocess.Popen(
        [sys.executable, "-m", "commonground.cli", "show", "MAR"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert process.stdout is not None and process.stderr is not None
    process.stdout.close()  # like `| head` that has read all it wanted
    stderr = process.stderr.read().decode()
    assert process.wait(timeout=120) == 0, stderr
    assert "Traceback" not in stderr
