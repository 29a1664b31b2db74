"""`manage.py ledger_verify`: rebuild the evidence log's tree from its entries and check every stored hash
and checkpoint; exits non-zero naming the first bad entry."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from fawang.ledger.verify import LogCorrupt, verify_log


class Command(BaseCommand):
    help = "Rebuild the evidence log from its stored entries and check every stored hash and checkpoint."

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            report = verify_log(progress=lambda line: self.stderr.write(line))
        except LogCorrupt as exc:
            raise CommandError(f"ledger_verify: {exc}") from None
        self.stdout.write(
            f"ledger_verify: OK: {report.size} entries, {report.tiles} tiles, "
            f"{report.checkpoints} checkpoints verified."
        )
