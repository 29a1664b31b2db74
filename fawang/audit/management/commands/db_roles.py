"""`manage.py db_roles`: give the runtime role its grants, as the role that owns the tables. Run it after
every `migrate` (docs/deploy.md section 2; fawang/audit/db_roles.py says what is granted and why)."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import DEFAULT_DB_ALIAS, connections, transaction

from fawang.audit.db_roles import RolesRefused, runtime_role_grant
from fawang.core.db import as_migration_owner


class Command(BaseCommand):
    help = (
        "Grant the runtime role (the user of DATABASE_URL, or --role) what serving needs and no more: "
        "DML on ordinary tables, SELECT and INSERT only on the append-only ones. Connects as the owner "
        "of MIGRATE_DATABASE_URL when it is set."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--role", help="the runtime role (default: the user of DATABASE_URL)")
        parser.add_argument(
            "--create", action="store_true", help="create the role (LOGIN, no password) when it is missing"
        )
        parser.add_argument("--database", default=DEFAULT_DB_ALIAS)

    def handle(self, *args: Any, **options: Any) -> None:
        alias = options["database"]
        connection = connections[alias]
        role = options["role"] or connection.settings_dict.get("USER") or ""
        with as_migration_owner(alias) as as_owner:
            if not as_owner and not options["role"]:
                raise CommandError(
                    "Set MIGRATE_DATABASE_URL (the owner) beside DATABASE_URL (the runtime role), or name "
                    "the runtime role with --role and run this as the owner."
                )
            try:
                with transaction.atomic(using=alias):
                    report = runtime_role_grant(connection, role, create=options["create"])
            except RolesRefused as exc:
                raise CommandError(str(exc)) from exc
        if options["verbosity"] >= 1:
            for line in report.lines():
                self.stdout.write(line)
