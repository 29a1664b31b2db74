"""Seed the official calendar from chinese-calendar 1.11.0 (every year it covers, 2004–2026), so every
database, test databases included, counts time limits on the real holidays. Later years are entered
by a provincial admin (schedule_year_enter)."""

from django.db import migrations


def seed(apps, schema_editor):
    from fawang.core.services import calendar_seed_from_package

    calendar_seed_from_package(
        year_model=apps.get_model("core", "HolidayScheduleYear"),
        day_model=apps.get_model("core", "CalendarDay"),
    )


def unseed(apps, schema_editor):
    HolidayScheduleYear = apps.get_model("core", "HolidayScheduleYear")
    HolidayScheduleYear.objects.filter(source="chinese-calendar 1.11.0").delete()


class Migration(migrations.Migration):
    dependencies = [("core", "0001_initial")]

    operations = [migrations.RunPython(seed, unseed)]
