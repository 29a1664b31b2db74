"""回访: hotline orders get a return-visit task; a reached call with a level is the caller's rating."""

import pytest

from fawang.core.errors import NotFound
from fawang.feedback.enums import RETURN_VISIT_MAX_ATTEMPTS, ReturnVisitStatus
from fawang.feedback.models import Evaluation, EvaluationInvitation, ReturnVisit
from fawang.feedback.selectors import return_visits_for_actor
from fawang.feedback.services import evaluation_submit, return_visit_record
from fawang.orders.enums import ApplicantKind, Channel, OrderStatus

from .factories import resolved_order

pytestmark = pytest.mark.django_db


def test_hotline_orders_get_a_return_visit_and_web_orders_do_not(hotline_agent):
    hotline = resolved_order(channel=Channel.HOTLINE, applicant_kind=ApplicantKind.ANONYMOUS)
    web = resolved_order(channel=Channel.WEB)

    visit = ReturnVisit.objects.get(order=hotline)
    assert visit.status == ReturnVisitStatus.PENDING
    assert visit.due_at > hotline.resolved_at
    assert visit.assigned_region_id == hotline.region_id
    assert not ReturnVisit.objects.filter(order=web).exists()
    # Both get a rating window.
    assert EvaluationInvitation.objects.filter(order__in=[hotline, web]).count() == 2
    assert list(return_visits_for_actor(hotline_agent)) == [visit]


def test_return_visit_queue_is_not_shown_to_a_window_clerk(wuhou_clerk):
    resolved_order(channel=Channel.HOTLINE)

    assert list(return_visits_for_actor(wuhou_clerk)) == []


def test_reached_caller_with_a_level_rates_the_order(hotline_agent):
    order = resolved_order(channel=Channel.HOTLINE, applicant_kind=ApplicantKind.ANONYMOUS)
    visit = ReturnVisit.objects.get(order=order)

    return_visit_record(actor=hotline_agent, visit=visit, reached=True, level=1, note="非常感谢")

    visit.refresh_from_db()
    order.refresh_from_db()
    assert visit.status == ReturnVisitStatus.DONE and visit.attempts == 1 and visit.result_level == 1
    evaluation = Evaluation.objects.get(order=order)
    assert evaluation.channel == Channel.HOTLINE and evaluation.on_behalf
    assert order.status == OrderStatus.CLOSED
    assert list(return_visits_for_actor(hotline_agent)) == []


def test_unreached_caller_is_tried_again_then_given_up(hotline_agent):
    order = resolved_order(channel=Channel.HOTLINE, applicant_kind=ApplicantKind.ANONYMOUS)
    visit = ReturnVisit.objects.get(order=order)

    for _attempt in range(RETURN_VISIT_MAX_ATTEMPTS - 1):
        return_visit_record(actor=hotline_agent, visit=visit, reached=False, note="无人接听")
        visit.refresh_from_db()
        assert visit.status == ReturnVisitStatus.PENDING
    return_visit_record(actor=hotline_agent, visit=visit, reached=False, note="关机")

    visit.refresh_from_db()
    order.refresh_from_db()
    assert visit.status == ReturnVisitStatus.UNREACHED
    assert visit.attempt_records.count() == RETURN_VISIT_MAX_ATTEMPTS
    assert order.status == OrderStatus.RESOLVED  # the rating window still runs


def test_a_rating_from_the_web_cancels_the_pending_return_visit(citizen):
    order = resolved_order(channel=Channel.HOTLINE, applicant=citizen)

    evaluation_submit(actor=citizen, order=order, level=2, channel=Channel.WEB)

    assert ReturnVisit.objects.get(order=order).status == ReturnVisitStatus.CANCELLED


def test_a_clerk_cannot_record_a_return_visit(wuhou_clerk):
    order = resolved_order(channel=Channel.HOTLINE)
    visit = ReturnVisit.objects.get(order=order)

    with pytest.raises(NotFound):
        return_visit_record(actor=wuhou_clerk, visit=visit, reached=True, level=1, note="")
    assert not visit.attempt_records.exists()
