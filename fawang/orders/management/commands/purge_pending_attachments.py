from typing import Any

from django.core.management.base import BaseCommand

from fawang.orders.services.attachments import pending_attachments_purge


class Command(BaseCommand):
    help = "Delete files kept for a form that was never sent again (older than a day)."

    def handle(self, *args: Any, **options: Any) -> None:
        removed = pending_attachments_purge()
        self.stdout.write(f"pending attachments removed: {removed}")
