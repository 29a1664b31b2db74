"""`migrate` as the role that owns the tables (MIGRATE_DATABASE_URL) when it is set, so the runtime role
of DATABASE_URL never owns them (docs/deploy.md section 2). Unset, the stock command."""

from typing import Any

from django.core.management.commands.migrate import Command as MigrateCommand

from fawang.core.db import as_migration_owner


class Command(MigrateCommand):
    def handle(self, *args: Any, **options: Any) -> None:
        with as_migration_owner(options["database"]) as as_owner:
            if as_owner and options["verbosity"] >= 1:
                self.stdout.write("Migrating as the owner role of MIGRATE_DATABASE_URL.")
            super().handle(*args, **options)
