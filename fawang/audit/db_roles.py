"""The runtime role's grants on PostgreSQL (`manage.py db_roles`; docs/deploy.md section 2, ADR 0005).

The role that owns the tables runs the migrations; every process serves as another role that owns
nothing. Only an owner (or a superuser) can `ALTER TABLE ... DISABLE TRIGGER` or drop a trigger, so the
runtime role cannot switch the append-only triggers off. It gets exactly what serving needs:

- SELECT, INSERT, UPDATE, DELETE on ordinary tables;
- SELECT and INSERT only on the append-only tables (`triggers.APPEND_ONLY_TABLES`): the audit trail and
  the order timeline, and on their month partitions (fawang/audit/partitions.py);
- EXECUTE on the one function that creates those partitions (it runs as the owner and does only that),
  so the daily `partitions_ahead` timer works as the runtime role;
- SELECT only on `django_migrations` (it never migrates);
- USAGE on the schema and on the sequences; no TRUNCATE, REFERENCES or TRIGGER anywhere, no CREATE in
  the schema;
- default privileges, so a table a later migration creates is usable before `db_roles` runs again
  (run it after every `migrate`: that is what narrows a new append-only table to SELECT and INSERT).

Everything is refreshed from scratch each run (what was granted before is revoked first), in one
transaction, and refused when the runtime role could undo it (a superuser, a member of the owner role,
a role that may create roles or owns a table)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from django.db.backends.base.base import BaseDatabaseWrapper

from .partitions import FUNCTION_SIGNATURE
from .triggers import APPEND_ONLY_TABLES

READ_ONLY_TABLES = ("django_migrations",)
TABLE_RIGHTS = "SELECT, INSERT, UPDATE, DELETE"
APPEND_ONLY_RIGHTS = "SELECT, INSERT"
_ROLE_NAME = re.compile(r"^[a-z_][a-z0-9_]{0,62}$")
# per append-only table: the triggers of fawang.audit.triggers, enabled ('O': origin, the default)
_TRIGGER_SUFFIXES = ("_no_update", "_no_delete", "_no_truncate")


class RolesRefused(Exception):
    """The grants cannot be made safely; the message says why and what to do."""


@dataclass
class GrantReport:
    owner: str
    role: str
    schema: str
    created: bool = False
    read_write: list[str] = field(default_factory=list)
    append_only: list[str] = field(default_factory=list)
    read_only: list[str] = field(default_factory=list)
    partitions: int = 0
    sequences: int = 0

    def lines(self) -> list[str]:
        return [
            f"runtime role {self.role}{' (created, LOGIN without a password)' if self.created else ''}; "
            f"tables owned by {self.owner} in schema {self.schema}",
            f"  {TABLE_RIGHTS}: {len(self.read_write)} tables",
            f"  {APPEND_ONLY_RIGHTS} only (append-only): {', '.join(self.append_only)}"
            + (f" and their {self.partitions} partitions" if self.partitions else ""),
            f"  SELECT only: {', '.join(self.read_only)}",
            f"  USAGE: {self.sequences} sequences, schema {self.schema}",
            f"  default privileges for {self.owner}'s future tables and sequences in {self.schema}",
        ]


def _one(cursor: Any, sql: str, params: list[Any] | None = None) -> tuple[Any, ...]:
    cursor.execute(sql, params or [])
    row = cursor.fetchone()
    return tuple(row) if row else ()


def runtime_role_grant(connection: BaseDatabaseWrapper, role: str, *, create: bool = False) -> GrantReport:
    """Give `role` the runtime grants on the tables the connected role owns (see the module docstring)."""
    if connection.vendor != "postgresql":
        raise RolesRefused("Database roles and grants exist on PostgreSQL only.")
    if not _ROLE_NAME.match(role):
        raise RolesRefused(f"{role!r} is not a plain role name (lower case letters, digits, _).")
    q = connection.ops.quote_name
    with connection.cursor() as cursor:
        owner, schema = _one(cursor, "SELECT current_user, current_schema()")
        report = GrantReport(owner=owner, role=role, schema=schema)
        if role == owner:
            raise RolesRefused(
                f"The runtime role must not be {owner}, the role that owns the tables and runs migrate."
            )
        found = _one(cursor, "SELECT rolsuper, rolcreaterole FROM pg_roles WHERE rolname = %s", [role])
        if not found:
            if not create:
                raise RolesRefused(f"Role {role} does not exist: create it (or pass --create).")
            cursor.execute(f"CREATE ROLE {q(role)} LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION")
            report.created, found = True, (False, False)
        superuser, createrole = found
        if superuser or createrole:
            raise RolesRefused(
                f"Role {role} is a superuser or may create roles: it could take the owner's rights back. "
                f"ALTER ROLE {role} NOSUPERUSER NOCREATEROLE first."
            )
        if _one(cursor, "SELECT pg_has_role(%s, %s, 'MEMBER')", [role, owner])[0]:
            raise RolesRefused(
                f"Role {role} is a member of {owner}: it would own the tables. REVOKE {owner} FROM {role}."
            )
        cursor.execute(
            "SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
            "WHERE n.nspname = %s AND c.relkind IN ('r', 'p') AND pg_get_userbyid(c.relowner) = %s",
            [schema, role],
        )
        owned = [row[0] for row in cursor.fetchall()]
        if owned:
            raise RolesRefused(
                f"Role {role} owns {', '.join(sorted(owned))}: ALTER TABLE ... OWNER TO {owner} "
                "(or migrate as the owner from scratch)."
            )
        # Each table with the table it is a partition of (NULL for an ordinary or partitioned table).
        cursor.execute(
            "SELECT c.relname, p.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
            "LEFT JOIN pg_inherits i ON i.inhrelid = c.oid AND c.relispartition "
            "LEFT JOIN pg_class p ON p.oid = i.inhparent "
            "WHERE n.nspname = %s AND c.relkind IN ('r', 'p') AND pg_get_userbyid(c.relowner) = %s "
            "ORDER BY c.relname",
            [schema, owner],
        )
        parent_of: dict[str, str | None] = dict(cursor.fetchall())
        tables = list(parent_of)
        missing = [t for t in APPEND_ONLY_TABLES if t not in parent_of]
        if missing:
            raise RolesRefused(f"{', '.join(missing)} not found among {owner}'s tables: run migrate first.")
        for table in tables:
            guarded = table if table in APPEND_ONLY_TABLES else parent_of[table]
            if guarded not in APPEND_ONLY_TABLES:
                continue
            cursor.execute(
                "SELECT tgname FROM pg_trigger WHERE tgrelid = %s::regclass AND tgenabled = 'O'",
                [q(table)],
            )
            enabled = {row[0] for row in cursor.fetchall()}
            if not {guarded + suffix for suffix in _TRIGGER_SUFFIXES} <= enabled:
                raise RolesRefused(
                    f"The append-only triggers of {table} are missing or disabled: run migrate."
                )

        r, s = q(role), q(schema)
        cursor.execute(f"REVOKE ALL ON ALL TABLES IN SCHEMA {s} FROM {r}")
        cursor.execute(f"REVOKE ALL ON ALL SEQUENCES IN SCHEMA {s} FROM {r}")
        cursor.execute(f"REVOKE CREATE ON SCHEMA {s} FROM {r}")
        cursor.execute(f"GRANT USAGE ON SCHEMA {s} TO {r}")
        for table in tables:
            if parent_of[table] in APPEND_ONLY_TABLES:
                cursor.execute(f"GRANT {APPEND_ONLY_RIGHTS} ON {s}.{q(table)} TO {r}")
                report.partitions += 1
                continue
            if table in APPEND_ONLY_TABLES:
                rights, bucket = APPEND_ONLY_RIGHTS, report.append_only
            elif table in READ_ONLY_TABLES:
                rights, bucket = "SELECT", report.read_only
            else:
                rights, bucket = TABLE_RIGHTS, report.read_write
            cursor.execute(f"GRANT {rights} ON {s}.{q(table)} TO {r}")
            bucket.append(table)
        cursor.execute(f"GRANT USAGE ON ALL SEQUENCES IN SCHEMA {s} TO {r}")
        if _one(cursor, "SELECT to_regprocedure(%s) IS NOT NULL", [FUNCTION_SIGNATURE])[0]:
            cursor.execute(f"GRANT EXECUTE ON FUNCTION {s}.{FUNCTION_SIGNATURE} TO {r}")
        report.sequences = _one(
            cursor,
            "SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
            "WHERE n.nspname = %s AND c.relkind = 'S'",
            [schema],
        )[0]
        cursor.execute(f"ALTER DEFAULT PRIVILEGES IN SCHEMA {s} REVOKE ALL ON TABLES FROM {r}")
        cursor.execute(f"ALTER DEFAULT PRIVILEGES IN SCHEMA {s} GRANT {TABLE_RIGHTS} ON TABLES TO {r}")
        cursor.execute(f"ALTER DEFAULT PRIVILEGES IN SCHEMA {s} REVOKE ALL ON SEQUENCES FROM {r}")
        cursor.execute(f"ALTER DEFAULT PRIVILEGES IN SCHEMA {s} GRANT USAGE ON SEQUENCES TO {r}")
        # PostgreSQL 14 and older let PUBLIC create in the public schema: a role that can create objects
        # there can plant a function the owner's later statements resolve to (CVE-2018-1058).
        if _one(cursor, "SELECT has_schema_privilege(%s, %s, 'CREATE')", [role, schema])[0]:
            raise RolesRefused(
                f"Role {role} may create objects in schema {schema} (through PUBLIC): as the schema's "
                f"owner, REVOKE CREATE ON SCHEMA {schema} FROM PUBLIC, then run db_roles again."
            )
    return report


def runtime_role_drop(connection: BaseDatabaseWrapper, role: str) -> None:
    """Take every grant of `role` in this database back and drop it (tests; retiring a role)."""
    q = connection.ops.quote_name
    with connection.cursor() as cursor:
        if _one(cursor, "SELECT 1 FROM pg_roles WHERE rolname = %s", [role]):
            cursor.execute(f"DROP OWNED BY {q(role)}")
            cursor.execute(f"DROP ROLE {q(role)}")
