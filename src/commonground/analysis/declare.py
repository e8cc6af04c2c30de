"""One declaration per analysis: its name, its typed parameters and how to run it.

The API derives each analysis route (`/api/analysis/NAME`, with a response schema) and the
CLI each `commonground analyse NAME` command from the same declaration, so a parameter, its
default, its bounds and its help text are written once. `analysis.registry` lists them all.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Annotated, Any, Generic, TypeVar

from pydantic import BaseModel, ConfigDict, Field
from pydantic.fields import FieldInfo
from sqlalchemy import Connection

from commonground.analysis.clock import utc_today
from commonground.analysis.paging import Window
from commonground.analysis.result import Analysis, Summary


class Params(BaseModel):
    """The parameters of one analysis; unknown names are refused."""

    model_config = ConfigDict(extra="forbid", frozen=True)


P = TypeVar("P", bound=Params)
S = TypeVar("S", bound=Summary)


def keyword_parameter(name: str, field: FieldInfo, marker: Any) -> inspect.Parameter:
    """A declared field as a keyword-only parameter of a generated function (an API route
    or a CLI command): its type and default, annotated with `marker`, the FastAPI or Typer
    object that carries its bounds and help."""
    default = (
        inspect.Parameter.empty
        if field.is_required()
        else field.get_default(call_default_factory=True)
    )
    return inspect.Parameter(
        name,
        inspect.Parameter.KEYWORD_ONLY,
        default=default,
        annotation=Annotated[field.annotation, marker],
    )


Edition = Annotated[
    str | None,
    Field(description="Stock edition: 2017, 2020, 2024 (the default), wb-2017, or a source id"),
]
Year = Annotated[int | None, Field(description="Default: the edition's latest year")]
Area = Annotated[str | None, Field(description="ISO3, ISO2, M49 code or name")]
AsOfDay = Annotated[
    str | None,
    Field(
        pattern=r"^\d{4}(-\d{2}(-\d{2})?)?$",
        description="As things stood at the end of this year, month or day (default: today)",
    ),
]
SIDE = "for region, subregion, development_group or income_group: which side to classify"


def choices(values: tuple[str, ...]) -> str:
    """A help text listing the values a parameter takes."""
    return ", ".join(values[:-1]) + " or " + values[-1]


AsOf = Annotated[int | None, Field(description="Membership as of this year")]
States = Annotated[
    list[str] | None,
    Field(
        description="Codes or names, comma-separated (use ; when names hold commas), or named"
        " sets: set:ldc, set:high-income, set:africa, set:g20, set:eu, set:oecd, set:coe,"
        " set:nato, set:un-group:african (and asia-pacific, eastern-european, grulac, weog),"
        " set:gcm-champions, forum:ID, meeting:ID, ..."
    ),
]


@dataclass(frozen=True)
class Declared(Generic[P, S]):
    """An analysis as the API and the CLI see it."""

    name: str
    summary: str
    """One line: the route's summary and the command's help."""
    example: str
    """A command line that runs it, shown in the CLI's help."""
    params: type[P]
    answers: type[S]
    """The type of its summary, the schema of the API's `summary` (or a table's `meta`)."""
    rows: Mapping[str, type[Any]] = field(default_factory=dict)
    """Each table's name and the type of its rows (a dataclass), in the order of the result's
    tables, the first the main one: the schema of the API's `data` and `tables`."""
    run: Callable[[Connection, P], Analysis[S]] | None = None
    """Runs over the evidence base alone."""
    run_with_workspace: Callable[[Connection, Connection, P], Analysis[S]] | None = None
    """Runs over both stores: (evidence, workspace, params), for follow-up and practices."""
    run_on_day: Callable[[Connection, Connection, P, date], Analysis[S]] | None = None
    """Runs over both stores for a day (evidence, workspace, params, today): what is overdue
    or inactive depends on the day, which is the caller's clock (see analysis.clock)."""
    run_window: Callable[[Connection, P, Window | None], Analysis[S]] | None = None
    """Runs over the evidence base and reads one window of its main table in SQL (the tables
    of evidence); the result's `total_rows` is the whole table's length."""
    path: tuple[str, ...] = ()
    """Parameters given in the URL path (`/analysis/position/{country}`)."""
    arguments: tuple[str, ...] = ()
    """Parameters given as the command's positional arguments."""

    @property
    def uses_workspace(self) -> bool:
        return self.run_with_workspace is not None or self.run_on_day is not None

    @property
    def uses_clock(self) -> bool:
        return self.run_on_day is not None

    def execute(
        self,
        conn: Connection,
        params: P,
        workspace: Connection | None = None,
        today: date | None = None,
        window: Window | None = None,
    ) -> Analysis[S]:
        """Run with checked parameters (and the workspace, for an analysis that reads it;
        `today` for one that depends on the day, the real date where none is given).

        `window` asks for one page of the main table, where the declaration reads pages in
        SQL; the others compute whole tables and leave the paging to the caller."""
        if self.run_window is not None:
            return self.run_window(conn, params, window)
        if self.run_on_day is not None:
            assert workspace is not None, f"the {self.name} analysis reads the workspace"
            return self.run_on_day(conn, workspace, params, today or utc_today())
        if self.run_with_workspace is not None:
            assert workspace is not None, f"the {self.name} analysis reads the workspace"
            return self.run_with_workspace(conn, workspace, params)
        assert self.run is not None, f"the {self.name} analysis declares no run"
        return self.run(conn, params)

    def __call__(
        self,
        conn: Connection,
        workspace: Connection | None = None,
        today: date | None = None,
        window: Window | None = None,
        **values: Any,
    ) -> Analysis[S]:
        """Validate `values` against the parameters and run the analysis."""
        return self.execute(conn, self.params.model_validate(values), workspace, today, window)
