"""Raw SQL that a migration runs only on the database it was written for.

The tally triggers (docs/adr/0016) and a few PostgreSQL-only objects are written once per database:
PostgreSQL and SQLite differ in trigger syntax, and `migrations.RunSQL` runs the same text on every
database. Each migration that needs this names its statements by `connection.vendor` and hands them to
`vendor_sql`, so the loop lives here instead of being copied into every migration.

Migrations import this module, and a migration is never rewritten once released: every fresh database
replays it, years later. So what is here is frozen: `vendor_sql`'s name, its argument and what it
returns must stay as they are. A new need is a new function beside it, never a changed signature.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

from django.apps.registry import Apps
from django.db.backends.base.schema import BaseDatabaseSchemaEditor

# What `migrations.RunPython` calls, forwards or backwards.
MigrationCode = Callable[[Apps, BaseDatabaseSchemaEditor], None]


def vendor_sql(statements_by_vendor: Mapping[str, Sequence[str]]) -> MigrationCode:
    """The `RunPython` code that executes, in order, the statements listed for the migrating
    connection's vendor (`"postgresql"`, `"sqlite"`): `RunPython(vendor_sql({...}), vendor_sql({...}))`.
    A vendor that is not listed runs nothing. Statements go out with `params=None`, so a `%` in them
    (a `LIKE` pattern, a format) reaches the database as written.

    Stable: migrations depend on this signature (see the module docstring)."""
    # Copied now, so a list the migration module builds further or changes later does not alter what runs.
    frozen = {vendor: tuple(statements) for vendor, statements in statements_by_vendor.items()}

    def run(apps: Apps, schema_editor: BaseDatabaseSchemaEditor) -> None:
        for statement in frozen.get(schema_editor.connection.vendor, ()):
            schema_editor.execute(statement, params=None)

    return run
