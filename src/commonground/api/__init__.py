"""The JSON API: one router per resource, one error shape, CSV for tabular results."""

from commonground.api.install import install

__all__ = ["install"]
