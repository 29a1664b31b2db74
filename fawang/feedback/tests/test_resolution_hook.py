"""`order_resolve` calls `feedback_on_order_resolved`: the rating window opens, hotline orders get a
return visit, and a reopened order resolved again opens a new round."""

import datetime as dt

import pytest
from django.utils import timezone

from fawang.core.calendar import is_workday
from fawang.feedback.enums import InvitationStatus, ReturnVisitStatus
from fawang.feedback.models import EvaluationInvitation, ReturnVisit
from fawang.feedback.services import evaluation_submit
from fawang.orders.enums import ApplicantKind, Channel, OrderStatus
from fawang.orders.services import order_resolve, order_start

from .factories import ServiceOrderFactory

pytestmark = pytest.mark.django_db


def test_resolving_a_hotline_order_opens_the_window_and_schedules_the_return_visit(wuhou_clerk):
    order = ServiceOrderFactory(channel=Channel.HOTLINE, applicant_kind=ApplicantKind.ANONYMOUS)

    order_resolve(actor=wuhou_clerk, order=order, resolution="已电话解答劳动仲裁申请流程。")

    order.refresh_from_db()
    invitation = EvaluationInvitation.objects.get(order=order)
    assert invitation.round == 1 and invitation.status == InvitationStatus.OPEN
    # The window is counted like every limit: 15 days from the day after resolution, to the end of the
    # last day, moved off a rest day (民法典第二百零一条至第二百零三条).
    last_day = timezone.localdate(order.resolved_at) + dt.timedelta(days=15)
    while not is_workday(last_day):
        last_day += dt.timedelta(days=1)
    assert timezone.localtime(invitation.closes_at).date() == last_day
    assert timezone.localtime(invitation.closes_at).time() == dt.time(23, 59, 59)
    assert ReturnVisit.objects.get(order=order).status == ReturnVisitStatus.PENDING


def test_resolving_a_web_order_opens_the_window_without_a_return_visit(wuhou_clerk):
    order = ServiceOrderFactory(channel=Channel.WEB)

    order_resolve(actor=wuhou_clerk, order=order, resolution="已在线答复。")

    assert EvaluationInvitation.objects.filter(order=order).count() == 1
    assert not ReturnVisit.objects.filter(order=order).exists()


def test_bad_rating_then_rework_then_a_second_rating(citizen, wuhou_clerk):
    order = ServiceOrderFactory(channel=Channel.HOTLINE, applicant=citizen)
    order_resolve(actor=wuhou_clerk, order=order, resolution="已答复。")
    evaluation_submit(
        actor=citizen, order=order, level=4, comment="答复不具体，没有说明去哪里申请", channel=Channel.WEB
    )
    order.refresh_from_db()
    assert order.status == OrderStatus.REOPENED

    order_start(actor=wuhou_clerk, order=order)
    order_resolve(actor=wuhou_clerk, order=order, resolution="已告知向武侯区劳动人事争议仲裁委员会申请。")
    second = evaluation_submit(actor=citizen, order=order, level=1, channel=Channel.WEB)

    order.refresh_from_db()
    assert second.round == 2
    assert order.status == OrderStatus.CLOSED
    assert list(ReturnVisit.objects.filter(order=order).values_list("round", "status").order_by("round")) == [
        (1, ReturnVisitStatus.CANCELLED),
        (2, ReturnVisitStatus.CANCELLED),
    ]
