"""The lifecycle: one table, enforced in one place, with jurisdiction, events, audit and notices."""

from __future__ import annotations

import datetime as dt
import threading
from unittest import mock

import pytest
from django.db import connection, connections
from django.utils import translation

from fawang.accounts.enums import Role
from fawang.accounts.tests.factories import StaffFactory
from fawang.audit.models import AuditEntry
from fawang.core.calendar import TZ
from fawang.core.errors import Conflict, Forbidden, NotFound, ValidationFailed
from fawang.orders import services
from fawang.orders.enums import ErrorCode, EventKind, OrderStatus
from fawang.orders.selectors import order_answerable
from fawang.orders.transitions import transition_for
from fawang.orders.workflow import BASE_WORKFLOW, action_names, steps_from

pytestmark = pytest.mark.django_db


def at(*args: int) -> dt.datetime:
    return dt.datetime(*args, tzinfo=TZ)


@pytest.fixture
def wuhou_colleague(sichuan):
    return StaffFactory(
        username="wuhou_colleague",
        display_name="武侯区 王强",
        jurisdiction_region_id="510107",
        roles=[Role.COUNTY_STAFF],
    )


def _offered(status):
    steps = {s.action for s in steps_from(BASE_WORKFLOW, status, "")}
    return [name for name in action_names() if name in steps]


def test_the_table_is_the_lifecycle_of_the_design():
    assert _offered(OrderStatus.SUBMITTED) == ["accept", "transfer", "reject"]
    assert transition_for(OrderStatus.SUSPENDED, "resume").target == OrderStatus.IN_PROGRESS
    assert transition_for(OrderStatus.RESOLVED, "reopen").target == OrderStatus.REOPENED
    assert _offered(OrderStatus.CLOSED) == [] and _offered(OrderStatus.REJECTED) == []


def test_walk_from_submitted_to_closed_with_events_and_audit(
    submit, wuhou_clerk, django_capture_on_commit_callbacks
):
    from fawang.notify.models import InboxMessage

    order = submit()
    with django_capture_on_commit_callbacks(execute=True):
        services.order_accept(actor=wuhou_clerk, order=order)
    assert InboxMessage.objects.filter(order=order).count() == 1  # the applicant hears of the acceptance
    services.order_start(actor=wuhou_clerk, order=order)
    services.order_resolve(actor=wuhou_clerk, order=order, resolution="已告知维权途径并协助申请劳动仲裁。")
    services.order_close(actor=None, order=order, reason="评价期满")
    order.refresh_from_db()
    assert order.status == OrderStatus.CLOSED and order.accepted_by == wuhou_clerk
    kinds = list(order.events.values_list("kind", "from_status", "to_status"))
    assert kinds[2:] == [
        (EventKind.ACCEPTED, "submitted", "accepted"),
        (EventKind.STARTED, "accepted", "in_progress"),
        (EventKind.RESOLVED, "in_progress", "resolved"),
        (EventKind.CLOSED, "resolved", "closed"),
    ]
    accepted = order.events.get(kind=EventKind.ACCEPTED)
    assert accepted.actor == wuhou_clerk and accepted.actor_label == "武侯区窗口 李娜"
    entry = AuditEntry.objects.get(action="order.accept", entity_id=str(order.pk))
    assert entry.before["status"] == "submitted" and entry.after["status"] == "accepted"
    # The feedback app was told of the resolution: a rating window is open.
    assert order.invitations.exists()


@pytest.mark.parametrize(
    ("prepare", "action", "kwargs"),
    [
        ([], "start", {}),
        ([], "resolve", {"resolution": "答复"}),
        ([], "close", {"reason": "x"}),
        (["accept"], "accept", {}),
        (["accept", "start"], "reject", {"reason": "不属于受理范围"}),
        (["accept", "start"], "resume", {}),
    ],
)
def test_illegal_transitions_are_refused(submit, wuhou_clerk, prepare, action, kwargs):
    order = submit()
    for step in prepare:
        services.order_transition(actor=wuhou_clerk, order=order, action=step)
    status, events = order.status, order.events.count()
    with pytest.raises(Conflict) as caught:
        services.order_transition(actor=wuhou_clerk, order=order, action=action, **kwargs)
    expected = ErrorCode.ALREADY_ACCEPTED if action == "accept" else ErrorCode.TRANSITION_NOT_ALLOWED
    assert caught.value.code == expected
    order.refresh_from_db()
    assert order.status == status and order.events.count() == events


