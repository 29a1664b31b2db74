"""Writes to the official working-day calendar: seeding from the `chinese-calendar` package and a
provincial admin entering a new year's State Council schedule (docs/adr/0006)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from typing import Any, cast

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from . import calendar
from .errors import Conflict, ErrorCollector, Forbidden
from .models import CalendarDay, HolidayScheduleYear, ScheduleSource

# The package's Chinese names are short forms; the calendar shows the names people use.
_FULL_NAMES = {"清明": "清明节", "端午": "端午节", "中秋": "中秋节"}
_NOTICE_MAX = cast(int, HolidayScheduleYear._meta.get_field("notice").max_length)
_NAME_MAX = cast(int, CalendarDay._meta.get_field("name").max_length)
# No statutory holiday block has ever run past 9 days (Spring Festival from 2025); a range longer than
# this is a typo in the end date.
_MAX_HOLIDAY_SPAN = 15


def calendar_seed_from_package(*, year_model: Any = None, day_model: Any = None) -> int:
    """Write every year that chinese-calendar 1.11.0 covers (2004–2026) that is not in the table yet.

    The data migration calls this with its historical models; a test database whose tables were
    flushed calls it with the live ones. Returns the number of years written."""
    from chinese_calendar.constants import Holiday, holidays, workdays

    year_model = year_model or HolidayScheduleYear
    day_model = day_model or CalendarDay

    def chinese(value: str) -> str:
        name = Holiday(value).chinese
        return _FULL_NAMES.get(name, name)

    years = sorted({d.year for d in holidays} | {d.year for d in workdays})
    present = set(year_model.objects.filter(year__in=years).values_list("year", flat=True))
    missing = [y for y in years if y not in present]
    if not missing:
        return 0
    now = timezone.now()
    year_model.objects.bulk_create(
        [year_model(year=y, source=ScheduleSource.PACKAGE, notice="", entered_at=now) for y in missing]
    )
    wanted = set(missing)
    days = [
        day_model(date=d, is_workday=False, name=chinese(v), year_id=d.year)
        for d, v in holidays.items()
        if d.year in wanted
    ]
    days += [
        day_model(date=d, is_workday=True, name=f"{chinese(v)}调休上班", year_id=d.year)
        for d, v in workdays.items()
        if d.year in wanted
    ]
    day_model.objects.bulk_create(days, batch_size=500)
    calendar.invalidate()
    return len(missing)


def calendar_ensure_seeded() -> None:
    """For test databases whose tables were flushed (browser tests): put the seeded years back."""
    if not HolidayScheduleYear.objects.exists():
        calendar_seed_from_package()


def _schedule_snapshot(schedule: HolidayScheduleYear | None) -> dict[str, Any] | None:
    if schedule is None:
        return None
    return {
        "year": schedule.year,
        "source": schedule.source,
        "notice": schedule.notice,
        "holidays": [
            [d.isoformat(), name]
            for d, name in schedule.days.filter(is_workday=False).values_list("date", "name")
        ],
        "adjusted_workdays": [
            [d.isoformat(), name]
            for d, name in schedule.days.filter(is_workday=True).values_list("date", "name")
        ],
    }


def _validate_schedule(
    *,
    year: int,
    notice: str,
    holidays: list[tuple[dt.date, dt.date, str]],
    adjusted_workdays: list[tuple[dt.date, str]],
) -> None:
    errors = ErrorCollector()
    if not isinstance(year, int) or isinstance(year, bool) or not 2000 <= year <= 2200:
        errors.add("year", "calendar_year_invalid", _("The year must be a whole number such as 2027."))
        errors.raise_if_any()
    last = HolidayScheduleYear.objects.aggregate(last=Max("year"))["last"] or 0
    existing = HolidayScheduleYear.objects.filter(year=year).exists()
    if not existing and year != last + 1:
        errors.add(
            "year",
            "calendar_year_not_next",
            _(
                "Schedules are entered year by year: the next year to enter is %(next)d "
                "(or correct a year already entered)."
            )
            % {"next": last + 1},
        )

    if not (notice or "").strip():
        errors.add(
            "notice",
            "calendar_notice_required",
            _("Cite the State Council notice the schedule comes from, with its document number."),
        )
    elif len(notice.strip()) > _NOTICE_MAX:
        errors.add(
            "notice",
            "calendar_notice_too_long",
            _("The notice citation may be at most %(max)d characters.") % {"max": _NOTICE_MAX},
        )

    def in_year(value: Any) -> bool:
        return isinstance(value, dt.date) and value.year == year

    def check_name(field: str, name: Any) -> None:
        if not isinstance(name, str) or not name.strip():
            errors.add(field, "calendar_name_required", _("Give the holiday's name, e.g. 国庆节."))
        elif len(name.strip()) > _NAME_MAX:
            errors.add(
                field,
                "calendar_name_too_long",
                _("The name may be at most %(max)d characters.") % {"max": _NAME_MAX},
            )

    if not holidays:
        errors.add(
            "holidays", "calendar_holidays_required", _("A year's schedule lists at least one holiday.")
        )
    holiday_dates: dict[dt.date, str] = {}
    entry: Any  # checked here whatever its declared type: entries come from forms and JSON files
    for i, entry in enumerate(holidays or []):
        field = f"holidays[{i}]"
        try:
            start, end, name = entry
        except (TypeError, ValueError):
            errors.add(
                field, "calendar_holiday_invalid", _("Each holiday needs a first day, a last day and a name.")
            )
            continue
        ok = True
        for part, value in (("start", start), ("end", end)):
            if not isinstance(value, dt.date) or isinstance(value, dt.datetime):
                errors.add(f"{field}.{part}", "calendar_date_invalid", _("Enter a date as YYYY-MM-DD."))
                ok = False
            elif not in_year(value):
                errors.add(
                    f"{field}.{part}",
                    "calendar_date_outside_year",
                    _("%(date)s is not in %(year)d.") % {"date": value.isoformat(), "year": year},
                )
                ok = False
        check_name(f"{field}.name", name)
        if not ok:
            continue
        if end < start:
            errors.add(
                f"{field}.end", "calendar_range_reversed", _("The last day comes before the first day.")
            )
            continue
        if (end - start).days + 1 > _MAX_HOLIDAY_SPAN:
            errors.add(
                f"{field}.end",
                "calendar_range_too_long",
                _("A holiday of more than %(max)d days is not plausible; check the last day.")
                % {"max": _MAX_HOLIDAY_SPAN},
            )
            continue
        day = start
        while day <= end:
            if day in holiday_dates:
                errors.add(
                    field,
                    "calendar_holiday_overlap",
                    _("%(date)s is already part of %(name)s.")
                    % {"date": day.isoformat(), "name": holiday_dates[day]},
                )
                break
            holiday_dates[day] = str(name)
            day += dt.timedelta(days=1)

    seen_workdays: set[dt.date] = set()
    for i, entry in enumerate(adjusted_workdays or []):
        field = f"adjusted_workdays[{i}]"
        try:
            day, name = entry
        except (TypeError, ValueError):
            errors.add(field, "calendar_workday_invalid", _("Each adjusted workday needs a date and a name."))
            continue
        check_name(f"{field}.name", name)
        if not isinstance(day, dt.date) or isinstance(day, dt.datetime):
            errors.add(f"{field}.date", "calendar_date_invalid", _("Enter a date as YYYY-MM-DD."))
        elif not in_year(day):
            errors.add(
                f"{field}.date",
                "calendar_date_outside_year",
                _("%(date)s is not in %(year)d.") % {"date": day.isoformat(), "year": year},
            )
        elif day.weekday() < 5:
            errors.add(
                f"{field}.date",
                "calendar_workday_not_weekend",
                _(
                    "%(date)s is a weekday, so it is a workday already; adjusted workdays fall on a Saturday or Sunday."
                )
                % {"date": day.isoformat()},
            )
        elif day in holiday_dates:
            errors.add(
                f"{field}.date",
                "calendar_workday_is_holiday",
                _("%(date)s is listed as a holiday (%(name)s) too.")
                % {"date": day.isoformat(), "name": holiday_dates[day]},
            )
        elif day in seen_workdays:
            errors.add(
                f"{field}.date",
                "calendar_workday_duplicate",
                _("%(date)s is listed twice.") % {"date": day.isoformat()},
            )
        else:
            seen_workdays.add(day)
    errors.raise_if_any()


# Every deadline counted on the calendar is recounted when a year is entered. The apps that count
# them register `recount(year=, actor=, now=) -> rows changed` from their AppConfig.ready(), so core
# imports none of them; each runs in the entering transaction.
_YEAR_RECOUNTS: list[Callable[..., int]] = []


def calendar_on_year_entered(recount: Callable[..., int]) -> None:
    """Register a recount to run, in the same transaction, whenever a year's schedule is entered."""
    if recount not in _YEAR_RECOUNTS:
        _YEAR_RECOUNTS.append(recount)


