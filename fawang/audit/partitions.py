"""Monthly partitions of the two history tables on PostgreSQL (docs/adr/0015-growing-past-one-server.md).

`audit_auditentry` and `orders_orderevent` are append-only (docs/adr/0005) and grow with every change:
on PostgreSQL each is a table PARTITIONED BY RANGE (created_at), one partition per calendar month in
China's time (settings.TIME_ZONE), plus a DEFAULT partition so that an insert never fails when the
month's partition is missing. Old months can then be archived and detached whole instead of deleted row
by row (which the triggers refuse anyway), and a query bounded in time reads only its months.

Partitions are created ahead by one SQL function, `fawang_month_partitions(parent, first, last, tz)`,
installed by migration audit/0003. It is SECURITY DEFINER, owned by the role that runs the migrations:
the runtime role (which owns nothing and may create nothing, ADR 0005) can call it from the daily timer
(`manage.py partitions_ahead`), and it does exactly one thing: create the missing month partitions of
one of the two tables (and the DEFAULT), give each the parent's grants and truncate trigger, and move
rows the DEFAULT held for those months into them (copied through the parent, then the old DEFAULT
dropped whole: no row is updated or deleted). `migrate` runs it too (a post_migrate handler).

SQLite (`make run`) keeps plain tables: every function here does nothing there.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.backends.utils import CursorWrapper
from django.utils import timezone

from . import triggers

# The tables partitioned by month of created_at. Both are append-only (triggers.APPEND_ONLY_TABLES).
PARTITIONED_TABLES: tuple[str, ...] = ("audit_auditentry", "orders_orderevent")
KEY = "created_at"
FUNCTION = "fawang_month_partitions"
FUNCTION_SIGNATURE = f"{FUNCTION}(text, date, date, text)"
# The timer runs daily: three months ahead leaves a quarter to notice a stopped timer before the DEFAULT
# partition starts taking rows; one month back covers late writes right after a month turns.
MONTHS_AHEAD = 3
MONTHS_BACK = 1
# At most this many months in one call (100 years): a typo in a loader must not create thousands.
MAX_MONTHS = 1200
# A partition is created under an ACCESS EXCLUSIVE lock on the parent: give up rather than make every
# insert wait behind a long query. The next daily run tries again; the DEFAULT catches rows meanwhile.
LOCK_TIMEOUT = "3s"
# The DEFAULT partitions' rows are counted up to this many (the check and the command say "10,000+").
DEFAULT_ROWS_LIMIT = 10_000


def partition_name(table: str, month: dt.date) -> str:
    return f"{table}_p{month:%Y_%m}"


def default_name(table: str) -> str:
    return f"{table}_default"


def function_sql(schema: str) -> str:
    """The SQL function that creates month partitions (see the module docstring). Its search_path is
    pinned to the schema of the tables, as a SECURITY DEFINER function's must be."""
    allowed = ", ".join(f"'{t}'" for t in PARTITIONED_TABLES)
    return f"""
CREATE OR REPLACE FUNCTION {FUNCTION}(parent text, first_month date, last_month date, tz text)
RETURNS SETOF text
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = "{schema}", pg_temp
SET lock_timeout = '{LOCK_TIMEOUT}'
AS $fn$
DECLARE
    m date;
    next_m date;
    part text;
    lo timestamptz;
    hi timestamptz;
    range_lo timestamptz;
    range_hi timestamptz;
    missing text[] := '{{}}';
    bounds timestamptz[] := '{{}}';
    dflt text := parent || '_default';
    moving text := parent || '_default_moving';
    detached boolean := false;
    created text;
    owner_oid oid;
    g record;
BEGIN
    IF parent IS NULL OR parent NOT IN ({allowed}) THEN
        RAISE EXCEPTION 'not a table partitioned by month: %', parent USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF first_month IS NULL OR last_month IS NULL OR first_month > last_month
            OR last_month > first_month + interval '{MAX_MONTHS} months' THEN
        RAISE EXCEPTION 'months % to % are not a range of at most {MAX_MONTHS} months', first_month, last_month
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF (SELECT relkind FROM pg_class WHERE oid = to_regclass(quote_ident(parent))) IS DISTINCT FROM 'p' THEN
        RETURN;  -- not (yet) partitioned: nothing to do
    END IF;
    m := date_trunc('month', first_month)::date;
    WHILE m <= last_month LOOP
        next_m := (m + interval '1 month')::date;
        part := parent || '_p' || to_char(m, 'YYYY_MM');
        IF to_regclass(quote_ident(part)) IS NULL THEN
            missing := missing || part;
            bounds := bounds
                || make_timestamptz(date_part('year', m)::int, date_part('month', m)::int, 1, 0, 0, 0, tz)
                || make_timestamptz(date_part('year', next_m)::int, date_part('month', next_m)::int, 1, 0, 0, 0, tz);
        END IF;
        m := next_m;
    END LOOP;

    -- Rows the DEFAULT holds for a missing month would make its CREATE fail: set the DEFAULT aside,
    -- create the months and a new DEFAULT, then copy its rows back through the parent.
    IF cardinality(missing) > 0 AND to_regclass(quote_ident(dflt)) IS NOT NULL THEN
        range_lo := bounds[1];
        range_hi := bounds[cardinality(bounds)];
        EXECUTE format('SELECT EXISTS (SELECT 1 FROM %I WHERE created_at >= $1 AND created_at < $2)', dflt)
            INTO detached USING range_lo, range_hi;
        IF detached THEN
            EXECUTE format('ALTER TABLE %I DETACH PARTITION %I', parent, dflt);
            EXECUTE format('ALTER TABLE %I RENAME TO %I', dflt, moving);
        END IF;
    END IF;

    FOR i IN 1 .. cardinality(missing) LOOP
        EXECUTE format('CREATE TABLE %I PARTITION OF %I FOR VALUES FROM (%L) TO (%L)',
            missing[i], parent, bounds[2 * i - 1], bounds[2 * i]);
    END LOOP;
    IF to_regclass(quote_ident(dflt)) IS NULL THEN
        EXECUTE format('CREATE TABLE %I PARTITION OF %I DEFAULT', dflt, parent);
        missing := missing || dflt;
    END IF;

    -- Each new partition: the parent's grants and no others (the owner's default privileges would give
    -- the runtime role UPDATE and DELETE), and the parent's truncate trigger (row triggers are cloned
    -- by PostgreSQL, statement triggers are not).
    owner_oid := (SELECT relowner FROM pg_class WHERE oid = to_regclass(quote_ident(parent)));
    FOREACH created IN ARRAY missing LOOP
        FOR g IN SELECT DISTINCT a.grantee FROM pg_class c, aclexplode(c.relacl) a
                WHERE c.oid = to_regclass(quote_ident(created)) AND a.grantee <> owner_oid LOOP
            EXECUTE format('REVOKE ALL ON %I FROM %s', created,
                CASE WHEN g.grantee = 0 THEN 'PUBLIC' ELSE quote_ident(pg_get_userbyid(g.grantee)) END);
        END LOOP;
        FOR g IN SELECT a.grantee, a.privilege_type FROM pg_class c, aclexplode(c.relacl) a
                WHERE c.oid = to_regclass(quote_ident(parent)) AND a.grantee <> owner_oid LOOP
            EXECUTE format('GRANT %s ON %I TO %s', g.privilege_type, created,
                CASE WHEN g.grantee = 0 THEN 'PUBLIC' ELSE quote_ident(pg_get_userbyid(g.grantee)) END);
        END LOOP;
        IF EXISTS (SELECT 1 FROM pg_trigger WHERE tgrelid = to_regclass(quote_ident(parent))
                AND tgname = parent || '_no_truncate') THEN
            EXECUTE format('CREATE TRIGGER %I BEFORE TRUNCATE ON %I FOR EACH STATEMENT EXECUTE FUNCTION %I()',
                parent || '_no_truncate', created, parent || '_refuse_change');
        END IF;
        RETURN NEXT created;
    END LOOP;

    IF detached THEN
        EXECUTE format('INSERT INTO %I SELECT * FROM %I', parent, moving);
        EXECUTE format('DROP TABLE %I', moving);
    END IF;
END;
$fn$;
REVOKE ALL ON FUNCTION {FUNCTION_SIGNATURE} FROM PUBLIC;
"""