def test_reject_needs_a_reason_and_unknown_actions_are_named(submit, wuhou_clerk):
    order = submit()
    with pytest.raises(ValidationFailed) as caught:
        services.order_reject(actor=wuhou_clerk, order=order, reason="  ")
    assert caught.value.errors[0].field == "reason"
    with pytest.raises(ValidationFailed) as caught:
        services.order_transition(actor=wuhou_clerk, order=order, action="teleport")
    assert caught.value.code == ErrorCode.ACTION_UNKNOWN
    services.order_reject(actor=wuhou_clerk, order=order, reason="不属于法律服务事项，已告知向信访部门反映。")
    order.refresh_from_db()
    assert order.status == OrderStatus.REJECTED


def test_ganzi_clerk_cannot_touch_a_chengdu_order(submit, ganzi_clerk):
    order = submit()
    with pytest.raises(NotFound):
        services.order_accept(actor=ganzi_clerk, order=order)
    order.refresh_from_db()
    assert order.status == OrderStatus.SUBMITTED


def test_a_supervisor_sees_but_does_not_handle(submit, chengdu_supervisor):
    order = submit()
    with pytest.raises(Forbidden):
        services.order_accept(actor=chengdu_supervisor, order=order)


def test_of_two_clerks_with_the_same_page_open_only_the_first_accepts(submit, wuhou_clerk, wuhou_colleague):
    from fawang.orders.models import ServiceOrder

    order = submit()
    seen_by_clerk = ServiceOrder.objects.get(pk=order.pk)
    seen_by_colleague = ServiceOrder.objects.get(pk=order.pk)  # stale once the clerk accepts
    services.order_accept(actor=wuhou_clerk, order=seen_by_clerk)
    with pytest.raises(Conflict) as caught:
        services.order_accept(actor=wuhou_colleague, order=seen_by_colleague)
    assert caught.value.code == ErrorCode.ALREADY_ACCEPTED
    assert "武侯区窗口 李娜" in str(caught.value.message)
    assert order.events.filter(kind=EventKind.ACCEPTED).count() == 1


@pytest.mark.django_db(transaction=True)
def test_two_clerks_accepting_at_the_same_instant(network, submit, wuhou_clerk, wuhou_colleague):
    """On PostgreSQL two threads race for real; on SQLite (one writer) the race is the stale object."""
    from fawang.orders.models import ServiceOrder

    order = submit()
    results: dict[str, object] = {}
    if connection.vendor != "postgresql":
        a, b = ServiceOrder.objects.get(pk=order.pk), ServiceOrder.objects.get(pk=order.pk)
        for name, actor, obj in (("clerk", wuhou_clerk, a), ("colleague", wuhou_colleague, b)):
            try:
                results[name] = services.order_accept(actor=actor, order=obj).status
            except Conflict as exc:
                results[name] = exc.code
    else:
        barrier = threading.Barrier(2)

        def accept(name: str, actor) -> None:
            try:
                mine = ServiceOrder.objects.get(pk=order.pk)
                barrier.wait(timeout=10)
                results[name] = services.order_accept(actor=actor, order=mine).status
            except Conflict as exc:
                results[name] = exc.code
            finally:
                connections.close_all()

        threads = [
            threading.Thread(target=accept, args=("clerk", wuhou_clerk)),
            threading.Thread(target=accept, args=("colleague", wuhou_colleague)),
        ]
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=30)
    assert sorted(results.values()) == sorted([OrderStatus.ACCEPTED, ErrorCode.ALREADY_ACCEPTED])
    assert ServiceOrder.objects.get(pk=order.pk).events.filter(kind=EventKind.ACCEPTED).count() == 1


