"""The workflow seam's third pass (docs/adr/0022), on a workflow declared inside the test suite: an
order a module makes with the handler it chose (not routed), a clock whose last day the requester
set, a catalog item hidden from citizens, and a workflow refusing the shared resolve for its own."""

from __future__ import annotations

import datetime as dt

import pytest

from fawang.catalog.models import TimeLimit
from fawang.core.calendar import TZ
from fawang.core.errors import Conflict, ValidationFailed
from fawang.orders import routing, services, workflow
from fawang.orders.enums import ApplicantKind, EventKind, OrderStatus
from fawang.orders.models import OrderClock
from fawang.orders.tests.factories import ServiceItemFactory

pytestmark = pytest.mark.django_db

DEADLINE = dt.date(2026, 11, 20)


def _resolved_own_way(*, actor, order, resolution, details, now):
    return services.order_resolve(actor=actor, order=order, resolution=f"{details['how']}：{resolution}")


@pytest.fixture
def made_flow(network):
    flow = workflow.register(
        workflow.Workflow(
            code="made_flow",
            label="Made flow",
            clock_deadlines={"asked": lambda order: DEADLINE if "限期" in order.description else None},
            resolve=workflow.ResolveHook(
                refuse=lambda order: "用本模块的方式办结" if order.stage != "own" else "",
                service=_resolved_own_way,
            ),
        )
    )
    item = ServiceItemFactory(
        code="made-item", name="内部请求", time_limit=30, workflow="made_flow", offered_to_citizens=False
    )
    TimeLimit.objects.create(
        service_item=item,
        name="asked",
        label="请求事项",
        limit=30,
        unit="calendar_days",
        starts_on=["submitted"],
        stops_on=["resolved"],
        legal_basis="非法定期限：由请求方确定（《测试规则》）",
    )
    yield flow, item
    workflow.unregister("made_flow")


def make(actor, item, network, description="限期请协助办理", now=None):
    return services.order_make(
        actor=actor,
        service_item=item,
        region=network.wuhou_legal_aid.region,
        description=description,
        handler=routing.decision_for_place(institution=network.litang_legal_aid),
        reason="请求方选定",
        applicant_name="武侯区法律援助中心",
        now=now or dt.datetime(2026, 11, 3, 9, 0, tzinfo=TZ),
    )


def test_a_module_made_order_goes_to_the_chosen_place_with_nobodys_phone(made_flow, wuhou_clerk, network):
    _flow, item = made_flow
    order = make(wuhou_clerk, item, network)
    assert order.assigned_institution_id == network.litang_legal_aid.pk
    assert order.handler_region_path == network.litang_legal_aid.region.path
    assert order.routing_reason == "请求方选定"
    assert (order.applicant_kind, order.applicant_phone, order.channel) == (
        ApplicantKind.INSTITUTION,
        "",
        "internal",
    )
    assert order.first_responder_id is None  # the chosen place's staff answer it
    kinds = list(order.events.order_by("pk").values_list("kind", flat=True))
    assert kinds == [EventKind.SUBMITTED, EventKind.ROUTED]


def test_a_clock_runs_to_the_day_the_requester_set_and_keeps_its_basis(made_flow, wuhou_clerk, network):
    _flow, item = made_flow
    timed = OrderClock.objects.get(order=make(wuhou_clerk, item, network))
    assert timed.due_at == dt.datetime(2026, 11, 20, 23, 59, 59, tzinfo=TZ)
    assert "非法定期限" in timed.legal_basis
    # Without a day set, the law table's limit applies (30 days from 3 Nov: Thu 3 Dec).
    plain = OrderClock.objects.get(order=make(wuhou_clerk, item, network, description="请协助办理此事"))
    assert plain.due_at == dt.datetime(2026, 12, 3, 23, 59, 59, tzinfo=TZ)


def test_a_hidden_item_is_refused_at_the_public_intake(made_flow, submit):
    _flow, item = made_flow
    with pytest.raises(ValidationFailed) as caught:
        submit(service_item=item)
    assert [e.field for e in caught.value.errors] == ["service_item"]


def test_the_workflow_refuses_the_shared_resolve_and_resolves_its_own_way(made_flow, wuhou_clerk, network):
    _flow, item = made_flow
    order = make(wuhou_clerk, item, network)
    from fawang.orders.models import ServiceOrder

    ServiceOrder.objects.filter(pk=order.pk).update(status=OrderStatus.IN_PROGRESS)
    order.refresh_from_db()
    litang = network.litang_legal_aid
    from fawang.accounts.enums import Role
    from fawang.accounts.tests.factories import StaffFactory

    staff = StaffFactory(jurisdiction_institution=litang, roles=[Role.INSTITUTION_STAFF])
    with pytest.raises(Conflict) as caught:
        services.order_resolve(actor=staff, order=order, resolution="办好了")
    assert caught.value.errors[0].code == "resolved_by_module"
    ServiceOrder.objects.filter(pk=order.pk).update(stage="own")
    order.refresh_from_db()
    done = services.order_resolve_by_workflow(
        actor=staff, order=order, resolution="办好了", details={"how": "自办"}
    )
    assert done.status == OrderStatus.RESOLVED and done.resolution == "自办：办好了"
