"""Every deadline counted on the calendar is recounted when a year's schedule is entered: the rating
window, the return visit, the review of a bad rating and an automatic supervision order, not only the
order's statutory clocks."""

import datetime as dt
from unittest import mock

import pytest

from fawang.audit.models import AuditEntry
from fawang.core.calendar import TZ
from fawang.core.services import schedule_year_enter
from fawang.core.tests.schedules import HOLIDAYS_2027, NOTICE_2027, WORKDAYS_2027
from fawang.feedback.models import EvaluationInvitation, ReturnVisit, Review
from fawang.feedback.services import evaluation_submit
from fawang.orders.enums import Channel

from .factories import resolved_order

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fresh_calendar")]


def test_entering_2027_recounts_review_return_visit_and_rating_window(provincial_admin):
    admin = provincial_admin
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
        notice=NOTICE_2027,
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
