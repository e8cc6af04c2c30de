"""Passwords: Argon2id (argon2-cffi's defaults, RFC 9106's second recommended profile), and
the rules a new password must meet: a length, and not one of the passwords most seen in
data breaches (ASVS 2.1.7), checked offline against the list the UK NCSC published from
Have I Been Pwned (`data/README.md` says where it comes from and under which licence)."""

from __future__ import annotations

from functools import cache
from importlib.resources import files

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from commonground.workspace.errors import Invalid

HASHER = PasswordHasher()
MIN_LENGTH = 12
MAX_LENGTH = 1024
# checked when nothing else is, so that an unknown email takes as long as a wrong password
_DUMMY = HASHER.hash("no account has this password")


BREACHED_FILE = "PwnedPasswordsTop100k.txt"
BREACHED = (
    "this password is one of the 100,000 most often found in data breaches, so attackers"
    " try it first: choose another (a few unrelated words make a good one)"
)


@cache
def breached_passwords() -> frozenset[str]:
    """The breached passwords long enough to pass the length rule, in lower case (the rest
    are refused by length anyway): about 1,400 of the 100,000, read once per process."""
    text = files("commonground.workspace").joinpath("data", BREACHED_FILE).read_text("utf-8")
    return frozenset(
        line.casefold()
        for line in text.splitlines()
        if len(line) >= MIN_LENGTH and not line.startswith("***")
    )


def is_breached(password: str) -> bool:
    return password.casefold() in breached_passwords()


def check_new(password: str) -> None:
    """The rules of ASVS 2.1: at least 12 characters, long passphrases welcome, no rules
    about character classes, and none of the passwords most found in breaches (whatever
    their case: `Password1234` is as guessable as `password1234`)."""
    if len(password) < MIN_LENGTH:
        raise Invalid(f"the password needs at least {MIN_LENGTH} characters", "password")
    if len(password) > MAX_LENGTH:
        raise Invalid(f"the password may have at most {MAX_LENGTH} characters", "password")
    if is_breached(password):
        raise Invalid(BREACHED, "password")


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
