"""Each limit of 《司法鉴定程序通则》 (2016, not shipped: cited by title) is its own clock, with warning,
supervision and escalation: acceptance within 7 working days of receiving the entrustment (art. 13);
completion within 30 working days of acceptance, supplementary materials not counted, extended once
with the head of the institution's approval (art. 28)."""

from __future__ import annotations

import datetime as dt
from unittest import mock

import pytest

from fawang.core.errors import Conflict
from fawang.orders.enums import OrderStatus
from fawang.orders.models import SupervisionOrder
from fawang.orders.sweep import sweep_deadlines

from .conftest import at

pytestmark = pytest.mark.django_db


def acting_at(moment):
    return mock.patch("django.utils.timezone.now", return_value=moment)


def _accept(appraisal, order, now):
    from fawang.appraisal.services import appraisal_accept

    with acting_at(now):
        return appraisal_accept(
            actor=appraisal.clerk,
            order=order,
            appraisers=[p.pk for p in appraisal.appraisers[:2]],
            fee_fen=120000,
        )


def test_art_13_acceptance_within_7_working_days(appraisal, entrust):
    # Received Monday 2 Nov 2026: seven working days end Wednesday 11 Nov.
    row = entrust(now=at(2026, 11, 2, 10, 0))
    order = row.order
    (clock,) = order.clocks.all()
    assert (
        clock.name == "accept"
        and "第十三条" in clock.legal_basis
        and "《司法鉴定程序通则》" in clock.legal_basis
    )
    assert clock.due_at == at(2026, 11, 11, 23, 59, 59)
    # Warned before the limit, supervised after it: the supervision names art. 13, goes to the place.
    warned = sweep_deadlines(now=at(2026, 11, 10, 9, 0))
    assert order.tracking_no in warned.warned
    late = sweep_deadlines(now=at(2026, 11, 12, 9, 0))
    assert late.overdue == [order.tracking_no]
    (supervision,) = SupervisionOrder.objects.filter(order=order)
    assert supervision.clock.name == "accept" and "第十三条" in supervision.reason
    # Unanswered past its own deadline, the supervision escalates to the level above.
    escalated = sweep_deadlines(now=supervision.deadline + dt.timedelta(days=1))
    assert escalated.escalated == [supervision.pk]
    # Accepting stops it (late) and starts the completion clock.
    _accept(appraisal, order, at(2026, 11, 13, 9, 0))
    clock.refresh_from_db()
    assert clock.stopped_at == at(2026, 11, 13, 9, 0) and clock.stopped_at > clock.due_at


def test_art_13_refusal_with_reasons_stops_the_acceptance_clock(appraisal, entrust):
    from fawang.appraisal.services import appraisal_refuse
    from fawang.core.errors import ValidationFailed

    row = entrust(now=at(2026, 11, 2, 10, 0))
    with pytest.raises(ValidationFailed):
        appraisal_refuse(actor=appraisal.clerk, order=row.order, reason="")
    with acting_at(at(2026, 11, 4, 10, 0)):
        appraisal_refuse(
            actor=appraisal.clerk, order=row.order, reason="鉴定材料不真实、不完整（第十五条第二项）"
        )
    row.order.refresh_from_db()
    assert (row.order.status, row.order.stage) == (OrderStatus.REJECTED, "refused")
    (clock,) = row.order.clocks.all()
    assert clock.stopped_at == at(2026, 11, 4, 10, 0) and clock.stopped_at <= clock.due_at


def test_art_28_completion_within_30_working_days_extended_with_approval(appraisal, entrust):
    from fawang.appraisal.enums import Action
    from fawang.appraisal.services import appraisal_step

    row = entrust(now=at(2026, 11, 2, 10, 0))
    order = _accept(appraisal, row.order, at(2026, 11, 3, 9, 0))
    complete = order.clocks.get(name="complete")
    assert "第二十八条" in complete.legal_basis
    # Thirty working days after Tue 3 Nov 2026: Tue 15 Dec.
    assert complete.due_at == at(2026, 12, 15, 23, 59, 59)
    with acting_at(at(2026, 12, 1, 9, 0)):
        appraisal_step(
            actor=appraisal.clerk, order=order, action=Action.EXTEND, note="疑难复杂，经机构负责人批准延长"
        )
    complete.refresh_from_db()
    assert complete.extended_by == 30 and "负责人批准" in complete.extension_basis
    assert complete.due_at > at(2027, 1, 20, 0, 0)
    # Only once.
    with pytest.raises(Conflict), acting_at(at(2026, 12, 2, 9, 0)):
        appraisal_step(actor=appraisal.clerk, order=order, action=Action.EXTEND, note="再次延长")
    # No supervision at the original due date: the extension moved it.
    assert sweep_deadlines(now=at(2026, 12, 16, 9, 0)).overdue == []


def test_art_28_completion_late_raises_supervision_of_the_completion_clock_only(appraisal, entrust):
    row = entrust(now=at(2026, 11, 2, 10, 0))
    order = _accept(appraisal, row.order, at(2026, 11, 3, 9, 0))
    report = sweep_deadlines(now=at(2026, 12, 16, 9, 0))
    assert report.overdue == [order.tracking_no]
    (supervision,) = SupervisionOrder.objects.filter(order=order)
    assert supervision.clock.name == "complete" and "第二十八条" in supervision.reason


def test_art_28_supplementary_materials_not_counted(appraisal, entrust):
    from fawang.appraisal.enums import Action
    from fawang.appraisal.services import appraisal_step

    row = entrust(now=at(2026, 11, 2, 10, 0))
    order = _accept(appraisal, row.order, at(2026, 11, 3, 9, 0))
    with acting_at(at(2026, 11, 4, 9, 0)):
        appraisal_step(actor=appraisal.clerk, order=order, action=Action.RECEIVE_MATERIALS)
        appraisal_step(actor=appraisal.clerk, order=order, action="suspend", note="请补充完整病历资料")
    with acting_at(at(2026, 11, 18, 9, 0)):  # ten working days later
        appraisal_step(actor=appraisal.clerk, order=order, action="resume")
    complete = order.clocks.get(name="complete")
    assert complete.paused_working_days == 10
    assert complete.due_at == at(2026, 12, 29, 23, 59, 59)  # 15 Dec + 10 working days
