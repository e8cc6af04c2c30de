"""Tokens made before tokens expired keep working after the upgrade, for the default
lifetime from the day of the upgrade; on both backends."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import select, text

from commonground.workspace import accounts
from commonground.workspace.audit import aware
from commonground.workspace.store import engine_for, upgrade, writing
from commonground.workspace.tables import api_tokens
from tests.conftest import Built
from tests.workspace_fixtures import drop_workspace, workspace_settings

BEFORE = "d3a8f1c6b254"  # the last revision whose tokens had no expiry


def test_a_token_made_before_expiry_existed_works_for_ninety_days_after_the_upgrade(
    built: Built, tmp_path: Path
) -> None:
    settings = workspace_settings(built, tmp_path, "tokenexpiry")
    engine = engine_for(settings)
    secret = "cg_made-before-the-upgrade"
    try:
        upgrade(engine, BEFORE)
        with writing(engine) as conn:
            conn.execute(
                text(
                    "INSERT INTO users (id, email, role, created_at, password_hash,"
                    " email_verified_at) VALUES (5, 'script@example.org', 'contributor', :at,"
                    " 'x', :at)"
                ),
                {"at": "2026-01-02 03:04:05+00:00"},
            )
            conn.execute(
                text(
                    "INSERT INTO api_tokens (user_id, token_hash, name, scopes, created_at)"
                    " VALUES (5, :hash, 'nightly export', 'read', :at)"
                ),
                {"hash": accounts.digest(secret), "at": "2026-01-02 03:04:05+00:00"},
            )
        upgrade(engine, "head")
        actor = accounts.token_actor(engine, secret, "127.0.0.1")
        assert actor is not None and actor.user_id == 5
        with engine.connect() as conn:
            expires = conn.execute(select(api_tokens.c.expires_at)).scalar_one()
            (listed,) = accounts.list_tokens(conn, 5)
        left = aware(expires) - datetime.now(UTC)
        assert timedelta(days=89) < left <= timedelta(days=90)
        assert listed.name == "nightly export" and listed.expired is False
    finally:
        engine.dispose()
        drop_workspace(settings)
