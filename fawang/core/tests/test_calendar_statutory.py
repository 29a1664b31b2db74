"""Past the last entered year the calendar still knows the holidays 《全国年节及纪念日放假办法》 fixes by
date (2024 revision, State Council order no. 795, in force 2025-01-01); the State Council's notice, when
it is entered, wins. The database is seeded through 2026, so 2027 is the first year without a notice.

2027 from the rule: 元旦 Fri Jan 1; 春节 Fri Feb 5 (除夕) – Mon Feb 8; 清明节 Mon Apr 5; 劳动节 Sat May 1 –
Sun May 2; 端午节 Wed Jun 9; 中秋节 Wed Sep 15; 国庆节 Fri Oct 1 – Sun Oct 3."""

import datetime as dt
import random

import pytest
from chinese_calendar.constants import Holiday
from chinese_calendar.constants import holidays as package_holidays

from fawang.catalog.enums import LimitUnit
from fawang.core import calendar
from fawang.core.calendar import (
    TZ,
    add_working_days,
    compute_deadline,
    is_workday,
    statutory_holidays,
    working_days_between,
)
from fawang.core.services import schedule_year_enter

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fresh_calendar")]

# The names the seeded calendar uses for chinese-calendar's short forms (fawang.core.services).
_FULL_NAMES = {"清明": "清明节", "端午": "端午节", "中秋": "中秋节"}


def at(y: int, m: int, d: int, hour: int = 10) -> dt.datetime:
    return dt.datetime(y, m, d, hour, tzinfo=TZ)


def end_of(y: int, m: int, d: int) -> dt.datetime:
    return dt.datetime(y, m, d, 23, 59, 59, tzinfo=TZ)


@pytest.mark.parametrize("year", [2025, 2026])
def test_the_library_dates_agree_with_the_notices_chinese_calendar_carries(year):
    # Every day the rule fixes is a holiday of the same name in the State Council's notice for that
    # year, as chinese-calendar 1.11.0 records it (the notices add bridge days, so not the converse).
    fixed = statutory_holidays(year)
    assert len(fixed) == 13  # 1 + 4 + 1 + 2 + 1 + 1 + 3, no two on one day in these years
    for day, name in fixed.items():
        assert day in package_holidays, day
        chinese = Holiday(package_holidays[day]).chinese
        assert _FULL_NAMES.get(chinese, chinese) == name, day
    # The lunar and solar-term ones, spelled out.
    by_name = {name: sorted(d for d, n in fixed.items() if n == name) for name in set(fixed.values())}
    if year == 2025:
        assert by_name["春节"] == [dt.date(2025, 1, 28) + dt.timedelta(days=k) for k in range(4)]
        assert by_name["清明节"] == [dt.date(2025, 4, 4)]
        assert by_name["端午节"] == [dt.date(2025, 5, 31)]
        assert by_name["中秋节"] == [dt.date(2025, 10, 6)]
    else:
        assert by_name["春节"] == [dt.date(2026, 2, 16) + dt.timedelta(days=k) for k in range(4)]
        assert by_name["清明节"] == [dt.date(2026, 4, 5)]
        assert by_name["端午节"] == [dt.date(2026, 6, 19)]
        assert by_name["中秋节"] == [dt.date(2026, 9, 25)]


def test_the_rule_gives_2027_its_fixed_holidays():
    assert statutory_holidays(2027) == {
        dt.date(2027, 1, 1): "元旦",
        dt.date(2027, 2, 5): "春节",  # 除夕, the last day of the lunar year (腊月廿九 that year)
        dt.date(2027, 2, 6): "春节",
        dt.date(2027, 2, 7): "春节",
        dt.date(2027, 2, 8): "春节",
        dt.date(2027, 4, 5): "清明节",
        dt.date(2027, 5, 1): "劳动节",
        dt.date(2027, 5, 2): "劳动节",
        dt.date(2027, 6, 9): "端午节",
        dt.date(2027, 9, 15): "中秋节",
        dt.date(2027, 10, 1): "国庆节",
        dt.date(2027, 10, 2): "国庆节",
        dt.date(2027, 10, 3): "国庆节",
    }
    # 中秋节 on 3 October 2028 is one rest day with both names: the notice decides what else is given.
    assert statutory_holidays(2028)[dt.date(2028, 10, 3)] == "中秋节、国庆节"
    assert len(statutory_holidays(2028)) == 12


def test_statutory_new_year_holiday_counts_before_the_2027_notice():
    # Received Sun 2026-12-20, 15 working days, no 2027 notice yet. Dec 21–25 (1–5), Dec 28–31 (6–9);
    # Fri 2027-01-01 is 元旦 by law whatever the notice will say, so it is not counted: Jan 4–8 (10–14),
    # Mon Jan 11 (15). Still provisional: the notice could add a bridge day or a weekend workday.
    deadline = compute_deadline(start=at(2026, 12, 20), limit=15, unit=LimitUnit.WORKING_DAYS)
    assert deadline.due_at == end_of(2027, 1, 11)
    assert deadline.warn_at == end_of(2027, 1, 6)  # working day 12
    assert deadline.provisional is True
    assert is_workday(dt.date(2027, 1, 1)) is False
    assert add_working_days(dt.date(2026, 12, 20), 9) == (dt.date(2026, 12, 31), False)
    assert add_working_days(dt.date(2026, 12, 20), 10) == (dt.date(2027, 1, 4), True)
    assert working_days_between(dt.date(2026, 12, 20), dt.date(2027, 1, 11)) == 15


