"""Unrated orders close when their rating window passes; reviews past deadline are flagged."""

import datetime as dt

import pytest
from django.core.management import call_command
from django.utils import timezone

from fawang.core.calendar import is_workday
from fawang.feedback.enums import InvitationStatus
from fawang.feedback.models import EvaluationInvitation, Review
from fawang.feedback.services import evaluation_submit
from fawang.feedback.tasks import feedback_close_unrated, feedback_sweep
from fawang.orders.enums import Channel, EventKind, OrderStatus

from .factories import resolved_order

pytestmark = pytest.mark.django_db


def test_unrated_order_closes_after_its_window_and_only_once():
    now = timezone.now()
    order = resolved_order(resolved_at=now)  # window of 15 days
    invitation = EvaluationInvitation.objects.get(order=order)
    # The window is counted like every limit: 15 days from the day after resolution, to the end of the
    # last day, moved off a rest day (民法典第二百零一条至第二百零三条).
    last_day = timezone.localdate(order.resolved_at) + dt.timedelta(days=15)
    while not is_workday(last_day):
        last_day += dt.timedelta(days=1)
    assert timezone.localtime(invitation.closes_at).date() == last_day
    assert timezone.localtime(invitation.closes_at).time() == dt.time(23, 59, 59)

    assert feedback_close_unrated(now=invitation.closes_at - dt.timedelta(minutes=1))["closed"] == 0
    order.refresh_from_db()
    assert order.status == OrderStatus.RESOLVED

    assert feedback_close_unrated(now=invitation.closes_at + dt.timedelta(minutes=1))["closed"] == 1
    order.refresh_from_db()
    assert order.status == OrderStatus.CLOSED
    assert order.events.filter(kind=EventKind.CLOSED).count() == 1
    invitation.refresh_from_db()
    assert invitation.status == InvitationStatus.EXPIRED

    # A second worker, or the next run, finds nothing to do.
    assert feedback_close_unrated(now=invitation.closes_at + dt.timedelta(days=1))["closed"] == 0
    assert order.events.filter(kind=EventKind.CLOSED).count() == 1


def test_rated_order_is_not_touched_by_the_sweep(citizen):
    now = timezone.now()
    order = resolved_order(applicant=citizen, resolved_at=now)
    evaluation_submit(actor=citizen, order=order, level=4, comment="没有解决我的问题", channel=Channel.WEB)

    assert feedback_close_unrated(now=now + dt.timedelta(days=30))["closed"] == 0
    order.refresh_from_db()
    assert order.status == OrderStatus.REOPENED


def test_review_past_its_deadline_is_flagged_overdue(citizen, chengdu_supervisor):
    order = resolved_order(applicant=citizen)
    evaluation_submit(actor=citizen, order=order, level=5, comment="没有解决我的问题", channel=Channel.WEB)
    review = Review.objects.get(order=order)

    assert feedback_close_unrated(now=review.deadline_at - dt.timedelta(minutes=1))["reviews_overdue"] == 0
    result = feedback_close_unrated(now=review.deadline_at + dt.timedelta(minutes=1))

    assert result["reviews_overdue"] == 1
    review.refresh_from_db()
    assert review.is_overdue
    assert feedback_close_unrated(now=review.deadline_at + dt.timedelta(days=1))["reviews_overdue"] == 0


def test_the_task_and_the_command_run_the_sweep():
    order = resolved_order(resolved_at=timezone.now() - dt.timedelta(days=20))

    result = feedback_sweep.enqueue()
    assert result.return_value == {"closed": 1, "reviews_overdue": 0}
    order.refresh_from_db()
    assert order.status == OrderStatus.CLOSED

    resolved_order(resolved_at=timezone.now() - dt.timedelta(days=20))
    call_command("feedback_sweep")
    assert not EvaluationInvitation.objects.filter(status=InvitationStatus.OPEN).exists()
