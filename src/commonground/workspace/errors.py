"""Errors of the workspace, each with the HTTP status the API and the pages answer with."""

from __future__ import annotations

from commonground.domain.errors import CommonGroundError


class WorkspaceError(CommonGroundError):
    """Base of the workspace's errors; `status` is the HTTP status that fits."""

    status = 400

    def __init__(
        self, message: str, field: str | None = None, errors: list[dict[str, str]] | None = None
    ) -> None:
        self.field = field
        self.errors = errors or ([{"field": field, "message": message}] if field else [])
        super().__init__(message)


class Unauthenticated(WorkspaceError):
    """No valid session or token: sign in, or send `Authorization: Bearer TOKEN`."""

    status = 401


class Forbidden(WorkspaceError):
    """Signed in, but this role or this organisation may not do this."""

    status = 403


class NotFoundHere(WorkspaceError):
    """No such record, user, organisation or token in the workspace."""

    status = 404


class Conflict(WorkspaceError):
    """The record is not in a state where this can be done (a version under review, say)."""

    status = 409


class Invalid(WorkspaceError):
    """A field is missing, too long, or not what was expected."""

    status = 422


class TooManyAttempts(WorkspaceError):
    """Refused for a while: repeated failed sign-ins, or too many uploads in an hour."""

    status = 429

    def __init__(self, message: str, retry_after: int) -> None:
        self.retry_after = retry_after
        super().__init__(message)


class TooLarge(WorkspaceError):
    """An upload larger than the workspace takes."""

    status = 413
