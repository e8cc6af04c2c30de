"""How many reviews a version needs: the setting `COMMONGROUND_REVIEW_POLICY`.

`hub` (the default) is the UN Migration Network Hub's rule for its repository of practices:
at least one internal and two external reviewers, and one more reviewer when they disagree,
after which the majority decides (a tie returns the version to its authors). A number `N`
asks for N reviews of any kind with the same tie-break; `internal=I,external=E,extra=X`
says each part.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from commonground.workspace.errors import Invalid


@dataclass(frozen=True)
class ReviewPolicy:
    internal: int = 1
    external: int = 2
    extra: int = 1  # reviews added, one at a time, while the reviewers disagree
    any_kind: int = 0  # reviews of either kind, for the plain `N` policy

    def describe(self) -> str:
        if self.any_kind:
            return f"{self.any_kind} reviews, {self.extra} more when they disagree"
        return (
            f"{self.internal} internal and {self.external} external reviews,"
            f" {self.extra} more when they disagree"
        )


HUB = ReviewPolicy()


def parse_policy(text: str) -> ReviewPolicy:
    text = (text or "hub").strip().lower()
    if text == "hub":
        return HUB
    if text.isdigit():
        return ReviewPolicy(internal=0, external=0, extra=1, any_kind=max(1, int(text)))
    parts: dict[str, int] = {}
    for item in text.split(","):
        key, _, value = item.partition("=")
        if key.strip() not in ("internal", "external", "extra") or not value.strip().isdigit():
            raise Invalid(
                f"review policy {text!r}: expected hub, a number, or internal=I,external=E,extra=X",
                "COMMONGROUND_REVIEW_POLICY",
            )
        parts[key.strip()] = int(value)
    policy = ReviewPolicy(**parts)
    if policy.internal + policy.external == 0:
        raise Invalid("a review policy needs at least one review", "COMMONGROUND_REVIEW_POLICY")
    return policy


def outcome(policy: ReviewPolicy, reviews: list[tuple[bool, str]], extra_so_far: int) -> str | None:
    """What the counted reviews (internal?, decision) settle: approve, return or reject;
    None while more reviews are due; "more" when they disagree and one more is called."""
    internal = sum(1 for is_internal, _ in reviews if is_internal)
    external = len(reviews) - internal
    if policy.any_kind:
        enough = len(reviews) >= policy.any_kind + extra_so_far
    else:
        enough = (
            internal >= policy.internal
            and external >= policy.external
            and len(reviews) >= policy.internal + policy.external + extra_so_far
        )
    if not enough:
        return None
    counts = Counter(decision for _, decision in reviews)
    if len(counts) == 1:
        return next(iter(counts))
    if extra_so_far < policy.extra:
        return "more"
    (top, n), *rest = counts.most_common()
    if rest and rest[0][1] == n:
        return "return"
    return top
