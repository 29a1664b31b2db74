"""China's official working-day calendar and the statutory time-limit clock (docs/adr/0006).

A day is a workday Monday to Friday unless the calendar lists it as an exception: a statutory
holiday (放假) or an adjusted workday on a weekend (调休上班). The exceptions live in
`core.CalendarDay`, one row per exception, seeded from chinese-calendar 1.11.0 and extended year by
year by a provincial admin. Past the last year entered the rest days are the weekends and the holidays
that 《全国年节及纪念日放假办法》 fixes by date (`statutory_holidays`); the State Council's notice may
still add bridge days and weekend workdays there, so every date computed past that year is
*provisional*.

The functions here are pure over an in-process snapshot of that table: intake computes a deadline
per order, so nothing here may query per day. The snapshot is reloaded when a year is entered in this
process (`invalidate`) and, for the other processes, when a cheap version check every
`_RECHECK_SECONDS` finds the schedule table changed.

Counting rules (民法典 第二百零一条至第二百零三条):
- the day of receipt is not counted; the count starts the next day;
- a period ends at the end of its last day, 23:59:59 Asia/Shanghai;
- a period in months ends on the corresponding day of the last month, or on that month's last day
  when it has no such day;
- a period counted in calendar days or months whose last day is a rest day ends on the next working day;
- working days spent suspended (补正) extend the period;
- the warning falls at `warn_ratio` of the limit counted in working days, never after the due time."""

from __future__ import annotations

import bisect
import calendar as gregorian
import datetime as dt
import functools
import threading
import time
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import ROUND_FLOOR, Decimal
from types import MappingProxyType
from zoneinfo import ZoneInfo

TZ = ZoneInfo("Asia/Shanghai")
END_OF_DAY = dt.time(23, 59, 59)
WORKING_DAYS = "working_days"  # fawang.catalog.enums.LimitUnit.WORKING_DAYS
CALENDAR_DAYS = "calendar_days"  # fawang.catalog.enums.LimitUnit.CALENDAR_DAYS
MONTHS = "months"  # fawang.catalog.enums.LimitUnit.MONTHS
_RECHECK_SECONDS = 60.0
_ONE_DAY = dt.timedelta(days=1)
# 《全国年节及纪念日放假办法》 as revised by State Council order no. 795, in force 2025-01-01; the
# rule below is that revision's, so it is never applied to an earlier year.
_STATUTORY_RULE_SINCE = 2025
# How many years past the last entered one get their statutory holidays: far beyond any time limit an
# order can run (the longest are months), and cheap (about 1.5 ms a year, once per process).
_STATUTORY_YEARS_AHEAD = 10


@dataclass(frozen=True)
class Deadline:
    due_at: dt.datetime  # aware: the end of the last day of the period
    warn_at: dt.datetime  # aware: when the order counts as nearly due; never after due_at
    provisional: bool  # the count ran past the last year whose official schedule is entered


@dataclass(frozen=True)
class _Snapshot:
    exceptions: dict[dt.date, bool]  # date → is_workday, only where it differs from the weekend rule
    dates: list[dt.date]  # the exception dates, sorted, for range counts
    delta_prefix: list[int]  # delta_prefix[i] = Σ (workday - weekday-rule) over dates[:i]
    last_year: int  # the last year with an entered schedule (0 when none)
    stamp: tuple


_lock = threading.Lock()
_snapshot: _Snapshot | None = None
_checked_at = 0.0


def _stamp() -> tuple:
    from django.db.models import Count, Max

    from .models import HolidayScheduleYear

    agg = HolidayScheduleYear.objects.aggregate(n=Count("year"), last=Max("year"), changed=Max("updated_at"))
    return (agg["n"], agg["last"], agg["changed"])