def deadlines_recount(
    rows: Iterable[Any],
    *,
    year: int,
    actor: Any,
    action: str,
    due_field: str,
    provisional_field: str,
    count: Callable[[Any], tuple[dt.datetime, bool]],
    on_change: Callable[[Any, dt.datetime], None] | None = None,
    also_update: Sequence[str] = (),
) -> int:
    """The recount every app registers does this for its deadline column: count each row's deadline
    again with `count(row)` (due time, provisional), and for each that changed set it (and whatever
    `on_change` sets, saved in `also_update`), write the rows in one UPDATE and one audit entry each
    (`action`, old and new deadline). Runs in the caller's transaction; returns how many changed."""
    from fawang.audit.services import AuditItem, audit_record_many

    changed, audits = [], []
    for row in rows:
        due, provisional = count(row)
        before = (getattr(row, due_field), getattr(row, provisional_field))
        if (due, provisional) == before:
            continue
        audits.append(
            AuditItem(
                actor if getattr(actor, "pk", None) is not None else None,
                action,
                row,
                {"deadline": before[0], "provisional": before[1]},
                {"deadline": due, "provisional": provisional, "year": year},
            )
        )
        setattr(row, due_field, due)
        setattr(row, provisional_field, provisional)
        if on_change is not None:
            on_change(row, due)
        changed.append(row)
    if changed:
        type(changed[0]).objects.bulk_update(changed, [due_field, provisional_field, *also_update])
        audit_record_many(audits)
    return len(changed)


