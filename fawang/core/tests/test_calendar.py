"""The working-day calendar and the time-limit clock, on the schedule seeded from chinese-calendar 1.11.0.

Facts of 2026 as the package records the State Council's notice: 中秋节 Sep 25–27 (Fri–Sun); 国庆节 Oct 1–7
(Thu–Wed) with adjusted workdays Sun Sep 20 and Sat Oct 10."""

import datetime as dt
import random
from decimal import Decimal

import pytest

from fawang.catalog.enums import LimitUnit
from fawang.core import calendar
from fawang.core.calendar import TZ, add_working_days, compute_deadline, is_workday, working_days_between
from fawang.core.models import CalendarDay, HolidayScheduleYear, ScheduleSource

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fresh_calendar")]


def at(y: int, m: int, d: int, hour: int = 10) -> dt.datetime:
    return dt.datetime(y, m, d, hour, tzinfo=TZ)


def end_of(y: int, m: int, d: int) -> dt.datetime:
    return dt.datetime(y, m, d, 23, 59, 59, tzinfo=TZ)


def test_every_year_the_package_covers_is_seeded():
    years = list(HolidayScheduleYear.objects.order_by("year").values_list("year", flat=True))
    assert years == list(range(2004, 2027))
    assert set(HolidayScheduleYear.objects.values_list("source", flat=True)) == {ScheduleSource.PACKAGE}
    assert calendar.last_scheduled_year() == 2026
    # The one-off holiday of 2015 (70th anniversary of victory, Thursday Sep 3) is there too.
    assert is_workday(dt.date(2015, 9, 3)) is False
    assert CalendarDay.objects.get(date=dt.date(2026, 10, 1)).name == "国庆节"
    assert CalendarDay.objects.get(date=dt.date(2026, 10, 10)).name == "国庆节调休上班"


def test_national_day_2026_holidays_and_adjusted_workdays():
    assert [is_workday(dt.date(2026, 10, d)) for d in range(1, 8)] == [False] * 7
    assert is_workday(dt.date(2026, 10, 8)) is True  # Thursday after the holiday
    assert is_workday(dt.date(2026, 10, 10)) is True  # Saturday worked instead (调休上班)
    assert is_workday(dt.date(2026, 10, 11)) is False  # an ordinary Sunday
    assert is_workday(dt.date(2026, 9, 20)) is True  # Sunday worked instead
    assert is_workday(dt.date(2026, 9, 25)) is False  # 中秋节, a Friday


def test_fifteen_working_day_notary_limit_across_national_day():
    # Accepted Monday 2026-09-28; the day of receipt is not counted (民法典第二百零一条).
    # Working days: Sep 29 (1), Sep 30 (2); Oct 1–7 holiday; Oct 8 (3), Oct 9 (4), Sat Oct 10 (5,
    # adjusted workday), Oct 12–16 (6–10), Oct 19–23 (11–15). Due at the end of Fri 2026-10-23.
    deadline = compute_deadline(start=at(2026, 9, 28), limit=15, unit=LimitUnit.WORKING_DAYS)
    assert deadline.due_at == end_of(2026, 10, 23)
    assert deadline.provisional is False
    # 80% of 15 working days = working day 12 = Tue 2026-10-20.
    assert deadline.warn_at == end_of(2026, 10, 20)
    assert working_days_between(dt.date(2026, 9, 28), dt.date(2026, 10, 23)) == 15
    assert add_working_days(dt.date(2026, 9, 28), 15) == (dt.date(2026, 10, 23), False)


def test_due_instant_is_end_of_day_in_shanghai_whatever_the_zone_of_start():
    # 2026-09-27 20:00 UTC is already 2026-09-28 04:00 in Shanghai: the same day of receipt.
    start = dt.datetime(2026, 9, 27, 20, tzinfo=dt.UTC)
    deadline = compute_deadline(start=start, limit=15, unit=LimitUnit.WORKING_DAYS)
    assert deadline.due_at == end_of(2026, 10, 23)
    assert deadline.due_at.utcoffset() == dt.timedelta(hours=8)


def test_naive_start_is_refused():
    with pytest.raises(ValueError, match="timezone-aware"):
        compute_deadline(start=dt.datetime(2026, 9, 28, 10), limit=15, unit=LimitUnit.WORKING_DAYS)  # noqa: DTZ001


def test_seven_day_legal_aid_limit_ending_in_the_holiday_moves_to_next_working_day():
    # 法律援助法第四十三条: 7 days. From Sep 28 the 7th day is Mon Oct 5, inside National Day, so the
    # period ends on the next working day, Thu Oct 8 (民法典第二百零三条).
    deadline = compute_deadline(start=at(2026, 9, 28), limit=7, unit=LimitUnit.CALENDAR_DAYS)
    assert deadline.due_at == end_of(2026, 10, 8)
    # Only three working days lie in the period (Sep 29, Sep 30, Oct 8): 80% of 3 → working day 2.
    assert deadline.warn_at == end_of(2026, 9, 30)