def _load() -> _Snapshot:
    from .models import CalendarDay

    stamp = _stamp()
    rows = CalendarDay.objects.values_list("date", "is_workday")
    exceptions: dict[dt.date, bool] = {}
    dates: list[dt.date] = []
    prefix = [0]
    for day, is_workday in rows:
        exceptions[day] = is_workday
    last_year = stamp[1] or 0
    if last_year:
        # Past the last entered year the holidays fixed by date are rest days all the same; only the
        # notice's bridge days and weekend workdays are unknown (docs/adr/0006).
        for year in range(max(last_year + 1, _STATUTORY_RULE_SINCE), last_year + 1 + _STATUTORY_YEARS_AHEAD):
            for day in statutory_holidays(year):
                exceptions.setdefault(day, False)
    for day in sorted(exceptions):
        is_workday = exceptions[day]
        # A holiday that falls on a weekend is listed (for its name) but changes nothing.
        dates.append(day)
        prefix.append(prefix[-1] + int(is_workday) - int(day.weekday() < 5))
    return _Snapshot(exceptions, dates, prefix, last_year, stamp)


def _current() -> _Snapshot:
    global _snapshot, _checked_at
    snap = _snapshot
    now = time.monotonic()
    if snap is not None and now - _checked_at < _RECHECK_SECONDS:
        return snap
    with _lock:
        snap = _snapshot
        if snap is None or _stamp() != snap.stamp:
            snap = _load()
            _snapshot = snap
        _checked_at = time.monotonic()
        return snap


def invalidate() -> None:
    """Forget the snapshot: the next call reloads it (after a year is entered or corrected)."""
    global _snapshot
    with _lock:
        _snapshot = None


# ---- the holidays fixed in advance ---------------------------------------------------------------


@functools.cache
def statutory_holidays(year: int) -> Mapping[dt.date, str]:
    """The rest days 《全国年节及纪念日放假办法》 (2024 revision, 第二条) fixes for `year`, date → name:
    元旦 1 Jan; 春节 除夕 (the last day of the lunar year) and lunar 1–3 of the first month; 清明节 the day
    of the Qingming solar term; 劳动节 1–2 May; 端午节 lunar 5/5; 中秋节 lunar 8/15; 国庆节 1–3 Oct.

    Weekend ones included. Not here, because only the State Council's notice fixes them: the weekday
    given back when a holiday falls on a weekend (第六条), bridge days and weekend workdays (调休).
    Lunar dates and solar terms come from tyme4py (astronomical, the 寿星天文历 algorithm)."""
    from tyme4py.lunar import LunarDay
    from tyme4py.solar import SolarDay, SolarTerm

    def solar(day: SolarDay) -> dt.date:
        return dt.date(day.get_year(), day.get_month(), day.get_day())

    new_year = solar(LunarDay.from_ymd(year, 1, 1).get_solar_day())  # 21 Jan – 20 Feb
    found: list[tuple[dt.date, str]] = [
        (dt.date(year, 1, 1), "元旦"),
        *((new_year + dt.timedelta(days=k), "春节") for k in (-1, 0, 1, 2)),
        (solar(SolarTerm.from_name(year, "清明").get_julian_day().get_solar_day()), "清明节"),
        (dt.date(year, 5, 1), "劳动节"),
        (dt.date(year, 5, 2), "劳动节"),
        (solar(LunarDay.from_ymd(year, 5, 5).get_solar_day()), "端午节"),
        (solar(LunarDay.from_ymd(year, 8, 15).get_solar_day()), "中秋节"),
        *((dt.date(year, 10, d), "国庆节") for d in (1, 2, 3)),
    ]
    holidays: dict[dt.date, str] = {}
    for day, name in sorted(found, key=lambda entry: entry[0]):
        # 中秋节 can fall on 1–3 October (2028, 2031): one day, both names.
        holidays[day] = f"{holidays[day]}、{name}" if day in holidays else name
    return MappingProxyType(holidays)  # cached: read-only


# ---- days ----------------------------------------------------------------------------------------


def _is_workday(snap: _Snapshot, d: dt.date) -> bool:
    found = snap.exceptions.get(d)
    if found is not None:
        return found
    return d.weekday() < 5


def _weekdays_through(d: dt.date) -> int:
    """Monday–Friday days from 0001-01-01 (a Monday) through d."""
    weeks, rest = divmod(d.toordinal(), 7)
    return weeks * 5 + min(rest, 5)


def _add_working_days(snap: _Snapshot, start: dt.date, n: int) -> dt.date:
    if n < 0:
        raise ValueError("n must not be negative")
    exceptions = snap.exceptions
    d = start
    while n:
        d += _ONE_DAY
        found = exceptions.get(d)
        if found if found is not None else d.weekday() < 5:
            n -= 1
    return d


