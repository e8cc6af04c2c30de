"""One background thread at a time for a value that is read again while the old one serves.

A value held per process (the build id served, the workspace's practices stamp) ages; when
it does, requests in flight should not all read it again together. The first to see it aged
starts one thread that reads it (`OneRefresh.start`), and they all go on with the old value
for a moment.
"""

from __future__ import annotations

import threading
from collections.abc import Callable


class OneRefresh:
    """Runs `read` in a daemon thread, at most one at a time."""

    def __init__(self, read: Callable[[], None], name: str) -> None:
        self._read = read
        self._name = name
        self._running = False
        self._lock = threading.Lock()

    def start(self) -> bool:
        """Start (or leave running) the one thread; False if it cannot start."""
        with self._lock:
            if self._running:
                return True
            self._running = True
        try:
            threading.Thread(target=self._run, name=self._name, daemon=True).start()
        except RuntimeError:
            self._running = False
            return False
        return True

    def _run(self) -> None:
        try:
            self._read()
        finally:
            self._running = False
