"""The command line: `commonground build | serve | sources | show | analyse ...`."""

from commonground.cli.main import app, main

__all__ = ["app", "main"]