def _between(snap: _Snapshot, start: dt.date, end: dt.date) -> int:
    if end <= start:
        return 0
    lo = bisect.bisect_right(snap.dates, start)
    hi = bisect.bisect_right(snap.dates, end)
    return _weekdays_through(end) - _weekdays_through(start) + snap.delta_prefix[hi] - snap.delta_prefix[lo]


def _next_working_day_on_or_after(snap: _Snapshot, d: dt.date) -> dt.date:
    while not _is_workday(snap, d):
        d += _ONE_DAY
    return d


def is_workday(d: dt.date) -> bool:
    """Is `d` a working day on the official calendar (past the last entered year: not a weekend and
    not a holiday fixed by date, `statutory_holidays`)?"""
    return _is_workday(_current(), d)


def last_scheduled_year() -> int:
    """The last year whose official holiday schedule is entered (0 when none is)."""
    return _current().last_year


def add_working_days(start: dt.date, n: int) -> tuple[dt.date, bool]:
    """The n-th working day after `start` (start itself not counted), and whether that date is
    provisional because counting it used years whose schedule is not entered yet."""
    snap = _current()
    end = _add_working_days(snap, start, n)
    return end, end.year > snap.last_year


def working_days_between(start: dt.date, end: dt.date) -> int:
    """Working days in (start, end]: start not counted, end counted; 0 when end is not after start."""
    return _between(_current(), start, end)


# ---- the clock -----------------------------------------------------------------------------------


def add_months(d: dt.date, n: int) -> dt.date:
    """The day corresponding to `d` n months later, or that month's last day when it has none
    (民法典第二百零二条: 到期月的对应日为期间的最后一日；没有对应日的，为当月的末日)."""
    years, month = divmod(d.month - 1 + n, 12)
    year = d.year + years
    return dt.date(year, month + 1, min(d.day, gregorian.monthrange(year, month + 1)[1]))


def end_of_day(d: dt.date) -> dt.datetime:
    """23:59:59 Asia/Shanghai on `d`: when a period whose last day is `d` runs out."""
    return dt.datetime.combine(d, END_OF_DAY, tzinfo=TZ)


def compute_deadline(
    *,
    start: dt.datetime,
    limit: int,
    unit: str,
    paused_working_days: int = 0,
    warn_ratio: Decimal | float | str = 0.8,
) -> Deadline:
    """The due and warning instants of a time limit that began to run at `start`.

    `unit` is a fawang.catalog.enums.LimitUnit value. See the module docstring for the rules."""
    if start.tzinfo is None or start.utcoffset() is None:
        raise ValueError("start must be timezone-aware")
    if limit < 0 or paused_working_days < 0:
        raise ValueError("limit and paused_working_days must not be negative")
    snap = _current()
    received = start.astimezone(TZ).date()  # 第二百零一条: this day is not counted

    if unit == WORKING_DAYS:
        due = _add_working_days(snap, received, limit + paused_working_days)
        limit_in_working_days = limit
    elif unit in (CALENDAR_DAYS, MONTHS):
        # 第二百零二条 for months: the corresponding day, or the month's last.
        last = received + dt.timedelta(days=limit) if unit == CALENDAR_DAYS else add_months(received, limit)
        # 第二百零三条: a last day that is a rest day gives way to the next working day.
        due = _next_working_day_on_or_after(snap, last)
        if paused_working_days:
            due = _add_working_days(snap, due, paused_working_days)
        limit_in_working_days = _between(snap, received, due) - paused_working_days
    else:
        raise ValueError(f"unknown time-limit unit {unit!r}")

    ratio = warn_ratio if isinstance(warn_ratio, Decimal) else Decimal(str(warn_ratio))
    warn_days = int((ratio * limit_in_working_days).to_integral_value(rounding=ROUND_FLOOR))
    # Working day 0 is the day of receipt: a limit too short for its 80% to reach a whole working day
    # warns at the end of the day the order came in.
    warn = _add_working_days(snap, received, paused_working_days + max(warn_days, 0))
    if warn > due:
        warn = due
    return Deadline(due_at=end_of_day(due), warn_at=end_of_day(warn), provisional=due.year > snap.last_year)
