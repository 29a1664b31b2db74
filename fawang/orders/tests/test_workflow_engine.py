"""The workflow engine and statutory clocks as rows (docs/adr/0011): a module declares its workflow
without touching `orders`; each limit of the law table is its own clock, started and stopped by the
events the law names, paused or not while the order waits for materials as that limit says."""

from __future__ import annotations

import datetime as dt
from unittest import mock

import pytest
from django.test import Client
from django.urls import reverse

from fawang.catalog.models import TimeLimit
from fawang.core.calendar import TZ
from fawang.feedback.models import EvaluationInvitation
from fawang.orders import services, workflow
from fawang.orders.engine import order_act
from fawang.orders.enums import EventKind, OrderStatus
from fawang.orders.models import SupervisionOrder
from fawang.orders.sweep import sweep_deadlines

pytestmark = pytest.mark.django_db


def at(*args: int) -> dt.datetime:
    return dt.datetime(*args, tzinfo=TZ)


def law(item, *rows):
    item.time_limits.all().delete()
    for n, row in enumerate(rows):
        TimeLimit.objects.create(service_item=item, sort_order=n, label=row["name"], **row)


def acting_at(moment):
    return mock.patch("django.utils.timezone.now", return_value=moment)


def test_notary_clock_starts_at_acceptance_gongzhengfa_art_30(network, submit, wuhou_clerk):
    # 公证法第三十条: 15 working days from *acceptance*; nothing runs while the application waits.
    law(
        network.consult,
        dict(
            name="certify",
            limit=15,
            unit="working_days",
            starts_on=["accepted"],
            stops_on=["resolved"],
            pauses_while_suspended=True,
            legal_basis="公证法第三十条",
            law="公证法",
            article="第三十条",
        ),
    )
    order = submit(now=at(2026, 11, 2, 10, 0))
    assert order.due_at is None and not order.clocks.exists()
    with acting_at(at(2026, 11, 9, 9, 0)):  # accepted a week later, Monday
        services.order_accept(actor=wuhou_clerk, order=order)
    clock = order.clocks.get()
    assert clock.name == "certify" and clock.started_at == at(2026, 11, 9, 9, 0)
    # Working days 1..15 after Mon 9 Nov: Tue 10 … Mon 30 Nov.
    assert clock.due_at == order.due_at == at(2026, 11, 30, 23, 59, 59)
    assert clock.legal_basis == "公证法第三十条"


def test_appraisal_late_completion_supervises_the_second_clock_only_tongze_arts_13_28(
    network, submit, wuhou_clerk
):
    # 司法鉴定程序通则 art. 13: decide to accept within 7 working days; art. 28: complete within 30.
    law(
        network.consult,
        dict(
            name="accept",
            limit=7,
            unit="working_days",
            starts_on=["submitted"],
            stops_on=["accepted", "rejected"],
            legal_basis="《司法鉴定程序通则》第十三条",
        ),
        dict(
            name="complete",
            limit=30,
            unit="working_days",
            starts_on=["accepted"],
            stops_on=["resolved"],
            pauses_while_suspended=True,
            legal_basis="《司法鉴定程序通则》第二十八条",
        ),
    )
    order = submit(now=at(2026, 11, 2, 10, 0))
    assert order.clocks.get().name == "accept"
    with acting_at(at(2026, 11, 4, 9, 0)):  # accepted in time
        services.order_accept(actor=wuhou_clerk, order=order)
        services.order_start(actor=wuhou_clerk, order=order)
    accept, complete = order.clocks.order_by("pk")
    assert accept.stopped_at == at(2026, 11, 4, 9, 0) and complete.stopped_at is None
    report = sweep_deadlines(now=at(2026, 12, 31, 9, 0))  # long past both limits
    assert report.overdue == [order.tracking_no]
    (supervision,) = SupervisionOrder.objects.filter(order=order)
    assert supervision.clock.name == "complete"
    assert "第二十八条" in supervision.reason and "第十三条" not in supervision.reason
    accept.refresh_from_db()
    assert accept.overdue_at is None


