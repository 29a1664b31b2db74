"""`make setup`: the whole knowledge base from the data the project ships — the statutes, the
human-answered Q&A, the question classifier. Idempotent; a second run only retrains the classifier
when its file is missing."""

from __future__ import annotations

from django.core.management import call_command
from django.core.management.base import BaseCommand

from fawang.knowledge.reading import model_path


class Command(BaseCommand):
    help = "Load the statutes and Q&A into the knowledge base and build the question classifier."

    def handle(self, *args, **options):
        call_command("knowledge_import_statutes", stdout=self.stdout)
        call_command("knowledge_import_qa", stdout=self.stdout)
        if model_path().exists():
            self.stdout.write(f"question classifier: present ({model_path()})")
        else:
            call_command("knowledge_build", stdout=self.stdout)
