"""Who may do what: the one table of permissions, in code and (the same) in the README.

Roles are held by accounts; "reader" is also anyone without an account. A contributor writes
only for the organisations they belong to; reviewers review what a moderator assigns them.
`tests/workspace/test_permissions.py` checks that the README's table is this one.
"""

from __future__ import annotations

from enum import StrEnum


class Role(StrEnum):
    reader = "reader"
    contributor = "contributor"
    reviewer = "reviewer"
    moderator = "moderator"
    admin = "admin"


class Action(StrEnum):
    read = "read published records"
    account = "manage one's own account and API tokens"
    propose_organisation = "propose a new organisation"
    write = "draft, edit and submit records for one's own organisations"
    review = "review records one is assigned, declare a conflict of interest"
    moderate = "see the review queue, assign reviewers"
    manage_organisations = "link organisations to map actors, add and remove members"
    read_audit = "read the audit log of a record or a person"
    delete = "soft-delete a record or an organisation, with a reason"
    administer = "set roles, disable accounts, purge personal data"


R, C, V, M, A = (Role.reader, Role.contributor, Role.reviewer, Role.moderator, Role.admin)
PERMISSIONS: dict[Action, frozenset[Role]] = {
    Action.read: frozenset({R, C, V, M, A}),
    Action.account: frozenset({R, C, V, M, A}),
    Action.propose_organisation: frozenset({C, V, M, A}),
    Action.write: frozenset({C, V, M, A}),
    Action.review: frozenset({V, M, A}),
    Action.moderate: frozenset({M, A}),
    Action.manage_organisations: frozenset({M, A}),
    Action.read_audit: frozenset({M, A}),
    Action.delete: frozenset({M, A}),
    Action.administer: frozenset({A}),
}


UNCONFIRMED = frozenset({Action.read, Action.account})
"""All an account may do until its email address is confirmed (through the link the sign-up
sends): an address no one has shown they read cannot write, review or moderate."""


def allowed(role: Role | str, action: Action, confirmed: bool = True) -> bool:
    """Whether `role` may do `action`; `confirmed` is False for an account whose address is
    not confirmed yet."""
    return Role(role) in PERMISSIONS[action] and (confirmed or action in UNCONFIRMED)


def markdown_table() -> str:
    """The table as the README shows it."""
    roles = list(Role)
    lines = [
        "| may | " + " | ".join(r.value for r in roles) + " |",
        "| --- |" + " :-: |" * len(roles),
    ]
    for action, who in PERMISSIONS.items():
        marks = " | ".join("yes" if r in who else "no" for r in roles)
        lines.append(f"| {action.value} | {marks} |")
    return "\n".join(lines)
