"""`commonground users create | list | set-role | disable`: accounts from the command line.

Run by whoever runs the server, so each change is audited as the command line's.
"""

from __future__ import annotations

import json
import sys
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from commonground.cli.workspace import DbOption, WorkspaceOption, fail, opened
from commonground.workspace import accounts
from commonground.workspace.audit import COMMAND_LINE
from commonground.workspace.permissions import Role
from commonground.workspace.store import writing

app = typer.Typer(help="Accounts of the workspace.", no_args_is_help=True)
console = Console()


def _password() -> str:
    if sys.stdin.isatty():
        return str(typer.prompt("Password", hide_input=True, confirmation_prompt=True))
    line = sys.stdin.readline()
    return line.rstrip("\r\n")


@app.command()
def create(
    email: Annotated[str, typer.Option(help="The account's email address")],
    role: Annotated[
        Role, typer.Option(help="reader, contributor, reviewer, moderator or admin")
    ] = Role.contributor,
    organisation: Annotated[
        list[str] | None, typer.Option(help="An organisation id it writes for (repeatable)")
    ] = None,
    name: Annotated[str | None, typer.Option(help="Display name")] = None,
    db: DbOption = None,
    workspace: WorkspaceOption = None,
) -> None:
    """Create an account; the password is asked for, or read from standard input.

    Example: echo 'a long passphrase' | commonground users create --email a@example.org --role admin
    """
    password = _password()
    with opened(db, workspace) as engine, writing(engine) as conn:
        for org in organisation or []:
            accounts.get_organisation(conn, org)
        user_id = accounts.create_user(
            conn,
            COMMAND_LINE,
            email,
            password,
            role,
            name,
            tuple(organisation or ()),
            verified=True,
        )
    console.print(f"account {user_id} created: {email.strip().lower()} ({role.value})")


@app.command("list")
def list_users(
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON")] = False,
    db: DbOption = None,
    workspace: WorkspaceOption = None,
) -> None:
    """List every account with its role and organisations."""
    with opened(db, workspace) as engine, engine.connect() as conn:
        rows = accounts.list_users(conn)
    if as_json:
        typer.echo(json.dumps([r.model_dump(mode="json") for r in rows], indent=2))
        return
    table = Table("id", "email", "role", "organisations", "verified", "disabled")
    for r in rows:
        table.add_row(
            str(r.id), r.email, r.role.value, ", ".join(r.organisations),
            "yes" if r.verified else "no", "yes" if r.disabled else "no",
        )  # fmt: skip
    console.print(table)


def _find(conn: object, who: str) -> int:
    from sqlalchemy import Connection

    assert isinstance(conn, Connection)
    if who.isdigit():
        return int(accounts.get_user(conn, int(who)).id)
    user = accounts.user_by_email(conn, who)
    if user is None:
        fail(f"no account {who!r}")
    return int(user.id)


@app.command("set-role")
def set_role(
    who: Annotated[str, typer.Argument(help="Email or account id")],
    role: Annotated[Role, typer.Argument(help="The new role")],
    db: DbOption = None,
    workspace: WorkspaceOption = None,
) -> None:
    """Change an account's role. Example: commonground users set-role a@example.org moderator"""
    with opened(db, workspace) as engine, writing(engine) as conn:
        accounts.set_role(conn, COMMAND_LINE, _find(conn, who), role)
    console.print(f"{who} is now {role.value}")


@app.command()
def disable(
    who: Annotated[str, typer.Argument(help="Email or account id")],
    db: DbOption = None,
    workspace: WorkspaceOption = None,
) -> None:
    """Disable an account: its sessions and API tokens stop working at once."""
    with opened(db, workspace) as engine, writing(engine) as conn:
        accounts.disable(conn, COMMAND_LINE, _find(conn, who))
    console.print(f"{who} is disabled")
