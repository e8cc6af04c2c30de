"""Country identity: one resolver maps every spelling and code in every source to one area."""

from commonground.evidence.countries.resolver import AreaResolver, normalise

__all__ = ["AreaResolver", "normalise"]
