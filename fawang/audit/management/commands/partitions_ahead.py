"""`manage.py partitions_ahead`: create the coming months' partitions of the audit trail and the order
timeline (PostgreSQL; fawang/audit/partitions.py, docs/adr/0015). Daily from a timer, as the runtime
role (the SQL function it calls runs as the tables' owner and does only this); `migrate` runs it too."""

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.utils import timezone

from fawang.audit import partitions


def _month(value: str) -> dt.date:
    try:
        return dt.datetime.strptime(value, "%Y-%m").date()  # noqa: DTZ007 (a calendar month, no time)
    except ValueError as exc:
        raise CommandError(f"--from: {value!r} is not a month written YYYY-MM.") from exc


class Command(BaseCommand):
    help = (
        "Create the month partitions of audit_auditentry and orders_orderevent from last month to "
        "--months ahead (and from --from, for rows of older months). Idempotent; nothing on SQLite."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--months", type=int, default=partitions.MONTHS_AHEAD, help="months ahead")
        parser.add_argument("--from", dest="first", type=_month, help="also every month since YYYY-MM")
        parser.add_argument("--database", default=DEFAULT_DB_ALIAS)

    def handle(self, *args: Any, **options: Any) -> None:
        connection = connections[options["database"]]
        if connection.vendor != "postgresql":
            if options["verbosity"] >= 1:
                self.stdout.write("Plain tables on this database: no partitions to create.")
            return
        if not partitions.function_installed(connection):
            raise CommandError("The partition function is missing: run migrate.")
        if not 0 <= options["months"] <= 120:
            raise CommandError("--months: between 0 and 120.")
        this_month = timezone.localdate().replace(day=1)
        back = partitions.MONTHS_BACK
        if options["first"]:
            first = options["first"]
            back = max(back, (this_month.year - first.year) * 12 + this_month.month - first.month)
        with transaction.atomic(using=options["database"]):
            created = partitions.ensure(connection, months_ahead=options["months"], months_back=back)
        if options["verbosity"] >= 1:
            self.stdout.write(
                f"created {len(created)} partitions" + (f": {', '.join(created)}" if created else "")
            )
        for table, rows in partitions.default_rows(connection).items():
            self.stderr.write(
                f"warning: {partitions.default_name(table)} holds {rows.describe(partitions.DEFAULT_ROWS_LIMIT)}, "
                f"months that had no partition: run again with --from {rows.oldest:%Y-%m} (and --months to "
                f"reach {rows.newest:%Y-%m} if that is ahead)."
            )
