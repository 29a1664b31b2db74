"""`flush` with the append-only tables' triggers (audit trail, order timeline) lifted, only where settings allow it.

Django's test runner empties the database with `flush` after every transactional (browser) test; the
triggers would refuse that. Where FAWANG_AUDIT_FLUSH_ALLOWED is False (production, the default), this
is the stock command and the triggers refuse to empty the audit table, as they should."""

from typing import Any

from django.conf import settings
from django.core.management.commands.flush import Command as FlushCommand
from django.db import connections

from fawang.audit import triggers


class Command(FlushCommand):
    def handle(self, **options: Any) -> None:
        if not getattr(settings, "FAWANG_AUDIT_FLUSH_ALLOWED", False):
            return super().handle(**options)
        connection = connections[options["database"]]
        with triggers.suspended(connection):
            return super().handle(**options)
