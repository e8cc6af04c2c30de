"""Options shared by the commands: where the bundle and the database are, how to print.

Declared once, used by every command as a type annotation:

    def sources(db: DbOption = None, fmt: FormatOption = Format.table) -> None: ...
"""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from commonground.settings import DATA_ENV, DATABASE_ENV


class Format(StrEnum):
    """How a command prints its answer."""

    table = "table"
    json = "json"
    csv = "csv"


DataOption = Annotated[
    Path | None, typer.Option("--data", help=f"Bundle folder [env {DATA_ENV}]", show_default=False)
]
DbOption = Annotated[
    str | None,
    typer.Option("--db", help=f"SQLAlchemy URL [env {DATABASE_ENV}]", show_default=False),
]
FormatOption = Annotated[Format, typer.Option("--format", help="table, json or csv")]
AsOfOption = Annotated[
    int | None, typer.Option("--as-of", help="Roles, members and status in this year")
]
