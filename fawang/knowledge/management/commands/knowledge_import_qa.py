"""Import the human-answered questions of data/legal_qa.jsonl (LeCoQA and the lawyer site) as
knowledge-base entries with the articles they cite; machine-written answers are skipped."""

from __future__ import annotations

import time

from django.core.management.base import BaseCommand

from fawang.knowledge.imports import qa_import


class Command(BaseCommand):
    help = "Import the human-answered legal Q&A (never the machine-written answers) into the knowledge base."

    def handle(self, *args, **options):
        started = time.monotonic()
        result = qa_import()
        self.stdout.write(
            f"Q&A: {result.created} entries created, {result.unchanged} already present, "
            f"{result.skipped_machine} machine-answered rows skipped, {result.citations} citations linked, "
            f"{result.citations_missing} cited articles not in the statute corpus "
            f"({time.monotonic() - started:.1f} s)"
        )
