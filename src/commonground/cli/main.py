"""The command line: build, serve and query Common Ground."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn
from sqlalchemy.exc import SQLAlchemyError

from commonground.cli.analyse import app as analyse_app
from commonground.cli.options import DataOption, DbOption
from commonground.cli.practices import app as practices_app
from commonground.cli.report import print_build_report, print_sources
from commonground.cli.show import show
from commonground.cli.users import app as users_app
from commonground.cli.workspace import app as workspace_app
from commonground.cli.workspace import backup, outbox, restore
from commonground.domain.errors import CommonGroundError
from commonground.settings import load_settings

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
for command in (backup, restore, outbox):
    app.command()(command)


@app.command()
def build(
    data: DataOption = None,
    db: DbOption = None,
    verify_checksums: Annotated[
        bool, typer.Option(help="Refuse files whose checksum differs from the declared edition")
    ] = True,
) -> None:
    """Build the database from the bundle, atomically.

    Example: commonground build --data ../shared/data --db sqlite:///commonground.db
    """
    from commonground.evidence.build import build as run_build

    settings = load_settings(data, db)
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
) -> None:
    """Serve the web app and the JSON API.

    Example: commonground serve --port 8000
    """
    import uvicorn

    from commonground.app import create_app

    settings = load_settings(None, db)
    try:
        served = create_app(settings)
    except CommonGroundError as exc:
        console.print(f"[red]Cannot serve:[/] {escape(str(exc))}")
        raise typer.Exit(1) from None
    uvicorn.run(served, host=host, port=port)


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
    app()
