"""`manage.py ledger_checkpoint`: sign a checkpoint over the evidence log's current size (a scheduler runs it
every few seconds or minutes; modules that need a receipt at once call `ledger_checkpoint()` themselves)."""

from typing import Any

from django.core.management.base import BaseCommand

from fawang.ledger.services import ledger_checkpoint


class Command(BaseCommand):
    help = "Sign and store a checkpoint over the evidence log's current size, and print it."

    def handle(self, *args: Any, **options: Any) -> None:
        self.stdout.write(ledger_checkpoint().note, ending="")
