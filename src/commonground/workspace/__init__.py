"""The workspace: the durable store of what people write (accounts, organisations, reviewed
records, the audit log), beside the evidence base and never touched by a build.

It imports nothing of the evidence base: rows point at the map by stable keys only.
"""

# Importing the kinds registers them (and the practices' search index).
import commonground.workspace.document_facts
import commonground.workspace.notes
import commonground.workspace.pledges
import commonground.workspace.practice
import commonground.workspace.practice_index
import commonground.workspace.recommendations  # noqa: F401
