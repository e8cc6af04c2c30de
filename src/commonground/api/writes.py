"""A write through the API: a body that holds exactly the fields it names, and one workspace
transaction (with its audit entry) answered with `Ok`."""

from __future__ import annotations

from collections.abc import Callable
from typing import Concatenate, ParamSpec

from pydantic import BaseModel, ConfigDict
from sqlalchemy import Connection, Engine

from commonground.api.workspace_models import Ok
from commonground.workspace.store import writing

P = ParamSpec("P")


class Strict(BaseModel):
    """A request body: a field it does not name is an error, not something quietly dropped."""

    model_config = ConfigDict(extra="forbid")


def written(
    engine: Engine,
    write: Callable[Concatenate[Connection, P], object],
    *args: P.args,
    **kwargs: P.kwargs,
) -> Ok:
    """Run `write(conn, *args, **kwargs)` in one transaction of the workspace; all of it
    commits, audit rows included, or none does."""
    with writing(engine) as conn:
        write(conn, *args, **kwargs)
    return Ok()
