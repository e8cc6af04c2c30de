"""Importers: one module per source in the bundle, each reading, checking and loading one file."""
