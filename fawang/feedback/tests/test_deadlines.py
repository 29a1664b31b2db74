"""Review deadlines and return-visit due dates are counted in working days on the official calendar."""

import datetime as dt
from unittest import mock
from zoneinfo import ZoneInfo

import pytest

from fawang.feedback.models import ReturnVisit, Review
from fawang.feedback.services import evaluation_submit
from fawang.orders.enums import ApplicantKind, Channel

from .factories import resolved_order

pytestmark = pytest.mark.django_db
SHANGHAI = ZoneInfo("Asia/Shanghai")


def _local_date(value: dt.datetime) -> dt.date:
    return value.astimezone(SHANGHAI).date()


def test_review_deadline_runs_15_working_days_across_national_day(citizen):
    rated_on = dt.datetime(2026, 9, 25, 10, 0, tzinfo=SHANGHAI)  # Friday before the holiday
    order = resolved_order(applicant=citizen, resolved_at=rated_on - dt.timedelta(days=1))

    with mock.patch("django.utils.timezone.now", return_value=rated_on):
        evaluation_submit(
            actor=citizen, order=order, level=4, comment="没有解决我的问题", channel=Channel.WEB
        )

    review = Review.objects.get(order=order)
    # Sep 28–30 (3), holiday Oct 1–7, Oct 8–10 with Saturday the 10th an adjusted workday (6),
    # Oct 12–16 (11), Oct 19–22 (15). Counting weekends only would have ended on Friday 16 October.
    assert _local_date(review.deadline_at) == dt.date(2026, 10, 22)
    assert review.deadline_at.astimezone(SHANGHAI).time() == dt.time(23, 59, 59)


def test_return_visit_after_a_call_resolved_before_the_holiday_is_due_after_it():
    resolved_at = dt.datetime(2026, 9, 30, 16, 0, tzinfo=SHANGHAI)

    order = resolved_order(
        channel=Channel.HOTLINE, applicant_kind=ApplicantKind.ANONYMOUS, resolved_at=resolved_at
    )

    visit = ReturnVisit.objects.get(order=order)
    # Holiday Oct 1–7: the first working day after it is the 8th, the second the 9th.
    assert _local_date(visit.due_at) == dt.date(2026, 10, 9)