def test_first_responder_answers_until_the_handler_accepts(submit, wuhou_clerk, wuhou_colleague, network):
    order = submit(actor=wuhou_clerk, channel="window", applicant_kind="citizen")
    assert order_answerable(order) == ("first_responder", wuhou_clerk)
    services.order_transfer(
        actor=wuhou_clerk,
        order=order,
        reason="需法律援助中心审查经济困难",
        to_institution=network.wuhou_legal_aid,
    )
    order.refresh_from_db()
    assert order.status == OrderStatus.TRANSFERRED
    assert order_answerable(order) == ("first_responder", wuhou_clerk)  # still, while it waits
    services.order_accept(actor=wuhou_colleague, order=order)
    assert order_answerable(order) == ("handler", wuhou_colleague)


def test_web_order_is_answered_for_by_the_routed_point(submit, network):
    order = submit()
    assert order_answerable(order) == ("point", network.wuhou_centre)


def test_a_county_cannot_send_an_order_sideways_to_another_prefecture(submit, wuhou_clerk, network):
    # The web form offers the places up the order's chain and inside the clerk's jurisdiction; the
    # service (and so the API) holds to the same rule. Sideways goes through the level above.
    order = submit()
    with pytest.raises(ValidationFailed) as caught:
        services.order_transfer(
            actor=wuhou_clerk, order=order, reason="申请人实际居住在理塘县", to_point=network.litang_centre
        )
    assert caught.value.code == ErrorCode.TRANSFER_TARGET_NOT_ALLOWED
    assert caught.value.errors[0].field == "to_point"
    order.refresh_from_db()
    assert order.status == OrderStatus.SUBMITTED and order.assigned_point == network.wuhou_centre


def test_transfer_records_the_reason_and_the_new_place(
    submit, wuhou_clerk, ganzi_clerk, hotline_agent, network
):
    order = submit()
    services.order_accept(actor=wuhou_clerk, order=order)
    services.order_transfer(
        actor=hotline_agent, order=order, reason="申请人实际居住在理塘县", to_point=network.litang_centre
    )
    order.refresh_from_db()
    assert order.assigned_point == network.litang_centre and order.accepted_by is None
    assert order.handler_region_path == "510000/513300/513334/"
    assert order.routing_reason == "转办：申请人实际居住在理塘县"
    event = order.events.get(kind=EventKind.TRANSFERRED)
    assert event.data["from"] == "武侯区公共法律服务中心" and event.data["to"] == "理塘县公共法律服务中心"
    with pytest.raises(ValidationFailed) as caught:
        services.order_transfer(
            actor=hotline_agent, order=order, reason="再转", to_point=network.litang_centre
        )
    assert caught.value.code == ErrorCode.TRANSFER_SAME_PLACE
    with translation.override("en"):
        assert order.routing_reason_display == "Transferred: 申请人实际居住在理塘县"
    # Sent on again, the event names where it came from, not the last transfer's reason.
    services.order_transfer(
        actor=ganzi_clerk, order=order, reason="申请人又搬回成都", to_point=network.wuhou_centre
    )
    second = order.events.filter(kind=EventKind.TRANSFERRED).last()
    assert second.data["from"] == "理塘县公共法律服务中心" and second.data["to"] == "武侯区公共法律服务中心"


def test_transfer_up_one_level_lets_routing_pick_the_place(submit, wuhou_clerk, network):
    from .factories import ServicePointFactory

    chengdu = ServicePointFactory(name="成都市公共法律服务中心", region_id="510100", items=[network.consult])
    order = submit()
    services.order_transfer(
        actor=wuhou_clerk, order=order, reason="案情复杂，需市级处理", to_level="prefecture"
    )
    order.refresh_from_db()
    assert order.assigned_point == chengdu
    assert order.events.get(kind=EventKind.TRANSFERRED).data["routing"].startswith("成都市公共法律服务中心：")


