"""The vocabulary every layer shares: identifiers, UN symbols, errors and typed records.

It imports nothing of the project's, so that importers, analyses, the API, the pages and
the workspace can all depend on it without depending on each other.
"""
