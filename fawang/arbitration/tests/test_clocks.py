"""Each statutory limit of arbitration is its own clock, counted from the event the law names, warned,
supervised and escalated by the sweep, citing its article; tests named after the article."""

from __future__ import annotations

import pytest

from fawang.core.errors import Conflict, ValidationFailed
from fawang.orders.engine import order_act
from fawang.orders.enums import OrderStatus
from fawang.orders.models import ServiceOrder, SupervisionOrder
from fawang.orders.sweep import sweep_deadlines

from .conftest import acting_at, at

pytestmark = pytest.mark.django_db


def clocks(order) -> dict[str, tuple[bool, object]]:
    return {c.name: (c.stopped_at is None, c.due_at) for c in order.clocks.order_by("pk")}


def test_art_35_acceptance_within_5_days(arb, file_case):
    """仲裁法（2025）第三十五条: five days from receipt to the decision; late, the sweep warns, supervises
    citing the article, and escalates an unanswered supervision."""
    order = file_case(now=at(2026, 11, 4, 10, 0))
    clock = order.clocks.get()
    assert (clock.name, clock.limit, clock.unit) == ("accept", 5, "calendar_days")
    assert "第三十五条" in clock.legal_basis and "2025" in clock.legal_basis
    assert clock.due_at == at(2026, 11, 9, 23, 59, 59)
    assert sweep_deadlines(now=at(2026, 11, 9, 12, 0)).warned == [order.tracking_no]
    assert sweep_deadlines(now=at(2026, 11, 9, 20, 0)).overdue == []
    report = sweep_deadlines(now=at(2026, 11, 10, 9, 0))
    assert report.overdue == [order.tracking_no]
    supervision = SupervisionOrder.objects.get(order=order)
    assert supervision.clock.name == "accept" and "第三十五条" in supervision.reason
    assert sweep_deadlines(now=at(2026, 12, 10, 9, 0)).escalated


def test_art_35_accepted_in_time_stops_the_clock(arb, file_case):
    order = file_case(now=at(2026, 11, 4, 10, 0))
    with acting_at(at(2026, 11, 6, 9, 0)):
        order_act(actor=arb.secretary, order=order, action="accept")
    assert (order.status, order.stage) == (OrderStatus.ACCEPTED, "constituting")
    # The decision stops its clock; acceptance starts the fee's (收费办法第四条, its own tests).
    assert clocks(order) == {
        "accept": (False, at(2026, 11, 9, 23, 59, 59)),
        "fee": (True, at(2026, 11, 23, 23, 59, 59)),
    }
    assert sweep_deadlines(now=at(2026, 11, 10, 9, 0)).overdue == []


def test_art_35_a_refusal_gives_written_reasons(arb, file_case):
    order = file_case(now=at(2026, 11, 4, 10, 0))
    with pytest.raises(ValidationFailed) as refused:
        order_act(actor=arb.secretary, order=order, action="reject", reason="")
    assert refused.value.field == "reason"
    order.refresh_from_db()
    assert order.status == OrderStatus.SUBMITTED
    with acting_at(at(2026, 11, 5, 9, 0)):
        order_act(actor=arb.secretary, order=order, action="reject", reason="仲裁协议约定的仲裁机构不是本会")
    order.refresh_from_db()
    assert (order.status, order.stage) == (OrderStatus.REJECTED, "refused")
    event = order.events.get(kind="rejected")
    assert event.reason == "仲裁协议约定的仲裁机构不是本会"
    assert clocks(order)["accept"][0] is False


def test_art_29_labour_acceptance_within_5_days(arb, file_case):
    order = file_case("labour_arbitration", now=at(2026, 11, 4, 10, 0))
    clock = order.clocks.get()
    assert (clock.name, clock.limit) == ("accept", 5) and "第二十九条" in clock.legal_basis
    assert clock.due_at == at(2026, 11, 9, 23, 59, 59)
    sweep_deadlines(now=at(2026, 11, 10, 9, 0))
    assert "第二十九条" in SupervisionOrder.objects.get(order=order).reason


def test_art_43_labour_award_within_45_days_extendable_once_by_15(arb, file_case):
    from fawang.arbitration.services import award_extend, tribunal_form

    order = file_case("labour_arbitration", now=at(2026, 11, 4, 10, 0))
    with acting_at(at(2026, 11, 5, 9, 0)):
        order_act(actor=arb.secretary, order=order, action="accept")
    award = order.clocks.get(name="award")
    # 45 days from Thu 5 Nov end on Sun 20 Dec: the next working day, Mon 21 Dec (民法典第二百零三条).
    assert award.due_at == at(2026, 12, 21, 23, 59, 59) and "第四十三条" in award.legal_basis
    with acting_at(at(2026, 11, 6, 9, 0)):
        tribunal_form(
            actor=arb.secretary, order=order, mode="sole", members=[(arb.arbitrators[1].pk, "sole", "chair")]
        )
    # The extension needs the chair's approval in writing (a reason).
    with pytest.raises(ValidationFailed):
        award_extend(actor=arb.secretary, order=order, reason="")
    with acting_at(at(2026, 12, 10, 9, 0)):
        award_extend(actor=arb.secretary, order=order, reason="案情复杂，经仲裁委员会主任批准延期十五日")
    award.refresh_from_db()
    assert award.extended_by == 15 and award.due_at == at(2027, 1, 4, 23, 59, 59)
    assert "十五日" in award.extension_basis
    events = order.events.count()
    with acting_at(at(2026, 12, 20, 9, 0)), pytest.raises(Conflict) as twice:
        award_extend(actor=arb.secretary, order=order, reason="再次延期")
    assert twice.value.code == "clock_already_extended" and order.events.count() == events
    # Late even after the extension: supervised citing art. 43.
    sweep_deadlines(now=at(2027, 1, 5, 9, 0))
    supervision = SupervisionOrder.objects.get(order=order, clock__name="award")
    assert "第四十三条" in supervision.reason


def test_art_43_an_award_in_time_stops_the_labour_clock(arb, file_case):
    from fawang.arbitration.awards import award_make
    from fawang.arbitration.services import tribunal_form

    order = file_case("labour_arbitration")
    order_act(actor=arb.secretary, order=order, action="accept")
    tribunal_form(
        actor=arb.secretary, order=order, mode="sole", members=[(arb.arbitrators[1].pk, "sole", "chair")]
    )
    award_make(actor=arb.secretary, order=order, text="裁决被申请人支付拖欠工资八千元。")
    order = ServiceOrder.objects.get(pk=order.pk)
    assert (order.status, order.stage) == (OrderStatus.RESOLVED, "awarded")
    assert all(c.stopped_at is not None for c in order.clocks.all())