def test_suspension_stops_the_clock(network, submit, wuhou_clerk):
    # Submitted Monday 2 November 2026: 5 working days → due Monday 9 November.
    order = submit(now=at(2026, 11, 2, 10, 0))
    assert order.due_at == at(2026, 11, 9, 23, 59, 59)
    with mock.patch("django.utils.timezone.now", return_value=at(2026, 11, 3, 9, 0)):
        services.order_accept(actor=wuhou_clerk, order=order)
        services.order_start(actor=wuhou_clerk, order=order)
        services.order_suspend(actor=wuhou_clerk, order=order, reason="请补充劳动合同复印件")
    assert order.suspended_at == at(2026, 11, 3, 9, 0)
    from fawang.orders.sweep import sweep_deadlines

    # While suspended the sweep leaves it alone even past the old due time.
    assert sweep_deadlines(now=at(2026, 11, 10, 9, 0)).overdue == []
    # Materials arrive Friday 13 November: 8 working days suspended (4th … 13th).
    with mock.patch("django.utils.timezone.now", return_value=at(2026, 11, 13, 15, 0)):
        services.order_resume(actor=wuhou_clerk, order=order, reason="材料已补齐")
    order.refresh_from_db()
    assert order.status == OrderStatus.IN_PROGRESS and order.suspended_at is None
    (clock,) = order.clocks.all()
    assert clock.paused_working_days == 8 and clock.paused_at is None
    assert order.due_at == clock.due_at == at(2026, 11, 19, 23, 59, 59)
    resumed = order.events.get(kind=EventKind.RESUMED)
    assert dt.datetime.fromisoformat(resumed.data["due_at"]) == order.due_at


def test_reopen_after_a_bad_rating_gets_a_fresh_time_limit(submit, wuhou_clerk, chengdu_supervisor):
    order = submit(now=at(2026, 11, 2, 10, 0))
    services.order_accept(actor=wuhou_clerk, order=order)
    services.order_start(actor=wuhou_clerk, order=order)
    services.order_resolve(actor=wuhou_clerk, order=order, resolution="已答复")
    with mock.patch("django.utils.timezone.now", return_value=at(2026, 11, 20, 9, 0)):
        services.order_reopen(actor=chengdu_supervisor, order=order, reason="申请人评价不满意，需重新处理")
    order.refresh_from_db()
    assert order.status == OrderStatus.REOPENED and order.resolved_at is None
    assert order.due_at == at(2026, 11, 27, 23, 59, 59)
    services.order_start(actor=wuhou_clerk, order=order)
    services.order_resolve(actor=wuhou_clerk, order=order, resolution="重新答复并协助申请仲裁")
    assert order.status == OrderStatus.RESOLVED


def test_wrong_fields_for_an_action_are_a_validation_error(submit, wuhou_clerk):
    order = submit()
    with pytest.raises(ValidationFailed) as caught:
        services.order_transition(actor=wuhou_clerk, order=order, action="reject")  # no reason
    assert caught.value.code == ErrorCode.REQUIRED and "reason" in str(caught.value.message)
    with pytest.raises(ValidationFailed):
        services.order_transition(actor=wuhou_clerk, order=order, action="accept", colour="blue")


def test_a_superuser_may_transfer_to_any_place_institutions_included(network, sichuan):
    # The transfer rule's "anywhere for a superuser" used to shrink to their own institution (none),
    # because an empty Q() OR'd with the own-institution condition is that condition alone.
    from fawang.accounts.tests.factories import StaffFactory
    from fawang.orders.selectors import transfer_place_allowed, transfer_places

    admin = StaffFactory(username="root_admin", jurisdiction_region_id="510000", is_superuser=True)
    wuhou = network.wuhou_centre.region
    assert transfer_place_allowed(admin, wuhou, institution=network.litang_legal_aid)
    _points, institutions = transfer_places(admin, wuhou, limit=300)
    assert network.litang_legal_aid in institutions


def test_an_outsider_transferring_learns_nothing_about_the_order(submit, ganzi_clerk, network):
    # Outside the jurisdiction the order does not exist, whatever the target: no transfer-rule error.
    from fawang.orders.tests.factories import ServicePointFactory

    order = submit()
    mianyang = ServicePointFactory(name="绵阳市公共法律服务中心", region_id="510700", items=[network.consult])
    with pytest.raises(NotFound):
        services.order_transfer(actor=ganzi_clerk, order=order, reason="转走", to_point=mianyang)