def test_statutory_spring_festival_days_are_rest_days_before_the_2027_notice():
    # 除夕 Fri Feb 5 and 初一–初三 Sat Feb 6 – Mon Feb 8; Tue Feb 9 is a working day until a notice
    # says otherwise.
    assert [is_workday(dt.date(2027, 2, d)) for d in range(4, 10)] == [True, False, False, False, False, True]
    # Received Mon 2027-02-01, 5 working days: Feb 2–4 (1–3), Feb 9 (4), Feb 10 (5).
    deadline = compute_deadline(start=at(2027, 2, 1), limit=5, unit=LimitUnit.WORKING_DAYS)
    assert deadline.due_at == end_of(2027, 2, 10)
    assert deadline.provisional is True
    # A 7-day period from Sat Jan 30 ends on Sat Feb 6, a rest day: the next working day is Tue Feb 9
    # (民法典第二百零三条).
    deadline = compute_deadline(start=at(2027, 1, 30), limit=7, unit=LimitUnit.CALENDAR_DAYS)
    assert deadline.due_at == end_of(2027, 2, 9)


def test_the_other_statutory_holidays_of_2027_are_rest_days_on_weekdays():
    for day in (dt.date(2027, 4, 5), dt.date(2027, 6, 9), dt.date(2027, 9, 15), dt.date(2027, 10, 1)):
        assert is_workday(day) is False, day
    # 劳动节 falls on a weekend in 2027: the weekday the notice gives back (第六条) is not known yet.
    assert is_workday(dt.date(2027, 5, 3)) is True
    # Ten years past the last entered one are covered, and the rule holds for each of them.
    assert is_workday(dt.date(2036, 10, 1)) is False  # a Wednesday


def test_an_entered_2027_schedule_wins_over_the_rule(provincial_admin):
    # A made-up notice: 春节 Fri Feb 5 – Sat Feb 13 with Sat Feb 20 worked, and no 清明节 (to show that
    # what is entered is the whole of the year, not added to the rule).
    schedule_year_enter(
        actor=provincial_admin,
        year=2027,
        notice="国务院办公厅关于2027年部分节假日安排的通知 国办发明电〔2026〕99号（测试用）",
        holidays=[
            (dt.date(2027, 1, 1), dt.date(2027, 1, 3), "元旦"),
            (dt.date(2027, 2, 5), dt.date(2027, 2, 13), "春节"),
        ],
        adjusted_workdays=[(dt.date(2027, 2, 20), "春节调休上班")],
    )
    assert calendar.last_scheduled_year() == 2027
    assert is_workday(dt.date(2027, 2, 9)) is False  # a bridge day from the notice
    assert is_workday(dt.date(2027, 2, 20)) is True  # a Saturday worked
    assert is_workday(dt.date(2027, 4, 5)) is True  # not in the entered schedule
    # Received Mon 2027-02-01, 5 working days: Feb 2–4 (1–3), Feb 15 (4), Feb 16 (5); official now.
    deadline = compute_deadline(start=at(2027, 2, 1), limit=5, unit=LimitUnit.WORKING_DAYS)
    assert deadline.due_at == end_of(2027, 2, 16)
    assert deadline.provisional is False
    # 2028 is now the first year without a notice: its fixed holidays count (元旦 Sat Jan 1; 春节
    # Tue Jan 25 – Fri Jan 28), and a date there is provisional.
    assert [is_workday(dt.date(2028, 1, d)) for d in range(24, 29)] == [True, False, False, False, False]
    deadline = compute_deadline(start=at(2028, 1, 21), limit=3, unit=LimitUnit.WORKING_DAYS)
    assert deadline.due_at == end_of(2028, 2, 1)  # Mon Jan 24 (1), Mon Jan 31 (2), Tue Feb 1 (3)
    assert deadline.provisional is True


def test_the_rule_is_computed_once_per_snapshot_not_per_day(django_assert_num_queries):
    # One version check and one read of the exceptions; the rule's years come from the library, not
    # the database, and are cached per process.
    with django_assert_num_queries(2):
        compute_deadline(start=at(2026, 12, 20), limit=250, unit=LimitUnit.WORKING_DAYS)
    with django_assert_num_queries(0):
        for day in range(1, 29):
            compute_deadline(start=at(2027, 2, day), limit=60, unit=LimitUnit.WORKING_DAYS)
            compute_deadline(start=at(2027, 2, day), limit=30, unit=LimitUnit.CALENDAR_DAYS)
            working_days_between(dt.date(2027, 1, 1), dt.date(2029, 12, 31))


def test_range_counts_over_the_years_not_entered_agree_with_counting_day_by_day():
    # The rule's days are merged into the snapshot's prefix sums; check them against the definition.
    rng = random.Random(2027)
    for _ in range(200):
        start = dt.date(2026, 6, 1) + dt.timedelta(days=rng.randrange(0, 365 * 10))
        end = start + dt.timedelta(days=rng.randrange(0, 400))
        expected = sum(is_workday(start + dt.timedelta(days=k)) for k in range(1, (end - start).days + 1))
        assert working_days_between(start, end) == expected, (start, end)
    # Past the ten years covered only weekends are rest days (2037 is not computed).
    assert is_workday(dt.date(2037, 1, 1)) is True  # a Thursday
