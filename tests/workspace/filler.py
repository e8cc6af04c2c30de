"""A workspace with something in every table, written through the real functions."""

from __future__ import annotations

import contextlib

import pyotp

from commonground.workspace import accounts, review, two_step
from commonground.workspace.audit import COMMAND_LINE
from commonground.workspace.errors import Unauthenticated
from commonground.workspace.notes import NOTE
from commonground.workspace.policy import HUB
from commonground.workspace.store import writing
from tests.workspace_fixtures import PASSWORD, Workspace


def fill(ws: Workspace) -> None:
    """Accounts (one with two-step sign-in and its recovery codes), an organisation, tokens,
    a session, a failed sign-in, mail, and a note that went through review and a second
    version."""
    org = ws.organisation("Filled ministry", "iom")
    author = ws.user("contributor", org)
    mod = ws.user("moderator")
    reviewers = [ws.user("reviewer") for _ in range(3)]
    ws.token(author)
    with contextlib.suppress(Unauthenticated):
        accounts.authenticate(ws.engine, ws.email(author), "not the password", "10.0.0.1")
    with writing(ws.engine) as conn:
        accounts.new_session(conn, author, "10.0.0.2", "test")
        accounts.request_reset(conn, ws.email(author), "http://127.0.0.1")
        actor = accounts.actor_for(conn, accounts.get_user(conn, author))
        rid = review.create(
            conn, actor, NOTE, org, {"about": "forum:gfmd", "title": "Filled", "body": "*x*"}
        )
        review.submit(conn, actor, NOTE, rid)
        moderator = accounts.actor_for(conn, accounts.get_user(conn, mod))
        secret = two_step.start(conn, accounts.get_user(conn, mod)).secret
        two_step.confirm(conn, moderator, accounts.get_user(conn, mod), pyotp.TOTP(secret).now())
        for i, r in enumerate(reviewers):
            review.assign(conn, moderator, NOTE, rid, r, i == 0)
        for r in reviewers:
            who = accounts.actor_for(conn, accounts.get_user(conn, r))
            review.review(conn, who, NOTE, rid, "approve", "", HUB)
        review.edit(
            conn, actor, NOTE, rid, {"about": "forum:gfmd", "title": "Filled 2", "body": "y"}
        )
        accounts.create_user(conn, COMMAND_LINE, "spare@example.org", PASSWORD, "reader")