def install_function(connection: BaseDatabaseWrapper) -> None:
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_schema()")
        (schema,) = cursor.fetchone()
        cursor.execute(function_sql(schema))


def remove_function(connection: BaseDatabaseWrapper) -> None:
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        cursor.execute(f"DROP FUNCTION IF EXISTS {FUNCTION_SIGNATURE}")


def function_installed(connection: BaseDatabaseWrapper) -> bool:
    if connection.vendor != "postgresql":
        return False
    with connection.cursor() as cursor:
        cursor.execute("SELECT to_regprocedure(%s) IS NOT NULL", [FUNCTION_SIGNATURE])
        return bool(cursor.fetchone()[0])


def is_partitioned(connection: BaseDatabaseWrapper, table: str) -> bool:
    if connection.vendor != "postgresql":
        return False
    with connection.cursor() as cursor:
        cursor.execute("SELECT relkind = 'p' FROM pg_class WHERE oid = to_regclass(%s)", [table])
        row = cursor.fetchone()
    return bool(row and row[0])


def add_months(month: dt.date, months: int) -> dt.date:
    index = month.year * 12 + month.month - 1 + months
    return dt.date(index // 12, index % 12 + 1, 1)


def ensure_months(connection: BaseDatabaseWrapper, table: str, first: dt.date, last: dt.date) -> list[str]:
    """Create the partitions of `table` for the months from `first` to `last` (and the DEFAULT) that do
    not exist yet; return their names. Idempotent. Loaders of old data call this before they insert."""
    if connection.vendor != "postgresql":
        return []
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT * FROM {FUNCTION}(%s, %s, %s, %s)",
            [table, first.replace(day=1), last.replace(day=1), settings.TIME_ZONE],
        )
        return [row[0] for row in cursor.fetchall()]


