"""Build what reading a question needs, from the data the project ships: the domain classifier
(var/knowledge/). Run by seed_demo (make setup); nothing is downloaded."""

from __future__ import annotations

import time

from django.core.management.base import BaseCommand

from fawang.knowledge.reading import build, model_path


class Command(BaseCommand):
    help = "Train the question classifier from the shipped legal Q&A and lexicons (var/knowledge/)."

    def handle(self, *args, **options):
        started = time.monotonic()
        classifier = build()
        self.stdout.write(
            f"question classifier: {len(classifier.classes)} domains, {len(classifier.names)} features, "
            f"written to {model_path()} ({time.monotonic() - started:.1f} s)"
        )