def test_suspension_pauses_one_clock_and_not_the_other(network, submit, wuhou_clerk):
    # Whether waiting for materials counts is each limit's own rule: here one excludes it (公证法第三十条
    # style) and the other does not (劳动争议调解仲裁法第四十三条 style).
    law(
        network.consult,
        dict(
            name="paused",
            limit=5,
            unit="working_days",
            starts_on=["submitted"],
            stops_on=["resolved"],
            pauses_while_suspended=True,
            legal_basis="excludes waiting",
        ),
        dict(
            name="running",
            limit=5,
            unit="calendar_days",
            starts_on=["submitted"],
            stops_on=["resolved"],
            legal_basis="counts waiting",
        ),
    )
    order = submit(now=at(2026, 11, 2, 10, 0))
    with acting_at(at(2026, 11, 3, 9, 0)):
        services.order_accept(actor=wuhou_clerk, order=order)
        services.order_start(actor=wuhou_clerk, order=order)
        services.order_suspend(actor=wuhou_clerk, order=order, reason="请补充劳动合同复印件")
    paused, running = order.clocks.order_by("pk")
    assert paused.paused_at == at(2026, 11, 3, 9, 0) and running.paused_at is None
    report = sweep_deadlines(now=at(2026, 11, 20, 9, 0))
    assert report.overdue == [order.tracking_no]
    assert SupervisionOrder.objects.get(order=order).clock.name == "running"
    paused.refresh_from_db()
    assert paused.overdue_at is None


@pytest.fixture
def throwaway_workflow(network):
    """A module declared inside the test suite: two stages, two steps, an event kind and a clock."""
    reviewed: list[str] = []

    def on_reviewed(*, order, event, actor, now):
        reviewed.append(order.tracking_no)

    flow = workflow.register(
        workflow.Workflow(
            code="test_flow",
            label="Test flow",
            stages={"reviewing": "Reviewing", "signed": "Signed"},
            events=(workflow.EventSpec("test_reviewed", "Reviewed", public=True, notifies=True),),
            actions=(
                workflow.ActionSpec("test_review", "Review"),
                workflow.ActionSpec("test_sign", "Sign", takes=()),
            ),
            steps=(
                workflow.Step(
                    OrderStatus.IN_PROGRESS,
                    "test_review",
                    OrderStatus.IN_PROGRESS,
                    "test_reviewed",
                    source_stage="",
                    target_stage="reviewing",
                    reason_required=True,
                ),
                workflow.Step(
                    OrderStatus.IN_PROGRESS,
                    "test_sign",
                    OrderStatus.RESOLVED,
                    EventKind.RESOLVED,
                    source_stage="reviewing",
                    target_stage="signed",
                ),
            ),
        )
    )
    workflow.subscribe("test_reviewed", on_reviewed)
    network.consult.workflow = "test_flow"
    network.consult.save()
    law(
        network.consult,
        dict(
            name="sign",
            limit=3,
            unit="working_days",
            starts_on=["test_reviewed"],
            stops_on=["resolved"],
            legal_basis="test rule",
        ),
    )
    yield flow, reviewed
    workflow.unsubscribe("test_reviewed", on_reviewed)
    workflow.unregister("test_flow")


def test_a_module_workflow_runs_without_touching_orders(throwaway_workflow, submit, wuhou_clerk):
    _flow, reviewed = throwaway_workflow
    order = submit()
    assert order.workflow == "test_flow" and not order.clocks.exists()
    services.order_accept(actor=wuhou_clerk, order=order)  # the shared loop's steps still apply
    services.order_start(actor=wuhou_clerk, order=order)
    # Signing before review is not a step from this stage.
    with pytest.raises(Exception) as refused:
        order_act(actor=wuhou_clerk, order=order, action="test_sign")
    assert refused.value.errors[0].code == "transition_not_allowed"
    order_act(actor=wuhou_clerk, order=order, action="test_review", reason="材料齐全")
    assert (order.status, order.stage) == (OrderStatus.IN_PROGRESS, "reviewing")
    assert reviewed == [order.tracking_no]  # the subscriber ran
    assert order.clocks.get().name == "sign"
    event = order.events.get(kind="test_reviewed")
    assert event.is_public and event.data == {"from_stage": "", "to_stage": "reviewing"}
    # The order page shows the module's stage, its clock with the rule it cites, and the module's next
    # step as a button, from the declarations alone.
    client = Client()
    client.force_login(wuhou_clerk)
    page = client.get(reverse("orders:order_detail", args=[order.tracking_no])).content.decode()
    assert "Reviewing" in page and "test rule" in page
    assert f'action="{reverse("orders:order_action", args=[order.tracking_no, "test_sign"])}"' in page
    order_act(actor=wuhou_clerk, order=order, action="test_sign")
    order.refresh_from_db()
    assert (order.status, order.stage) == (OrderStatus.RESOLVED, "signed")
    assert order.clocks.get().stopped_at is not None
    # Feedback subscribes to "resolved": the rating window opened without orders calling feedback.
    assert EvaluationInvitation.objects.filter(order=order).exists()


