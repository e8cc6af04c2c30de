"""The database itself refuses to change or remove an audit row, on SQLite and PostgreSQL.

Installed by the first revision; `statements(dialect)` is also used by the tests to check
that the guard is in place after a restore.
"""

from __future__ import annotations

MESSAGE = "the audit log is append-only"

SQLITE = [
    "CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log"
    f" BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END",
    "CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log"
    f" BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END",
]
POSTGRESQL = [
    "CREATE FUNCTION audit_log_refuse() RETURNS trigger LANGUAGE plpgsql AS"
    f" $$ BEGIN RAISE EXCEPTION '{MESSAGE}'; END $$",
    "CREATE TRIGGER audit_log_no_change BEFORE UPDATE OR DELETE ON audit_log"
    " FOR EACH ROW EXECUTE FUNCTION audit_log_refuse()",
    "CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log"
    " FOR EACH STATEMENT EXECUTE FUNCTION audit_log_refuse()",
]
DROP_SQLITE = ["DROP TRIGGER audit_log_no_update", "DROP TRIGGER audit_log_no_delete"]
DROP_POSTGRESQL = [
    "DROP TRIGGER audit_log_no_change ON audit_log",
    "DROP TRIGGER audit_log_no_truncate ON audit_log",
    "DROP FUNCTION audit_log_refuse()",
]


def statements(dialect: str, drop: bool = False) -> list[str]:
    if dialect == "sqlite":
        return DROP_SQLITE if drop else SQLITE
    return DROP_POSTGRESQL if drop else POSTGRESQL
