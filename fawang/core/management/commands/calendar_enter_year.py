"""Enter (or correct) one year's official holiday schedule from a JSON file:

    manage.py calendar_enter_year --year 2027 --actor admin \\
        --notice "国务院办公厅关于2027年部分节假日安排的通知 国办发明电〔2026〕N号" --file schedule.json

schedule.json:
    {"holidays": [{"start": "2027-01-01", "end": "2027-01-03", "name": "元旦"}, ...],
     "adjusted_workdays": [{"date": "2027-02-20", "name": "春节调休上班"}, ...]}

It goes through `schedule_year_enter`, like the admin form: same checks, audit entry and recount."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from fawang.core.errors import DomainError


def _date_or_text(value: Any) -> Any:
    import datetime as dt

    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            return value  # the service names the field and says what a date looks like
    return value


class Command(BaseCommand):
    help = "Enter a year's official holiday schedule (State Council notice) from a JSON file."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--year", type=int, required=True)
        parser.add_argument("--notice", default="", help="the notice's title and document number")
        parser.add_argument("--file", required=True, type=Path)
        parser.add_argument(
            "--actor", required=True, help="username of the provincial administrator entering it"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        from fawang.accounts.models import User
        from fawang.core.services import schedule_year_enter

        try:
            data = json.loads(options["file"].read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise CommandError(f"--file: cannot read the schedule: {exc}") from exc
        if not isinstance(data, dict):
            raise CommandError('--file: expected an object with "holidays" and "adjusted_workdays"')
        actor = User.objects.filter(username=options["actor"]).first()
        if actor is None:
            raise CommandError(f"--actor: no user named {options['actor']!r}")

        def holiday(entry: Any) -> Any:
            if isinstance(entry, dict):
                return (_date_or_text(entry.get("start")), _date_or_text(entry.get("end")), entry.get("name"))
            return entry

        def workday(entry: Any) -> Any:
            if isinstance(entry, dict):
                return (_date_or_text(entry.get("date")), entry.get("name"))
            return entry

        try:
            schedule = schedule_year_enter(
                actor=actor,
                year=options["year"],
                notice=options["notice"] or str(data.get("notice", "")),
                holidays=[holiday(e) for e in data.get("holidays") or []],
                adjusted_workdays=[workday(e) for e in data.get("adjusted_workdays") or []],
            )
        except DomainError as exc:
            lines = [f"{e.field or '-'}: {e.message}" for e in exc.errors]
            raise CommandError("nothing saved:\n" + "\n".join(lines)) from exc
        days = schedule.days.count()
        self.stdout.write(
            f"{schedule.year}: {days} calendar exceptions saved; "
            f"{schedule.recomputed_orders} due dates recounted."
        )