def test_first_contact_resolution_goes_through_the_table(network, hotline_agent):
    from fawang.regions.models import Region

    order = services.order_submit(
        actor=hotline_agent,
        channel="hotline",
        service_item=network.consult,
        region=Region.objects.get(code="510107"),
        description="咨询劳动合同解除后的经济补偿怎么算。",
        applicant_kind="citizen",
        applicant_phone="13800138000",
        resolved_at_first_contact="按工作年限每满一年支付一个月工资。",
    )
    assert order.status == OrderStatus.RESOLVED and order.resolved_at_first_contact
    kinds = list(order.events.order_by("pk").values_list("kind", "from_status", "to_status"))
    assert kinds == [
        ("submitted", "", "submitted"),
        ("first_contact_resolved", "submitted", "resolved"),
    ]
    assert EvaluationInvitation.objects.filter(order=order).exists()


@pytest.mark.parametrize("pauses", [True, False])
def test_one_meaning_of_overdue_for_badge_filter_and_api(network, submit, wuhou_clerk, pauses):
    # A suspended order past its old due time: overdue everywhere when its limit counts the waiting,
    # nowhere when the limit stands still while materials are awaited.
    from fawang.orders.api import OrderListItemOut
    from fawang.orders.selectors import orders_for_actor
    from fawang.orders.views import urgency_of

    law(
        network.consult,
        dict(
            name="handle",
            limit=5,
            unit="working_days",
            starts_on=["submitted"],
            stops_on=["resolved"],
            pauses_while_suspended=pauses,
            legal_basis="test rule",
        ),
    )
    order = submit(now=at(2026, 11, 2, 10, 0))
    with acting_at(at(2026, 11, 3, 9, 0)):
        services.order_accept(actor=wuhou_clerk, order=order)
        services.order_start(actor=wuhou_clerk, order=order)
        services.order_suspend(actor=wuhou_clerk, order=order, reason="请补充材料")
    order.refresh_from_db()
    later = at(2026, 11, 20, 9, 0)  # past the original due time (9 Nov)
    in_filter = orders_for_actor(actor=wuhou_clerk, overdue=True, now=later).filter(pk=order.pk).exists()
    with acting_at(later):
        in_api = OrderListItemOut.resolve_is_overdue(order)
    assert urgency_of(order, later).overdue is in_filter is in_api is (not pauses)


def test_a_module_takes_its_own_intake_fields_with_the_shared_ones(network, submit):
    from django import forms

    from fawang.core.errors import ValidationFailed

    class HouseholdForm(forms.Form):
        household_size = forms.IntegerField(min_value=1, max_value=30)

    written: list[tuple[str, dict]] = []
    workflow.register(
        workflow.Workflow(
            code="test_intake",
            label="Test intake",
            intake_form=HouseholdForm,
            on_intake=lambda *, order, data, actor: written.append((order.tracking_no, data)),
        )
    )
    try:
        network.consult.workflow = "test_intake"
        network.consult.save()
        with pytest.raises(ValidationFailed) as refused:
            submit(details={"household_size": "0"}, description="")
        fields = {e.field for e in refused.value.errors}
        # Every problem at once, the module's named as details.<field>; nothing was written.
        assert {"description", "details.household_size"} <= fields and written == []
        order = submit(details={"household_size": "4"})
        assert written == [(order.tracking_no, {"household_size": 4})]
    finally:
        workflow.unregister("test_intake")


def test_details_for_a_service_without_a_module_form_are_refused(network, submit):
    from fawang.core.errors import ValidationFailed

    with pytest.raises(ValidationFailed) as refused:
        submit(details={"household_size": 4})
    assert refused.value.errors[0].field == "details" and refused.value.code == "details_not_expected"


