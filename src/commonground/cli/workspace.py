"""`commonground workspace upgrade | check`, `commonground backup FILE`, `restore FILE` and
`outbox`: looking after the durable store of what people write."""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, NoReturn

import typer
from rich.console import Console
from rich.markup import escape
from sqlalchemy import Engine

from commonground.domain.errors import CommonGroundError
from commonground.settings import DATABASE_ENV, WORKSPACE_ENV, Settings, load_settings
from commonground.workspace import outbox as mail
from commonground.workspace.store import (
    current_revision,
    engine_for,
    head,
    is_empty,
    require_current,
)
from commonground.workspace.store import (
    upgrade as run_upgrade,
)

app = typer.Typer(
    help="The workspace: upgrade its schema, check its references.", no_args_is_help=True
)
console = Console()
DbOption = Annotated[
    str | None, typer.Option("--db", help=f"Evidence base URL [env {DATABASE_ENV}]")
]
WorkspaceOption = Annotated[
    str | None, typer.Option("--workspace", help=f"Workspace URL [env {WORKSPACE_ENV}]")
]


def fail(message: str) -> NoReturn:
    console.print(f"[red]{escape(message)}[/]")
    raise typer.Exit(1)


def settings_for(db: str | None, workspace: str | None) -> Settings:
    from dataclasses import replace

    settings = load_settings(None, db)
    return replace(settings, workspace=workspace) if workspace else settings


def open_engine(db: str | None, workspace: str | None, current: bool = True) -> Engine:
    """The workspace engine; created at the latest revision if it does not exist yet, and
    refused when it is at an older one."""
    engine = engine_for(settings_for(db, workspace))
    try:
        if is_empty(engine):
            run_upgrade(engine)
        elif current:
            require_current(engine)
    except CommonGroundError as exc:
        fail(str(exc))
    return engine


@contextmanager
def opened(
    db: str | None, workspace: str | None, *, current: bool = True, empty: bool = False
) -> Iterator[Engine]:
    """The workspace engine for one command, disposed of after it; a project error inside
    ends the command with its message. `empty`: as it is, neither created nor checked (for
    a restore)."""
    settings = settings_for(db, workspace)
    engine = engine_for(settings) if empty else open_engine(db, workspace, current)
    try:
        yield engine
    except CommonGroundError as exc:
        fail(str(exc))
    finally:
        engine.dispose()


@app.command()
def upgrade(db: DbOption = None, workspace: WorkspaceOption = None) -> None:
    """Upgrade the workspace's schema in place to this version's latest revision.

    Example: commonground backup before.bak && commonground workspace upgrade
    """
    engine = engine_for(settings_for(db, workspace))
    before = None if is_empty(engine) else current_revision(engine)
    run_upgrade(engine)
    engine.dispose()
    if before == head():
        console.print(f"the workspace is already at the latest revision ({head()})")
    else:
        console.print(f"workspace upgraded from {before or 'nothing'} to {head()}")


@app.command()
def check(
    db: DbOption = None,
    workspace: WorkspaceOption = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON")] = False,
) -> None:
    """List references (ISO3, instrument, forum, meeting, GCM objective, actor) that the
    current evidence base does not know. Nothing is deleted.

    Example: commonground workspace check
    """
    from commonground.analysis.references import unknown_references
    from commonground.evidence.store.session import connect

    settings = settings_for(db, workspace)
    with opened(db, workspace) as engine, connect(settings) as evidence, engine.connect() as conn:
        unknown = unknown_references(evidence, conn)
    if as_json:
        typer.echo(json.dumps(unknown, indent=2))
        return
    if not unknown:
        console.print("every reference of the workspace is known to the evidence base")
        return
    console.print(f"{len(unknown)} reference(s) the evidence base does not know (nothing deleted):")
    for r in unknown:
        console.print(f"  {escape(r['ref'])}  in {escape(r['record'])}")
    raise typer.Exit(2)


def backup(
    file: Annotated[Path, typer.Argument(help="Where to write the backup")],
    db: DbOption = None,
    workspace: WorkspaceOption = None,
) -> None:
    """Back up the workspace (SQLite online backup; pg_dump on PostgreSQL).

    Example: commonground backup workspace-2026-12-01.bak
    """
    from commonground.workspace.backup import backup as run

    with opened(db, workspace, current=False) as engine:
        run(engine, file)
    console.print(f"workspace backed up to {file}")


def restore(
    file: Annotated[Path, typer.Argument(help="A file written by `commonground backup`")],
    db: DbOption = None,
    workspace: WorkspaceOption = None,
) -> None:
    """Restore a backup into an empty workspace (it refuses one that holds data).

    Example: commonground restore workspace-2026-12-01.bak
    """
    from commonground.workspace.backup import restore as run

    with opened(db, workspace, empty=True) as engine:
        run(engine, file)
    console.print(f"workspace restored from {file}")


def outbox(
    send: Annotated[
        bool, typer.Option("--send", help="Send what is queued (COMMONGROUND_SMTP_URL)")
    ] = False,
    db: DbOption = None,
    workspace: WorkspaceOption = None,
) -> None:
    """List the mail the workspace would send (reset links, verifications); --send sends it."""
    settings = settings_for(db, workspace)
    engine = open_engine(db, workspace)
    try:
        if send:
            if not settings.smtp_url:
                fail("set COMMONGROUND_SMTP_URL (smtp://user:password@host:587) to send mail")
            sent, failed = mail.send_pending(engine, settings.smtp_url, settings.mail_from)
            console.print(f"{sent} sent, {failed} failed")
            return
        with engine.connect() as conn:
            messages = mail.messages(conn)
    finally:
        engine.dispose()
    if not messages:
        console.print("the outbox is empty")
    for m in messages:
        state = f"sent {m.sent_at.isoformat()}" if m.sent_at else "not sent"
        console.print(f"[bold]#{m.id}[/] to {escape(m.to)} · {escape(m.subject)} · {state}")
        console.print(escape(m.body), highlight=False)
        console.print()
