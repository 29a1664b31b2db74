"""Every deadline counted on the calendar is recounted when a year's schedule is entered: the rating
window, the return visit, the review of a bad rating and an automatic supervision order, not only the
order's statutory clocks."""

import datetime as dt
from unittest import mock

import pytest

from fawang.accounts.enums import Role
from fawang.accounts.tests.factories import StaffFactory
from fawang.audit.models import AuditEntry
from fawang.core import calendar
from fawang.core.calendar import TZ
from fawang.core.services import schedule_year_enter
from fawang.feedback.models import EvaluationInvitation, ReturnVisit, Review
from fawang.feedback.services import evaluation_submit
from fawang.orders.enums import Channel

from .factories import resolved_order

pytestmark = pytest.mark.django_db

# As the 2027 notice would say (a test notice): Spring Festival 5-13 February with a bridge day.
HOLIDAYS_2027 = [
    (dt.date(2027, 1, 1), dt.date(2027, 1, 3), "元旦"),
    (dt.date(2027, 2, 5), dt.date(2027, 2, 13), "春节"),
]
WORKDAYS_2027 = [(dt.date(2027, 2, 20), "春节调休上班")]


@pytest.fixture(autouse=True)
def fresh_calendar():
    calendar.invalidate()
    yield
    calendar.invalidate()


def test_entering_2027_recounts_review_return_visit_and_rating_window(sichuan):
    admin = StaffFactory(jurisdiction_region_id="510000", roles=[Role.PROVINCIAL_ADMIN], is_staff=True)
    resolved_at = dt.datetime(2027, 1, 25, 10, tzinfo=TZ)  # 2027 is not entered yet
    with mock.patch("django.utils.timezone.now", return_value=resolved_at):
        rated = resolved_order(resolved_at=resolved_at)
        evaluation_submit(
            actor=None,
            order=rated,
            level=5,
            comment="一直没有人联系我。",
            channel=Channel.APP,
            phone=rated.applicant_phone,
        )
        unrated = resolved_order(resolved_at=resolved_at, channel=Channel.HOTLINE)
    review = Review.objects.get(order=rated)
    visit = ReturnVisit.objects.get(order=unrated)
    window = EvaluationInvitation.objects.get(order=unrated)
    assert review.deadline_is_provisional and visit.due_is_provisional and window.closes_is_provisional
    before = review.deadline_at

    schedule = schedule_year_enter(
        actor=admin,
        year=2027,
        notice="国办发明电〔2026〕99号（测试用）",
        holidays=HOLIDAYS_2027,
        adjusted_workdays=WORKDAYS_2027,
    )

    review.refresh_from_db()
    visit.refresh_from_db()
    window.refresh_from_db()
    assert not (review.deadline_is_provisional or visit.due_is_provisional or window.closes_is_provisional)
    # 15 working days from Mon 25 Jan now skip the Spring Festival days 5-12 Feb (Fri-Fri) but count
    # the worked Saturday 20 Feb: the deadline moves later.
    assert review.deadline_at > before
    assert schedule.recomputed_orders >= 1
    assert AuditEntry.objects.filter(action="review.deadline_recounted", entity_id=str(review.pk)).exists()
