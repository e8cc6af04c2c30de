"""Passwords: Argon2id (argon2-cffi's defaults, RFC 9106's second recommended profile)."""

from __future__ import annotations

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from commonground.workspace.errors import Invalid

HASHER = PasswordHasher()
MIN_LENGTH = 12
MAX_LENGTH = 1024
# checked when nothing else is, so that an unknown email takes as long as a wrong password
_DUMMY = HASHER.hash("no account has this password")


def check_new(password: str) -> None:
    """Length only (ASVS 2.1): at least 12 characters, long passphrases welcome, no rules
    about character classes."""
    if len(password) < MIN_LENGTH:
        raise Invalid(f"the password needs at least {MIN_LENGTH} characters", "password")
    if len(password) > MAX_LENGTH:
        raise Invalid(f"the password may have at most {MAX_LENGTH} characters", "password")


def hash_password(password: str) -> str:
    check_new(password)
    return HASHER.hash(password)


def verify(stored: str | None, password: str) -> bool:
    if len(password) > MAX_LENGTH:
        return False
    try:
        return HASHER.verify(stored or _DUMMY, password) and stored is not None
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(stored: str) -> bool:
    return HASHER.check_needs_rehash(stored)
