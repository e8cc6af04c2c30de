"""The permission table is one table: the README shows exactly the one in the code."""

from __future__ import annotations

from commonground.workspace.permissions import PERMISSIONS, Action, Role, allowed, markdown_table
from tests.conftest import REPO


def test_readme_shows_the_permission_table_of_the_code() -> None:
    readme = (REPO / "README.md").read_text()
    assert markdown_table() in readme


def test_every_action_has_its_roles_and_admins_may_do_everything() -> None:
    assert set(PERMISSIONS) == set(Action)
    assert all(allowed(Role.admin, a) for a in Action)
    assert not allowed(Role.reader, Action.write)
    assert not allowed(Role.contributor, Action.review)
    assert not allowed(Role.reviewer, Action.moderate)
    assert not allowed(Role.moderator, Action.administer)
