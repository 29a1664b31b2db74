"""The workflow seam's second pass (docs/adr/0019), on a workflow declared inside the test suite:
per-workflow action labels (and hiding a shared action, keeping one out of the bulk actions), steps
the order's own applicant takes, structured event data a workflow adds to a shared service's event,
and clocks that apply only when a predicate on the order holds."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from fawang.audit.models import AuditEntry
from fawang.catalog.models import TimeLimit
from fawang.core.errors import DomainError
from fawang.notify.models import InboxMessage, SmsMessage
from fawang.orders import services, workflow
from fawang.orders.engine import actions_open_to, order_act
from fawang.orders.enums import EventKind, OrderStatus

pytestmark = pytest.mark.django_db


def _note(data: dict) -> str:
    return f"可在{data['appeal']['days']}日内向{data['appeal']['to']}申诉"


def _appeal_data(*, order, reason, actor, now) -> dict:
    return {"appeal": {"to": "武侯区司法局", "days": 10}, "internal": "staff only"}


@pytest.fixture
def seam_flow(network):
    """Extends the shared loop: relabels accept (and keeps it out of bulk), hides suspend, overrides
    reject to write its own event with data, lets the applicant appeal a refusal, and makes one of two
    clocks conditional on the order's description."""
    flow = workflow.register(
        workflow.Workflow(
            code="seam_flow",
            label="Seam flow",
            stages={"refused": "Refused", "appealed": "Appealed"},
            events=(
                workflow.EventSpec(
                    "seam_refused", "Refused", public=True, notifies=True, public_data=("appeal",), note=_note
                ),
                workflow.EventSpec("seam_appealed", "Appealed", public=True),
            ),
            actions=(workflow.ActionSpec("seam_appeal", "Appeal"),),
            steps=(
                workflow.Step(
                    OrderStatus.SUBMITTED,
                    "reject",
                    OrderStatus.REJECTED,
                    "seam_refused",
                    source_stage="",
                    target_stage="refused",
                    reason_required=True,
                ),
                workflow.Step(
                    OrderStatus.REJECTED,
                    "seam_appeal",
                    OrderStatus.REOPENED,
                    "seam_appealed",
                    source_stage="refused",
                    target_stage="appealed",
                    policy=("order.supervise",),
                    reason_required=True,
                    applicant=True,
                ),
            ),
            action_views={
                "accept": workflow.ActionView(label="Take on the file", bulk=False),
                "suspend": workflow.ActionView(hidden=True),
            },
            event_data={"seam_refused": _appeal_data},
            clock_conditions={"urgent": lambda order: "紧急" in order.description},
        )
    )
    network.consult.workflow = "seam_flow"
    network.consult.save()
    network.consult.time_limits.all().delete()
    for n, name in enumerate(("handle", "urgent")):
        TimeLimit.objects.create(
            service_item=network.consult,
            sort_order=n,
            name=name,
            label=name,
            limit=5 if name == "handle" else 1,
            unit="calendar_days",
            starts_on=["submitted"],
            stops_on=["resolved"],
            legal_basis=f"test rule {name}",
        )
    yield flow
    workflow.unregister("seam_flow")


def _page(user, order) -> str:
    client = Client()
    client.force_login(user)
    return client.get(reverse("orders:order_detail", args=[order.tracking_no])).content.decode()


def test_a_workflow_labels_a_shared_action_its_own_way_on_page_api_and_errors(seam_flow, submit, wuhou_clerk):
    order = submit()
    page = _page(wuhou_clerk, order)
    assert 'data-action="accept">Take on the file</button>' in page
    assert 'data-action="suspend"' not in page  # hidden: no such step in this workflow
    labels = {a["action"]: a["label"] for a in _api_detail(wuhou_clerk, order)["actions"]}
    assert labels["accept"] == "Take on the file" and "suspend" not in labels
    with pytest.raises(DomainError) as refused:
        order_act(actor=wuhou_clerk, order=order, action="suspend", reason="补正")
    assert refused.value.errors[0].code == "transition_not_allowed"
    services.order_reject(actor=wuhou_clerk, order=order, reason="不属于受理范围")
    with pytest.raises(DomainError) as refused:  # the refusal names the action as the workflow does
        order_act(actor=wuhou_clerk, order=order, action="accept")
    assert "Take on the file" in str(refused.value.errors[0].message)


