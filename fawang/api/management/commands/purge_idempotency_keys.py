from django.core.management.base import BaseCommand

from fawang.api.idempotency import idempotency_records_purge


class Command(BaseCommand):
    help = "Delete Idempotency-Key records older than 24 hours."

    def handle(self, *args: object, **options: object) -> None:
        deleted = idempotency_records_purge()
        self.stdout.write(f"{deleted} idempotency record(s) purged")
