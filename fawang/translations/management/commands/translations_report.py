from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from fawang.translations.interface import interface_report
from fawang.translations.selectors import translations_report


class Command(BaseCommand):
    help = (
        "List, per language and content type, the translations that are missing, machine drafts not yet "
        "reviewed, or outdated (the Chinese changed since). Exit status 1 with --strict when any is missing."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--language", default="", help="bo, ii or en (default: all)")
        parser.add_argument("--details", action="store_true", help="name every missing or unreviewed field")
        parser.add_argument("--strict", action="store_true", help="fail when a translation is missing")

    def handle(self, *args: Any, **options: Any) -> None:
        missing_any = False
        for row in translations_report():
            if options["language"] and row["language"] != options["language"]:
                continue
            missing_any = missing_any or bool(row["missing"])
            self.stdout.write(
                f"{row['language']}\t{row['content']}\ttotal {row['total']}\tmissing {len(row['missing'])}"
                f"\tmachine draft {len(row['machine'])}\toutdated {len(row['outdated'])}"
                f"\treviewed {len(row['reviewed'])}"
            )
            if options["details"]:
                for what in ("missing", "outdated", "machine"):
                    for name in row[what]:
                        self.stdout.write(f"  {what}: {name}")
        # The interface catalog: entries a Tibetan or Yi reader still gets in Chinese, per part.
        for row in interface_report():
            if options["language"] and row.language != options["language"]:
                continue
            self.stdout.write(
                f"{row.language}\tinterface:{row.group}\tentries {row.total}\tshown in Chinese {len(row.chinese)}"
            )
            if options["details"]:
                for msgid in row.chinese:
                    self.stdout.write(f"  chinese: {msgid}")
        if options["strict"] and missing_any:
            raise SystemExit(1)
