"""Delete preserved files' stored copies whose retention ended (FAWANG_EVIDENCE_RETENTION_DAYS); the
rows and the log entries stay (docs/adr/0032). Run daily from cron."""

from django.core.management.base import BaseCommand

from fawang.evidence.services import evidence_retention_sweep


class Command(BaseCommand):
    help = "Delete the stored copies of preserved files past their retention; log entries stay."

    def handle(self, *args, **options):
        done = evidence_retention_sweep()
        self.stdout.write(f"{done} preserved file(s) past retention: stored copy deleted, log entry kept")
