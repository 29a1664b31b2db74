"""The database triggers that make the append-only tables append-only: the audit trail and the order
timeline. Kept here so the migrations that install them, the test-only flush
(fawang/audit/management/commands/flush.py) and the runtime role's grants (`manage.py db_roles`) use the
same list and the same SQL (docs/adr/0005)."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.backends.utils import CursorWrapper

TABLE = "audit_auditentry"

# Table -> what its rows are called in the refusal. History is added to, never rewritten; the runtime
# role gets SELECT and INSERT on these and nothing else (fawang/audit/db_roles.py).
APPEND_ONLY_TABLES: dict[str, str] = {
    TABLE: "audit entries",
    "orders_orderevent": "order events",
}


def pg_install_sql(table: str) -> str:
    noun = APPEND_ONLY_TABLES[table]
    return f"""
CREATE OR REPLACE FUNCTION {table}_refuse_change() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION '{noun} are append-only (% refused)', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER {table}_no_update BEFORE UPDATE ON {table}
    FOR EACH ROW EXECUTE FUNCTION {table}_refuse_change();
CREATE TRIGGER {table}_no_delete BEFORE DELETE ON {table}
    FOR EACH ROW EXECUTE FUNCTION {table}_refuse_change();
CREATE TRIGGER {table}_no_truncate BEFORE TRUNCATE ON {table}
    FOR EACH STATEMENT EXECUTE FUNCTION {table}_refuse_change();
"""


def pg_remove_sql(table: str) -> str:
    return f"""
DROP TRIGGER IF EXISTS {table}_no_update ON {table};
DROP TRIGGER IF EXISTS {table}_no_delete ON {table};
DROP TRIGGER IF EXISTS {table}_no_truncate ON {table};
DROP FUNCTION IF EXISTS {table}_refuse_change();
"""


def sqlite_install_sql(table: str) -> list[str]:
    noun = APPEND_ONLY_TABLES[table]
    return [
        f"""CREATE TRIGGER {table}_no_update BEFORE UPDATE ON {table}
    BEGIN SELECT RAISE(ABORT, '{noun} are append-only (UPDATE refused)'); END;""",
        f"""CREATE TRIGGER {table}_no_delete BEFORE DELETE ON {table}
    BEGIN SELECT RAISE(ABORT, '{noun} are append-only (DELETE refused)'); END;""",
    ]


def sqlite_remove_sql(table: str) -> list[str]:
    return [f"DROP TRIGGER IF EXISTS {table}_no_update;", f"DROP TRIGGER IF EXISTS {table}_no_delete;"]


def _pg_partitions(cursor: CursorWrapper, table: str) -> list[str]:
    """The partitions of `table` when it is partitioned by month (fawang/audit/partitions.py)."""
    cursor.execute(
        "SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid "
        "WHERE i.inhparent = to_regclass(%s) ORDER BY c.relname",
        [table],
    )
    return [row[0] for row in cursor.fetchall()]


def install(connection: BaseDatabaseWrapper, table: str = TABLE) -> None:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(pg_install_sql(table))
            # PostgreSQL clones the row triggers of a partitioned table onto its partitions, not the
            # statement ones: each partition gets the truncate trigger itself.
            for partition in _pg_partitions(cursor, table):
                cursor.execute(
                    f"CREATE OR REPLACE TRIGGER {table}_no_truncate BEFORE TRUNCATE ON {partition} "
                    f"FOR EACH STATEMENT EXECUTE FUNCTION {table}_refuse_change()"
                )
        elif connection.vendor == "sqlite":
            for sql in sqlite_install_sql(table):
                cursor.execute(sql)


def remove(connection: BaseDatabaseWrapper, table: str = TABLE) -> None:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            for partition in _pg_partitions(cursor, table):
                cursor.execute(f"DROP TRIGGER IF EXISTS {table}_no_truncate ON {partition}")
            cursor.execute(pg_remove_sql(table))
        elif connection.vendor == "sqlite":
            for sql in sqlite_remove_sql(table):
                cursor.execute(sql)


@contextlib.contextmanager
def suspended(connection: BaseDatabaseWrapper) -> Iterator[None]:
    """Lift the triggers of every append-only table for the duration of a whole-database flush (test
    teardown only)."""
    existing = set(connection.introspection.table_names())
    tables = [t for t in APPEND_ONLY_TABLES if t in existing]
    for table in tables:
        remove(connection, table)
    try:
        yield
    finally:
        for table in tables:
            install(connection, table)
