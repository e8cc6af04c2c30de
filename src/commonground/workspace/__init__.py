"""The workspace: the durable store of what people write (accounts, organisations, reviewed
records, the audit log), beside the evidence base and never touched by a build.

It imports nothing of the evidence base: rows point at the map by stable keys only.
"""

from commonground.workspace import notes, practice  # noqa: F401  (registers the kinds)