def ensure(
    connection: BaseDatabaseWrapper,
    *,
    months_ahead: int = MONTHS_AHEAD,
    months_back: int = MONTHS_BACK,
    today: dt.date | None = None,
) -> list[str]:
    """The partitions from `months_back` months before this month to `months_ahead` after it, for both
    tables (what the daily timer and migrate run)."""
    if not function_installed(connection):
        return []
    this_month = (today or timezone.localdate()).replace(day=1)
    first, last = add_months(this_month, -months_back), add_months(this_month, months_ahead)
    created: list[str] = []
    for table in PARTITIONED_TABLES:
        created += ensure_months(connection, table, first, last)
    return created


@dataclass(frozen=True)
class Partition:
    name: str
    bound: str  # "FOR VALUES FROM (...) TO (...)" or "DEFAULT"


def partitions_of(connection: BaseDatabaseWrapper, table: str) -> list[Partition]:
    if connection.vendor != "postgresql":
        return []
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT c.relname, pg_get_expr(c.relpartbound, c.oid) FROM pg_inherits i "
            "JOIN pg_class c ON c.oid = i.inhrelid WHERE i.inhparent = to_regclass(%s) ORDER BY c.relname",
            [table],
        )
        return [Partition(name, bound) for name, bound in cursor.fetchall()]


@dataclass(frozen=True)
class DefaultRows:
    """What a DEFAULT partition holds: rows of months that had no partition when they were written."""

    count: int  # counted up to a limit
    oldest: dt.date  # first and last month among them
    newest: dt.date

    def describe(self, limit: int) -> str:
        count = f"{limit:,}+" if self.count >= limit else f"{self.count:,}"
        return f"{count} rows of {self.oldest:%Y-%m} to {self.newest:%Y-%m}"


def default_rows(
    connection: BaseDatabaseWrapper, *, limit: int = DEFAULT_ROWS_LIMIT
) -> dict[str, DefaultRows]:
    """Each table's DEFAULT partition that holds rows. `partitions_ahead --from` (older months) or
    `--months` (later ones) creates their months and moves them there."""
    found: dict[str, DefaultRows] = {}
    if connection.vendor != "postgresql":
        return found
    q = connection.ops.quote_name
    with connection.cursor() as cursor:
        for table in PARTITIONED_TABLES:
            name = default_name(table)
            cursor.execute("SELECT to_regclass(%s) IS NOT NULL", [name])
            if not cursor.fetchone()[0]:
                continue
            cursor.execute(
                f"SELECT (SELECT count(*) FROM (SELECT 1 FROM {q(name)} LIMIT %s) r), min({KEY}), max({KEY}) "
                f"FROM {q(name)}",
                [limit],
            )
            count, oldest, newest = cursor.fetchone()
            if count:
                found[table] = DefaultRows(
                    count,
                    timezone.localdate(oldest).replace(day=1),
                    timezone.localdate(newest).replace(day=1),
                )
    return found


# --- Migrations: turning a plain table into a partitioned one and back -------------------------------


def partition_by_month(connection: BaseDatabaseWrapper, table: str) -> None:
    """Recreate `table` PARTITIONED BY RANGE (created_at) with the same columns, indexes, foreign keys,
    grants, identity sequence and rows; the primary key becomes (id, created_at), since a partitioned
    table's unique keys must hold the partition key (ids stay unique: they come from one sequence)."""
    _rebuild(connection, table, by_month=True)


def unpartition(connection: BaseDatabaseWrapper, table: str) -> None:
    """The reverse: a plain table with the primary key (id) again."""
    _rebuild(connection, table, by_month=False)


