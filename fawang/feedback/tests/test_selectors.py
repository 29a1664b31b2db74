"""Satisfaction figures and scoping of the review queue."""

import datetime as dt

import pytest
from django.utils import timezone

from fawang.core.errors import NotFound
from fawang.feedback.models import Review
from fawang.feedback.selectors import review_get_for_supervisor, satisfaction_summary
from fawang.feedback.services import evaluation_submit
from fawang.orders.enums import Channel
from fawang.regions.models import Region

from .factories import ServicePointFactory, resolved_order

pytestmark = pytest.mark.django_db


def _rate(level, **order_kwargs):
    order = resolved_order(**order_kwargs)
    comment = "" if level <= 3 else "处理太慢，没有结果"
    evaluation_submit(
        actor=None, order=order, level=level, comment=comment, channel=Channel.WEB, phone="13912345678"
    )
    return order


def test_satisfaction_summary_counts_levels_and_the_rate(chengdu_supervisor):
    for level in (1, 1, 1, 2, 2, 3, 3, 3, 4, 5):
        _rate(level)
    now = timezone.now()

    summary = satisfaction_summary(
        chengdu_supervisor, now - dt.timedelta(days=1), now + dt.timedelta(minutes=1)
    )

    assert summary.counts == {1: 3, 2: 2, 3: 3, 4: 1, 5: 1}
    assert summary.total == 10 and summary.satisfied == 8
    assert str(summary.rate) == "80.0"


def test_satisfaction_summary_is_scoped_and_dated(chengdu_supervisor, ganzi_supervisor):
    ganzi = Region.objects.get(code="513301")  # 康定市
    _rate(1)
    _rate(4, region=ganzi, assigned_point=ServicePointFactory(region=ganzi))
    now = timezone.now()
    window = (now - dt.timedelta(days=1), now + dt.timedelta(minutes=1))

    assert satisfaction_summary(chengdu_supervisor, *window).counts == {1: 1, 2: 0, 3: 0, 4: 0, 5: 0}
    assert satisfaction_summary(ganzi_supervisor, *window).rate == 0
    assert (
        satisfaction_summary(chengdu_supervisor, now - dt.timedelta(days=9), now - dt.timedelta(days=8)).rate
        is None
    )


def test_a_clerk_gets_no_satisfaction_figures(wuhou_clerk):
    _rate(1)
    now = timezone.now()

    assert (
        satisfaction_summary(wuhou_clerk, now - dt.timedelta(days=1), now + dt.timedelta(minutes=1)).total
        == 0
    )


def test_review_outside_the_jurisdiction_is_not_found(ganzi_supervisor, chengdu_supervisor):
    _rate(5)
    review = Review.objects.get()

    assert review_get_for_supervisor(chengdu_supervisor, review.pk) == review
    with pytest.raises(NotFound):
        review_get_for_supervisor(ganzi_supervisor, review.pk)
