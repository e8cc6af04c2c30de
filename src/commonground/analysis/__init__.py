"""Analysis: pure functions over the store, shared by the API, the CLI and the pages."""
