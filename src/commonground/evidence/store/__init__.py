"""The store: one relational schema, on SQLite by default or on PostgreSQL."""
