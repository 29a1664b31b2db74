"""`manage.py sweep_deadlines`: run the time-limit sweep once (cron / systemd timer every 5 minutes),
or with `--enqueue` hand it to the task worker pool instead."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser


class Command(BaseCommand):
    help = "Warn orders near their time limit, supervise overdue ones, escalate unanswered supervision."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--enqueue", action="store_true", help="enqueue the task for the worker instead")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["enqueue"]:
            from fawang.orders.tasks import sweep_deadlines_task

            result = sweep_deadlines_task.enqueue()
            self.stdout.write(f"enqueued {result.id}")
            return
        from fawang.orders.sweep import sweep_deadlines

        report = sweep_deadlines()
        self.stdout.write(" ".join(f"{k}={v}" for k, v in report.as_dict().items()))
