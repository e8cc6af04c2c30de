"""The evidence base: the bundle's importers, the tables they fill, and the atomic build.

It is derived data: rebuilt from the bundle and the curated files, never written by people.
"""
