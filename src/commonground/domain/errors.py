"""Errors a user can act on: each names what was wrong, where, and what was expected."""

from __future__ import annotations


class CommonGroundError(Exception):
    """Base of every error the project raises on purpose."""


class SourceError(CommonGroundError):
    """A source file is missing, unreadable, or holds a value that breaks its declared shape."""

    def __init__(
        self,
        file: str,
        message: str,
        *,
        row: int | None = None,
        field: str | None = None,
        value: object = None,
        expected: str | None = None,
    ) -> None:
        self.file = file
        self.row = row
        self.field = field
        self.value = value
        self.expected = expected
        self.message = message
        super().__init__(self.describe())

    @classmethod
    def duplicate(
        cls, file: str, what: str, *, row: int, first: int, field: str, value: object = None
    ) -> SourceError:
        """A row repeating the key of an earlier one: both rows, the key and what is unique."""
        return cls(
            file,
            f"duplicate row: the same {what} as row {first}",
            row=row,
            field=field,
            value=value,
            expected=f"one row per {what}",
        )

    def describe(self) -> str:
        where = [self.file]
        if self.row is not None:
            where.append(f"row {self.row}")
        if self.field is not None:
            where.append(f"field '{self.field}'")
        text = f"{', '.join(where)}: {self.message}"
        if self.value is not None:
            text += f" (found {self.value!r})"
        if self.expected is not None:
            text += f"; expected {self.expected}"
        return text


class UnresolvedCountry(SourceError):
    """A name or code that the country resolver cannot map and no source declares an aggregate."""


class NotFound(CommonGroundError):
    """A requested entity does not exist; `suggestions` lists close matches."""

    def __init__(self, message: str, suggestions: list[str] | None = None) -> None:
        self.suggestions = suggestions or []
        super().__init__(message)


class InvalidQuery(CommonGroundError):
    """A query asks for something the data cannot answer (a year an edition lacks, say)."""

    def __init__(self, message: str, field: str | None = None, allowed: list[str] | None = None):
        self.field = field
        self.allowed = allowed or []
        super().__init__(message)


def shorten(value: object, limit: int = 60) -> str:
    """`value` as text of at most `limit` characters: errors never echo a long input whole."""
    text = str(value)
    if len(text) <= limit:
        return text
    keep = max(limit - 12, 8)
    return f"{text[:keep]}… ({len(text)} characters)"
