"""The command line: build, serve and query Common Ground."""

from __future__ import annotations

import os
import sys
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn
from sqlalchemy.exc import SQLAlchemyError

from commonground.cli.analyse import app as analyse_app
from commonground.cli.documents import app as documents_app
from commonground.cli.documents import ingest
from commonground.cli.options import DataOption, DbOption
from commonground.cli.pledges import app as pledges_app
from commonground.cli.practices import app as practices_app
from commonground.cli.report import print_build_report, print_sources
from commonground.cli.review_reports import app as report_app
from commonground.cli.show import show
from commonground.cli.users import app as users_app
from commonground.cli.workspace import app as workspace_app
from commonground.cli.workspace import backup, outbox, restore
from commonground.domain.errors import CommonGroundError
from commonground.settings import (
    DATABASE_ENV,
    PG_SCHEMA_ENV,
    POOL_ENV,
    load_settings,
)

app = typer.Typer(
    help="Common Ground: global migration governance and its evidence.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
)
console = Console()
app.add_typer(analyse_app, name="analyse")
app.command()(show)
app.add_typer(users_app, name="users")
app.add_typer(workspace_app, name="workspace")
app.add_typer(practices_app, name="practices")
app.add_typer(pledges_app, name="pledges")
app.add_typer(documents_app, name="documents")
app.add_typer(report_app, name="report")
for command in (ingest, backup, restore, outbox):
    app.command()(command)


@app.command()
def build(
    data: DataOption = None,
    db: DbOption = None,
    verify_checksums: Annotated[
        bool, typer.Option(help="Refuse files whose checksum differs from the declared edition")
    ] = True,
    force: Annotated[
        bool, typer.Option("--force", help="Build even if the database is up to date")
    ] = False,
) -> None:
    """Build the database from the bundle, atomically; skipped when nothing changed.

    The database in place is kept when it was built from the same bundle files (declared
    checksums, sizes, modification times) by the same code; --force builds anyway.

    Example: commonground build --data ../shared/data --db sqlite:///commonground.db
    """
    from commonground.evidence.build import BuildBusy, up_to_date
    from commonground.evidence.build import build as run_build

    settings = load_settings(data, db)
    if not force and up_to_date(settings):
        console.print(
            f"The database {settings.database_url} is up to date with {settings.data_dir}"
            " and this code: nothing to build (`commonground build --force` rebuilds)."
        )
        return
    console.print(f"Building from [bold]{settings.data_dir}[/] into {settings.database_url}")
    with Progress(
        TextColumn("{task.description:<32}"),
        BarColumn(),
        TextColumn("{task.completed}/{task.total}"),
        TimeElapsedColumn(),
        console=console,
        transient=True,
    ) as bar:
        task = bar.add_task("starting", total=1)

        def report(source: str, index: int, total: int) -> None:
            bar.update(task, description=source, completed=index, total=total)

        try:
            result = run_build(settings, verify_checksums=verify_checksums, progress=report)
        except BuildBusy as exc:
            console.print(f"[red]Not built: {escape(str(exc))}.[/]")
            raise typer.Exit(1) from None
        except CommonGroundError as exc:
            console.print(
                f"[red]Build failed; the previous database is unchanged.[/]\n{escape(str(exc))}"
            )
            raise typer.Exit(1) from None
        except SQLAlchemyError as exc:
            console.print(
                "[red]Build failed in the database; the previous database is"
                f" unchanged.[/]\n{type(exc).__name__}: {escape(str(exc))}"
            )
            raise typer.Exit(1) from None
    print_build_report(console, result)
    console.print("Unresolved country names: none (the build stops on any name it cannot map).")


@app.command()
def serve(
    host: Annotated[str, typer.Option(help="Interface to listen on")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port", envvar="PORT")] = 8000,
    db: DbOption = None,
    workers: Annotated[
        int, typer.Option(min=1, help="Server processes; each serves any request")
    ] = 1,
    pool_size: Annotated[
        int | None,
        typer.Option(min=1, help=f"Requests one process serves at once [env {POOL_ENV}]"),
    ] = None,
    access_log: Annotated[bool, typer.Option(help="Log every request")] = False,
) -> None:
    """Serve the web app and the JSON API.

    Each worker process runs `commonground.app:create_app` with the settings passed in the
    environment; behind a reverse proxy, run as many servers as there are cores.

    Example: commonground serve --port 8000 --workers 2
    """
    import uvicorn

    from commonground.evidence.store.session import ServedDatabase
    from commonground.workspace.followup_seed import seed_once
    from commonground.workspace.store import open_workspace

    settings = load_settings(None, db)
    try:
        # A clear message before any worker starts: no evidence base, or an old workspace.
        ServedDatabase(settings).dispose()
        workspace = open_workspace(settings)
        seeded = seed_once(workspace)  # the first run publishes the curated follow-up records
        workspace.dispose()
    except CommonGroundError as exc:
        console.print(f"[red]{escape(str(exc))}[/]")
        raise typer.Exit(1) from None
    if seeded is not None:
        console.print(
            f"imported {seeded.pledges.created} pledges and"
            f" {seeded.recommendations.created} recommendations (facts/followup/)"
        )
    os.environ[DATABASE_ENV] = settings.database_url
    os.environ[PG_SCHEMA_ENV] = settings.pg_schema
    if pool_size is not None:
        os.environ[POOL_ENV] = str(pool_size)
    uvicorn.run(
        "commonground.app:create_app",
        factory=True,
        host=host,
        port=port,
        workers=workers,
        access_log=access_log,
        log_level="info",
    )


@app.command("sources")
def list_sources(db: DbOption = None) -> None:
    """List every dataset loaded: publisher, edition, licence, file, checksum, rows."""
    from commonground.analysis.catalogue import list_sources as query
    from commonground.evidence.store.session import connect

    settings = load_settings(None, db)
    with connect(settings) as conn:
        rows = query(conn)
    print_sources(console, rows)


def main() -> None:
    """The `commonground` command; a reader that stops early (`| head`) is not an error."""
    try:
        app()
    except BrokenPipeError:
        _quiet_exit()
    except SystemExit as exc:
        # Click and rich turn a closed pipe into exit status 1: undo that.
        if exc.code == 1 and isinstance(exc.__context__, BrokenPipeError):
            _quiet_exit()
        raise


def _quiet_exit() -> None:
    # Python flushes stdout again at exit; point it at /dev/null so that flush cannot fail.
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
    sys.exit(0)
