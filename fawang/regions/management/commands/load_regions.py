from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from fawang.core.errors import ValidationFailed
from fawang.regions.services import BUNDLED_CSV, regions_load


class Command(BaseCommand):
    help = "Load Sichuan's administrative divisions (idempotent; a changed CSV updates names)."

    def add_arguments(self, parser):
        parser.add_argument("--csv", type=Path, default=BUNDLED_CSV)

    def handle(self, *args, **options):
        try:
            report = regions_load(csv_path=options["csv"])
        except ValidationFailed as exc:
            raise CommandError("\n".join(str(e.message) for e in exc.errors)) from None
        self.stdout.write(
            f"regions: {report.created} created, {report.updated} updated, {report.unchanged} unchanged"
        )