@pytest.mark.django_db(transaction=True)
def test_a_step_locks_the_order_before_its_clocks(network, submit, wuhou_clerk):
    """Every writer takes the order row, then its clocks (ADR 0011): while a rating holds the order,
    a step waiting for it must not already hold the clocks the rating goes on to lock."""
    import threading
    import time

    from django.db import OperationalError, connection, connections, transaction

    from fawang.orders.models import OrderClock, ServiceOrder

    if connection.vendor != "postgresql":
        pytest.skip("row locks are checked on PostgreSQL")
    law(
        network.consult,
        dict(
            name="accept",
            limit=7,
            unit="working_days",
            starts_on=["submitted"],
            stops_on=["accepted"],
            legal_basis="test rule",
        ),
    )
    order = submit()
    done = threading.Event()

    def accept() -> None:
        try:
            services.order_accept(actor=wuhou_clerk, order=ServiceOrder.objects.get(pk=order.pk))
        finally:
            done.set()
            connections.close_all()

    with transaction.atomic():
        ServiceOrder.objects.select_for_update().get(pk=order.pk)  # what a rating does first
        worker = threading.Thread(target=accept)
        worker.start()
        time.sleep(0.5)  # the step is now waiting for the order row
        try:
            locked = list(
                OrderClock.objects.select_for_update(nowait=True).filter(order_id=order.pk, stopped_at=None)
            )
        except OperationalError:  # the step took the clocks before the order: the two would deadlock
            locked = None
    worker.join(timeout=30)
    assert done.is_set()
    assert locked is not None and [c.name for c in locked] == ["accept"]
    assert OrderClock.objects.get(order_id=order.pk).stopped_at is not None  # then the step went on


def test_award_limit_extended_once_by_fifteen_days_laodong_zhongcai_art_43(network, submit, wuhou_clerk):
    # 劳动争议调解仲裁法第四十三条: the award within 45 days of acceptance; in a complex case the chair may
    # extend it once, by at most 15 days. The module declares the decision; the law table the extension.
    from fawang.core.errors import Conflict

    law(
        network.consult,
        dict(
            name="award",
            limit=45,
            unit="calendar_days",
            starts_on=["accepted"],
            stops_on=["resolved"],
            extends_on=["test_award_extended"],
            extension=15,
            extension_basis="劳动争议调解仲裁法第四十三条：延长期限不得超过十五日",
            legal_basis="劳动争议调解仲裁法第四十三条",
        ),
    )
    workflow.register(
        workflow.Workflow(
            code="test_arbitration",
            label="Test arbitration",
            events=(workflow.EventSpec("test_award_extended", "Award limit extended", public=True),),
            actions=(workflow.ActionSpec("test_extend", "Extend the award limit"),),
            steps=(
                workflow.Step(
                    OrderStatus.IN_PROGRESS,
                    "test_extend",
                    OrderStatus.IN_PROGRESS,
                    "test_award_extended",
                    reason_required=True,
                ),
            ),
        )
    )
    try:
        network.consult.workflow = "test_arbitration"
        network.consult.save()
        order = submit(now=at(2026, 11, 2, 10, 0))
        with acting_at(at(2026, 11, 3, 9, 0)):
            services.order_accept(actor=wuhou_clerk, order=order)
            services.order_start(actor=wuhou_clerk, order=order)
        clock = order.clocks.get()
        assert clock.due_at == at(2026, 12, 18, 23, 59, 59)  # 45 days after 3 Nov
        with acting_at(at(2026, 12, 10, 9, 0)):
            order_act(actor=wuhou_clerk, order=order, action="test_extend", reason="案情复杂，经主任批准延期")
        clock.refresh_from_db()
        order.refresh_from_db()
        # 60 days end Sat 2 Jan 2027; a period ending on a rest day ends on the next working day
        # (民法典第二百零三条): Mon 4 Jan.
        assert (clock.extended_by, clock.due_at) == (15, at(2027, 1, 4, 23, 59, 59))
        assert order.due_at == clock.due_at and "十五日" in clock.extension_basis
        # The law allows one extension: a second is refused and nothing is written.
        events = order.events.count()
        with acting_at(at(2026, 12, 20, 9, 0)), pytest.raises(Conflict) as refused:
            order_act(actor=wuhou_clerk, order=order, action="test_extend", reason="再次延期")
        assert refused.value.code == "clock_already_extended"
        clock.refresh_from_db()
        assert clock.extended_by == 15 and order.events.count() == events
        # The order page shows the extension and the rule that allows it.
        client = Client()
        client.force_login(wuhou_clerk)
        page = client.get(reverse("orders:order_detail", args=[order.tracking_no])).content.decode()
        assert "延长期限不得超过十五日" in page
    finally:
        workflow.unregister("test_arbitration")
