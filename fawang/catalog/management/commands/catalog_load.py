from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from fawang.catalog.services import BUNDLED_CATALOG, catalog_load
from fawang.core.errors import ValidationFailed


class Command(BaseCommand):
    help = (
        "Import the service catalog (items, their statutory limits and routing rules) and the life "
        "events with their items and translations. Both files are checked first; any error refuses the "
        "whole import, each error naming the row and the field, and nothing is loaded."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--items", type=Path, default=BUNDLED_CATALOG, help="the items file (JSON)")
        parser.add_argument(
            "--life-events",
            type=Path,
            default=None,
            help="the life-events file (JSON); default: the bundled one with the bundled items",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            report = catalog_load(path=options["items"], life_events_path=options["life_events"])
        except ValidationFailed as exc:
            raise CommandError(
                "The catalog was not imported:\n" + "\n".join(str(e.message) for e in exc.errors)
            ) from None
        self.stdout.write(
            f"items: {report.created} created, {report.updated} updated, {report.unchanged} unchanged; "
            f"life events: {report.life_events_created} created, {report.life_events_updated} updated, "
            f"{report.life_event_items_changed} item links changed; "
            f"{report.translations_written} translations written"
        )
