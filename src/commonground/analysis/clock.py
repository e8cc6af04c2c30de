"""The one clock: which day it is for the flags, the dashboard, completion and the reports.

The application holds it as `app.state.clock` (a callable that gives a date; the real UTC
date unless a test or a deployment sets another), and the API and the pages read it through
`today_of`, so every "as of today" answer of one app agrees, and can be asked of a fixed day.
The command line has no app: it uses the real date.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime
from typing import Any

Clock = Callable[[], date]


def utc_today() -> date:
    return datetime.now(UTC).date()


def today_of(state: Any) -> date:
    """Today by the clock an app's state holds (the real date where it holds none)."""
    clock: Clock = getattr(state, "clock", utc_today)
    return clock()
