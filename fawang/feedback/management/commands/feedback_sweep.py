from django.core.management.base import BaseCommand

from fawang.feedback.sweep import feedback_close_unrated


class Command(BaseCommand):
    help = "Close orders whose rating window passed unrated, and flag reviews past their deadline."

    def handle(self, *args, **options) -> None:
        result = feedback_close_unrated()
        self.stdout.write(f"closed={result['closed']} reviews_overdue={result['reviews_overdue']}")