def test_an_action_kept_out_of_bulk_is_not_applied_from_the_queue(seam_flow, submit, wuhou_clerk):
    order = submit()
    client = Client()
    client.force_login(wuhou_clerk)
    client.post(reverse("orders:bulk"), {"action": "accept", "orders": [order.tracking_no]})
    order.refresh_from_db()
    assert order.status == OrderStatus.SUBMITTED
    results = client.get(reverse("orders:workbench")).content.decode()
    assert "Take on the file" in results.split('data-testid="bulk-results"')[1]


def _api_detail(user, order) -> dict:
    client = Client()
    client.force_login(user)
    response = client.get(f"/api/v1/orders/{order.tracking_no}")
    assert response.status_code == 200, response.content
    return response.json()


def test_a_workflow_adds_structured_data_to_a_shared_services_event(
    seam_flow, submit, wuhou_clerk, citizen, django_capture_on_commit_callbacks
):
    order = submit(actor=citizen, applicant=citizen, applicant_kind="citizen", applicant_phone="13912345678")
    with django_capture_on_commit_callbacks(execute=True):
        services.order_reject(actor=wuhou_clerk, order=order, reason="不属于受理范围")  # passes no data
    event = order.events.get(kind="seam_refused")
    assert event.data["appeal"] == {"to": "武侯区司法局", "days": 10}
    # The applicant reads the public part, with its note, in the API and in the notice; never the rest.
    refusal = next(e for e in _api_detail(citizen, order)["timeline"] if e["kind"] == "seam_refused")
    assert refusal["data"] == {"appeal": {"to": "武侯区司法局", "days": 10}}
    assert refusal["note"] == "可在10日内向武侯区司法局申诉"
    assert any("可在10日内向武侯区司法局申诉" in m.body for m in InboxMessage.objects.filter(order=order))
    assert any("可在10日内向武侯区司法局申诉" in m.text for m in SmsMessage.objects.filter(order=order))


def test_the_orders_own_applicant_takes_an_applicant_step_and_nobody_else(
    seam_flow, submit, wuhou_clerk, citizen
):
    from fawang.accounts.tests.factories import CitizenFactory

    order = submit(actor=citizen, applicant=citizen, applicant_kind="citizen", applicant_phone="13912345678")
    services.order_reject(actor=wuhou_clerk, order=order, reason="不属于受理范围")
    stranger = CitizenFactory(username="citizen_13700000000", phone="13700000000")
    assert actions_open_to(stranger, order) == []
    with pytest.raises(DomainError) as refused:
        order_act(actor=stranger, order=order, action="seam_appeal", reason="不服")
    assert refused.value.errors[0].code == "order_not_found"
    # The clerk's role holds no order.supervise: the step is not theirs.
    with pytest.raises(DomainError) as refused:
        order_act(actor=wuhou_clerk, order=order, action="seam_appeal", reason="不服")
    assert refused.value.errors[0].code == "permission_denied"
    assert actions_open_to(citizen, order) == ["seam_appeal"]
    with pytest.raises(DomainError) as refused:
        order_act(actor=citizen, order=order, action="seam_appeal", reason=" ")
    assert refused.value.errors[0].field == "reason"
    order_act(actor=citizen, order=order, action="seam_appeal", reason="我认为属于受理范围")
    assert (order.status, order.stage) == (OrderStatus.REOPENED, "appealed")
    event = order.events.get(kind="seam_appealed")
    assert event.actor == citizen and event.reason == "我认为属于受理范围"
    entry = AuditEntry.objects.filter(action="order.seam_appeal").get()
    assert entry.actor_id == citizen.pk
    # A citizen never takes a staff step, even on their own order.
    with pytest.raises(DomainError):
        order_act(actor=citizen, order=order, action="start")


def test_a_conditional_clock_starts_only_when_its_predicate_holds(seam_flow, submit):
    plain = submit(description="咨询劳动合同问题。")
    assert sorted(plain.clocks.values_list("name", flat=True)) == ["handle"]
    urgent = submit(description="紧急：明天开庭，需要咨询。")
    assert sorted(urgent.clocks.values_list("name", flat=True)) == ["handle", "urgent"]
    urgent.refresh_from_db()
    assert urgent.due_at == urgent.clocks.get(name="urgent").due_at  # the nearest clock is the mirror
    plain.refresh_from_db()
    assert plain.due_at == plain.clocks.get(name="handle").due_at


def test_a_view_of_an_undeclared_action_is_refused_at_startup():
    with pytest.raises(workflow.WorkflowError):
        workflow.register(
            workflow.Workflow(
                code="bad_flow", label="Bad", action_views={"no_such_action": workflow.ActionView(label="x")}
            )
        )
    assert EventKind.SUBMITTED  # the registry is untouched
    assert "bad_flow" not in {f.code for f in workflow.workflows()}