def _rebuild(connection: BaseDatabaseWrapper, table: str, *, by_month: bool) -> None:
    if connection.vendor != "postgresql" or is_partitioned(connection, table) == by_month:
        return
    q = connection.ops.quote_name
    old = f"{table}__rebuilt"
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT conrelid::regclass::text FROM pg_constraint WHERE contype = 'f' AND confrelid = %s::regclass",
            [table],
        )
        referencing = [row[0] for row in cursor.fetchall()]
        if referencing:
            raise RuntimeError(f"{', '.join(referencing)} refer to {table}: a rebuild would break them.")
        cursor.execute(
            "SELECT conname FROM pg_constraint WHERE conrelid = %s::regclass AND contype IN ('u', 'x')",
            [table],
        )
        if cursor.fetchall():
            raise RuntimeError(f"{table} has unique constraints: they would need the partition key.")
        cursor.execute(
            "SELECT c.relname, pg_get_indexdef(i.indexrelid) FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid "
            "WHERE i.indrelid = %s::regclass AND NOT i.indisprimary ORDER BY c.relname",
            [table],
        )
        # A partitioned table's index reads "CREATE INDEX ... ON ONLY t"; the rebuilt one covers all.
        indexes = [(name, re.sub(r" ON ONLY ", " ON ", sql)) for name, sql in cursor.fetchall()]
        cursor.execute(
            "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint "
            "WHERE conrelid = %s::regclass AND contype = 'f' ORDER BY conname",
            [table],
        )
        foreign_keys = cursor.fetchall()
        cursor.execute(
            "SELECT conname FROM pg_constraint WHERE conrelid = %s::regclass AND contype = 'p'", [table]
        )
        (primary_key,) = cursor.fetchone()
        cursor.execute("SELECT pg_get_serial_sequence(%s, 'id')", [table])
        (sequence,) = cursor.fetchone()
        cursor.execute(f"SELECT last_value, is_called FROM {sequence}")
        last_value, is_called = cursor.fetchone()

        # The old table steps aside and frees the names of its indexes, keys and sequence.
        cursor.execute(f"ALTER TABLE {q(table)} RENAME TO {q(old)}")
        for name, _sql in indexes:
            cursor.execute(f"DROP INDEX {q(name)}")
        for name, _sql in foreign_keys:
            cursor.execute(f"ALTER TABLE {q(old)} DROP CONSTRAINT {q(name)}")
        cursor.execute(f"ALTER TABLE {q(old)} DROP CONSTRAINT {q(primary_key)}")
        cursor.execute(f"ALTER TABLE {q(old)} ALTER COLUMN id DROP IDENTITY")

        clause = f" PARTITION BY RANGE ({KEY})" if by_month else ""
        cursor.execute(
            f"CREATE TABLE {q(table)} (LIKE {q(old)} INCLUDING DEFAULTS INCLUDING CONSTRAINTS "
            f"INCLUDING STORAGE INCLUDING COMMENTS){clause}"
        )
        cursor.execute(f"ALTER TABLE {q(table)} ALTER COLUMN id ADD GENERATED BY DEFAULT AS IDENTITY")
        key = f"id, {KEY}" if by_month else "id"
        cursor.execute(f"ALTER TABLE {q(table)} ADD CONSTRAINT {q(primary_key)} PRIMARY KEY ({key})")
        _copy_grants(cursor, q, old, table)  # before the partitions, which take the parent's
        for name, definition in foreign_keys:
            cursor.execute(f"ALTER TABLE {q(table)} ADD CONSTRAINT {q(name)} {definition}")
        for _name, sql in indexes:
            cursor.execute(sql)
        if by_month:
            cursor.execute(f"SELECT min({KEY}), max({KEY}) FROM {q(old)}")
            oldest, newest = cursor.fetchone()
            this_month = timezone.localdate().replace(day=1)
            first, last = add_months(this_month, -MONTHS_BACK), add_months(this_month, MONTHS_AHEAD)
            if oldest is not None:
                first = min(first, timezone.localdate(oldest).replace(day=1))
                last = max(last, timezone.localdate(newest).replace(day=1))
            ensure_months(connection, table, first, last)
        if table in triggers.APPEND_ONLY_TABLES:
            triggers.install(connection, table)
        # The copy last: its rows queue foreign-key checks, and PostgreSQL refuses DDL on a table
        # with checks pending in the transaction.
        cursor.execute(f"INSERT INTO {q(table)} SELECT * FROM {q(old)}")
        cursor.execute(
            "SELECT setval(pg_get_serial_sequence(%s, 'id'), %s, %s)", [table, last_value, is_called]
        )
        cursor.execute(f"DROP TABLE {q(old)}")


def _copy_grants(cursor: CursorWrapper, q: Callable[[str], str], source: str, target: str) -> None:
    cursor.execute(
        "SELECT CASE WHEN a.grantee = 0 THEN 'PUBLIC' ELSE quote_ident(pg_get_userbyid(a.grantee)) END, "
        "a.privilege_type FROM pg_class c, aclexplode(c.relacl) a "
        "WHERE c.oid = %s::regclass AND a.grantee <> c.relowner",
        [source],
    )
    for grantee, privilege in cursor.fetchall():
        cursor.execute(f"GRANT {privilege} ON {q(target)} TO {grantee}")