def schedule_year_enter(
    *,
    actor: Any,
    year: int,
    notice: str,
    holidays: list[tuple[dt.date, dt.date, str]],
    adjusted_workdays: list[tuple[dt.date, str]],
    now: dt.datetime | None = None,
) -> HolidayScheduleYear:
    """Enter (or correct) one year's official holiday schedule, then recompute the due dates that
    depended on it. `holidays` are (first day, last day, name) ranges, weekends inside included;
    `adjusted_workdays` are the weekend days worked instead (调休上班).

    Raises Forbidden without "calendar.manage", ValidationFailed (one error per field) on bad input;
    nothing is saved unless everything is. The returned row carries `recomputed_orders`, the number
    of rows (orders, reviews, return visits ...) whose due date changed."""
    from fawang.accounts import policy

    if not policy.has_action(actor, "calendar.manage"):
        raise Forbidden(
            "calendar_forbidden", _("Only a provincial administrator may enter the holiday schedule.")
        )
    _validate_schedule(year=year, notice=notice, holidays=holidays, adjusted_workdays=adjusted_workdays)

    from fawang.audit.services import audit_record

    try:
        with transaction.atomic():
            schedule = HolidayScheduleYear.objects.select_for_update().filter(year=year).first()
            before = _schedule_snapshot(schedule)
            now = now or timezone.now()
            if schedule is None:
                schedule = HolidayScheduleYear(year=year)
                creating = True
            else:
                creating = False
            schedule.source = ScheduleSource.NOTICE
            schedule.notice = notice.strip()
            schedule.entered_by = actor
            schedule.entered_at = now
            if creating:
                schedule.save(force_insert=True)
            else:
                schedule.save(update_fields=["source", "notice", "entered_by", "entered_at", "updated_at"])
                CalendarDay.objects.filter(year=schedule).delete()

            days: list[CalendarDay] = []
            for start, end, name in holidays:
                day = start
                while day <= end:
                    days.append(CalendarDay(date=day, is_workday=False, name=name.strip(), year=schedule))
                    day += dt.timedelta(days=1)
            days += [
                CalendarDay(date=day, is_workday=True, name=name.strip(), year=schedule)
                for day, name in adjusted_workdays
            ]
            CalendarDay.objects.bulk_create(days)

            # The recomputation below must count on the new schedule: drop the cache so it reloads
            # inside this transaction, and again after commit for the other threads of this process.
            calendar.invalidate()
            audit_record(
                actor=actor,
                action="calendar.year_entered" if creating else "calendar.year_corrected",
                entity=schedule,
                before=before,
                after=_schedule_snapshot(schedule),
            )
            schedule.recomputed_orders = sum(
                recount(year=year, actor=actor, now=now) for recount in _YEAR_RECOUNTS
            )
            transaction.on_commit(calendar.invalidate)
    except IntegrityError as exc:
        calendar.invalidate()
        raise Conflict(
            "calendar_year_conflict",
            _("Someone else entered %(year)d at the same moment; reload and check it.") % {"year": year},
        ) from exc
    except BaseException:
        # The cache may hold rows of the rolled-back transaction.
        calendar.invalidate()
        raise
    return schedule
