"""Time limits in months (民法典 第二百零一条至第二百零三条): the day of receipt is not counted, the period
ends on the corresponding day of the last month, or on that month's last day when it has none, and a
last day that is a statutory rest day gives way to the next working day.

Facts of 2026 as the package records the notices: 春节 Feb 15–23 with Sat Feb 14 and Sat Feb 28 worked;
国庆节 Oct 1–7 with Sun Sep 20 and Sat Oct 10 worked."""

import datetime as dt

import pytest
from django.utils import translation

from fawang.catalog.enums import LimitUnit
from fawang.catalog.models import ServiceItem
from fawang.core.calendar import MONTHS, TZ, add_months, compute_deadline, is_workday

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fresh_calendar")]


def at(y: int, m: int, d: int, hour: int = 10) -> dt.datetime:
    return dt.datetime(y, m, d, hour, tzinfo=TZ)


def end_of(y: int, m: int, d: int) -> dt.datetime:
    return dt.datetime(y, m, d, 23, 59, 59, tzinfo=TZ)


def test_the_unit_is_the_catalog_one():
    assert MONTHS == LimitUnit.MONTHS


def test_civil_code_art_202_month_ends_on_corresponding_date():
    # Received Mon 2026-03-16: one month ends on Thu Apr 16, three on Tue Jun 16.
    assert compute_deadline(start=at(2026, 3, 16), limit=1, unit=MONTHS).due_at == end_of(2026, 4, 16)
    assert compute_deadline(start=at(2026, 3, 16), limit=3, unit=MONTHS).due_at == end_of(2026, 6, 16)
    # Across the end of the year, and twelve months is the same day a year on.
    assert add_months(dt.date(2026, 11, 20), 3) == dt.date(2027, 2, 20)
    assert add_months(dt.date(2026, 3, 16), 12) == dt.date(2027, 3, 16)
    assert add_months(dt.date(2026, 3, 16), 0) == dt.date(2026, 3, 16)


def test_civil_code_art_202_month_without_corresponding_day_ends_on_its_last_day():
    # Received 2026-01-31: February has no 31st, so the month ends on Feb 28 — a Saturday, but one worked
    # that year (春节调休上班), so not a rest day and it does not move.
    assert is_workday(dt.date(2026, 2, 28)) is True
    deadline = compute_deadline(start=at(2026, 1, 31), limit=1, unit=MONTHS)
    assert deadline.due_at == end_of(2026, 2, 28)
    assert deadline.provisional is False
    assert add_months(dt.date(2028, 1, 31), 1) == dt.date(2028, 2, 29)  # a leap year
    assert add_months(dt.date(2024, 2, 29), 12) == dt.date(2025, 2, 28)
    assert add_months(dt.date(2026, 8, 31), 1) == dt.date(2026, 9, 30)


def test_civil_code_art_203_month_ending_on_a_holiday_moves_to_the_next_working_day():
    # Received Tue 2026-09-01: one month ends on Thu Oct 1, 国庆节; the holiday runs to Wed Oct 7, so
    # the period ends on Thu Oct 8.
    deadline = compute_deadline(start=at(2026, 9, 1), limit=1, unit=MONTHS)
    assert deadline.due_at == end_of(2026, 10, 8)
    # Working days in the period: Sep 2–4 (3), Sep 7–11 (8), 14–18 (13), Sun 20 worked (14), 21–24 (18),
    # 28–30 (21; Fri Sep 25 is 中秋节), Oct 8 (22). 80% of 22 → working day 17 = Wed Sep 23.
    assert deadline.warn_at == end_of(2026, 9, 23)


def test_civil_code_art_203_month_ending_on_a_weekend_moves_to_monday():
    # Received Thu 2026-10-15: one month ends on Sun Nov 15 → Mon Nov 16.
    deadline = compute_deadline(start=at(2026, 10, 15), limit=1, unit=MONTHS)
    assert deadline.due_at == end_of(2026, 11, 16)


def test_paused_working_days_extend_a_limit_in_months():
    # Oct 8 (above) plus two working days suspended: Fri Oct 9 and Sat Oct 10 (worked that year).
    deadline = compute_deadline(start=at(2026, 9, 1), limit=1, unit=MONTHS, paused_working_days=2)
    assert deadline.due_at == end_of(2026, 10, 10)
    assert deadline.warn_at == end_of(2026, 9, 28)  # working day 2 + 17 = 19


def test_a_month_ending_on_new_year_2027_counts_the_statutory_holiday_and_is_provisional():
    # Received Tue 2026-12-01: one month ends on Fri 2027-01-01, 元旦 by law though the 2027 notice is
    # not entered; Jan 2–3 are a weekend, so the period ends on Mon Jan 4, provisionally.
    deadline = compute_deadline(start=at(2026, 12, 1), limit=1, unit=MONTHS)
    assert deadline.due_at == end_of(2027, 1, 4)
    assert deadline.provisional is True


@pytest.mark.parametrize(
    ("language", "n", "text"),
    [("zh-hans", 3, "3个月"), ("zh-hans", 1, "1个月"), ("en", 3, "3 months"), ("en", 1, "1 month")],
)
def test_a_limit_in_months_reads_as_one_phrase(language, n, text):
    item = ServiceItem(time_limit=n, time_limit_unit=LimitUnit.MONTHS)
    with translation.override(language):
        assert item.time_limit_text == text
        assert str(LimitUnit.MONTHS.label) == ("个月" if language == "zh-hans" else "months")
