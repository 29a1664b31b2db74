from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from fawang.core.errors import ValidationFailed
from fawang.translations.services import translations_load


class Command(BaseCommand):
    help = (
        "Load machine-draft translations from a JSON file (a list of {content, key, field, language, "
        "text}); reviewed translations and staff edits are kept. Refused as a whole on any bad row."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            written = translations_load(path=options["path"])
        except ValidationFailed as exc:
            raise CommandError("\n".join(str(e.message) for e in exc.errors)) from None
        self.stdout.write(f"{written} translations written")
