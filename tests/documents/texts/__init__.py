"""Real public documents and their metadata, read by the document tests and bench/ingest.py."""