def test_calendar_day_limit_ending_on_an_adjusted_workday_does_not_move():
    # From Sat Oct 3 the 7th day is Sat Oct 10, a workday that year: no rest day, no move.
    deadline = compute_deadline(start=at(2026, 10, 3), limit=7, unit=LimitUnit.CALENDAR_DAYS)
    assert deadline.due_at == end_of(2026, 10, 10)


def test_calendar_day_limit_on_an_ordinary_weekend_moves_to_monday():
    # From Mon Nov 2 the 5th day is Sat Nov 7 → Mon Nov 9.
    deadline = compute_deadline(start=at(2026, 11, 2), limit=5, unit=LimitUnit.CALENDAR_DAYS)
    assert deadline.due_at == end_of(2026, 11, 9)


def test_paused_working_days_extend_the_due_date_and_the_warning():
    # Three working days suspended (awaiting materials): 15 + 3 = working day 18 = Wed Oct 28.
    deadline = compute_deadline(
        start=at(2026, 9, 28), limit=15, unit=LimitUnit.WORKING_DAYS, paused_working_days=3
    )
    assert deadline.due_at == end_of(2026, 10, 28)
    assert deadline.warn_at == end_of(2026, 10, 23)  # working day 3 + 12 = 15


def test_paused_days_extend_a_calendar_day_limit_in_working_days():
    # Oct 8 (see above) plus two working days: Oct 9 and Sat Oct 10 (adjusted workday).
    deadline = compute_deadline(
        start=at(2026, 9, 28), limit=7, unit=LimitUnit.CALENDAR_DAYS, paused_working_days=2
    )
    assert deadline.due_at == end_of(2026, 10, 10)


def test_warning_ratio_from_the_service_item_is_honoured():
    # ServiceItem.warn_ratio is a Decimal; 70% of 10 working days is working day 7.
    deadline = compute_deadline(
        start=at(2026, 11, 2), limit=10, unit=LimitUnit.WORKING_DAYS, warn_ratio=Decimal("0.70")
    )
    assert deadline.due_at == end_of(2026, 11, 16)  # Nov 3–6 (4), 9–13 (9), 16 (10)
    assert deadline.warn_at == end_of(2026, 11, 11)  # working day 7


def test_one_day_limit_warns_at_the_end_of_the_day_of_receipt_never_after_due():
    deadline = compute_deadline(start=at(2026, 11, 2), limit=1, unit=LimitUnit.WORKING_DAYS)
    assert deadline.due_at == end_of(2026, 11, 3)
    assert deadline.warn_at == end_of(2026, 11, 2)
    zero = compute_deadline(start=at(2026, 11, 2), limit=0, unit=LimitUnit.WORKING_DAYS)
    assert zero.warn_at == zero.due_at == end_of(2026, 11, 2)


def test_unknown_unit_and_negative_limits_are_refused():
    with pytest.raises(ValueError, match="unknown time-limit unit"):
        compute_deadline(start=at(2026, 11, 2), limit=5, unit="hours")
    with pytest.raises(ValueError):
        compute_deadline(start=at(2026, 11, 2), limit=-1, unit=LimitUnit.WORKING_DAYS)


def test_working_days_between_agrees_with_counting_day_by_day():
    # The range count uses arithmetic over the exceptions; check it against the plain definition.
    rng = random.Random(2026)
    for _ in range(300):
        start = dt.date(2004, 1, 1) + dt.timedelta(days=rng.randrange(0, 365 * 24))
        end = start + dt.timedelta(days=rng.randrange(0, 120))
        expected = sum(is_workday(start + dt.timedelta(days=k)) for k in range(1, (end - start).days + 1))
        assert working_days_between(start, end) == expected, (start, end)
        n = rng.randrange(0, 40)
        due, _ = add_working_days(start, n)
        assert working_days_between(start, due) == n
        assert n == 0 or is_workday(due)
    assert working_days_between(dt.date(2026, 10, 9), dt.date(2026, 10, 1)) == 0


def test_deadlines_do_not_query_the_database_once_warm(django_assert_num_queries):
    compute_deadline(start=at(2026, 9, 28), limit=15, unit=LimitUnit.WORKING_DAYS)
    with django_assert_num_queries(0):
        for day in range(1, 29):
            compute_deadline(start=at(2026, 2, day), limit=60, unit=LimitUnit.WORKING_DAYS)
            compute_deadline(start=at(2026, 2, day), limit=30, unit=LimitUnit.CALENDAR_DAYS)
            working_days_between(dt.date(2026, 1, 1), dt.date(2026, 12, 31))
