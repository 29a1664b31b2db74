"""The order page (/work/orders/<tracking_no>/): scoped like the queue, personal data masked until an
audited reveal, and only the actions this actor may take in this status offered; a forged POST fails."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import escape
from django.utils.translation import override

from fawang.accounts.enums import Role
from fawang.accounts.tests.factories import StaffFactory
from fawang.audit.models import AuditEntry
from fawang.orders.enums import EventKind, OrderStatus
from fawang.orders.models import OrderEvent, ServiceOrder, SupervisionOrder
from fawang.orders.tests.factories import working_day_deadline

pytestmark = pytest.mark.django_db


def _en(name: str, *args: str) -> str:
    with override("en"):
        return reverse(name, args=args)


def _actions(response) -> list[str]:
    return [a["action"] for a in response.context["action_forms"]]


def test_ganzi_clerk_gets_404_on_a_chengdu_order(client, ganzi_clerk, submit):
    order = submit()
    client.force_login(ganzi_clerk)
    assert client.get(_en("orders:order_detail", order.tracking_no)).status_code == 404
    # ... and cannot act on it either: the same answer as for a number that does not exist.
    response = client.post(_en("orders:order_action", order.tracking_no, "accept"))
    assert response.status_code == 404
    assert ServiceOrder.objects.get(pk=order.pk).status == OrderStatus.SUBMITTED


def test_order_page_shows_details_routing_reason_and_full_timeline(client, wuhou_clerk, submit):
    order = submit(applicant_phone="13800138000", applicant_name="陈明")
    client.force_login(wuhou_clerk)
    response = client.get(_en("orders:order_detail", order.tracking_no))
    assert response.status_code == 200
    html = response.content.decode()
    assert order.tracking_no in html
    with translation.override("en"):
        reason = order.routing_reason_display
    assert reason.startswith("武侯区公共法律服务中心: nearest service point offering")
    assert escape(reason) in html
    assert "138****8000" in html and "13800138000" not in html
    kinds = [e.kind for e in response.context["timeline"]]
    assert kinds[:2] == [EventKind.SUBMITTED, EventKind.ROUTED]


def test_internal_events_are_on_the_staff_timeline(client, wuhou_clerk, chengdu_supervisor, submit):
    from fawang.orders.services import supervision_issue

    order = submit()
    supervision_issue(
        actor=chengdu_supervisor,
        order=order,
        reason="请尽快受理",
        deadline=working_day_deadline(3),
    )
    client.force_login(wuhou_clerk)
    response = client.get(_en("orders:order_detail", order.tracking_no))
    internal = [li for li in response.content.decode().split("<li") if 'data-kind="supervision_issued"' in li]
    assert len(internal) == 1 and "internal" in internal[0]


def test_only_the_actions_allowed_now_are_offered(client, wuhou_clerk, chengdu_supervisor, submit):
    order = submit()
    client.force_login(wuhou_clerk)
    response = client.get(_en("orders:order_detail", order.tracking_no))
    assert _actions(response) == ["accept", "transfer", "reject"]
    html = response.content.decode()
    assert 'data-action="accept"' in html and 'data-action="resolve"' not in html

    # A supervisor may look but not handle: no buttons, only the supervision form.
    client.force_login(chengdu_supervisor)
    response = client.get(_en("orders:order_detail", order.tracking_no))
    assert _actions(response) == ["transfer"]
    assert response.context["can_supervise"] is True


def test_forged_posts_are_refused_and_change_nothing(client, wuhou_clerk, chengdu_supervisor, submit):
    order = submit()
    # The clerk forges "resolve" on an order nobody has accepted: the service refuses the transition.
    client.force_login(wuhou_clerk)
    response = client.post(
        _en("orders:order_action", order.tracking_no, "resolve"),
        {"act-resolve-resolution": "已解答"},
        follow=True,
    )
    assert response.status_code == 200
    assert "cannot be given the action" in response.content.decode()
    # The supervisor's role never accepts orders: refused before the service is asked.
    client.force_login(chengdu_supervisor)
    assert client.post(_en("orders:order_action", order.tracking_no, "accept")).status_code == 403
    # An action that does not exist at all.
    assert client.post(_en("orders:order_action", order.tracking_no, "approve")).status_code == 404
    order.refresh_from_db()
    assert order.status == OrderStatus.SUBMITTED
    assert not OrderEvent.objects.filter(order=order, kind=EventKind.RESOLVED).exists()


def test_accept_start_suspend_resume_resolve_through_the_page(client, wuhou_clerk, submit):
    order = submit()
    client.force_login(wuhou_clerk)
    url = lambda action: _en("orders:order_action", order.tracking_no, action)  # noqa: E731

    response = client.post(url("accept"))
    assert response.status_code == 302 and response["Location"].endswith(f"/orders/{order.tracking_no}/")
    assert client.get(response["Location"]).context["action_forms"][0]["action"] == "start"
    client.post(url("start"))
    # Suspending needs a reason: the form says so and nothing changes.
    response = client.post(url("suspend"), {"act-suspend-reason": "  "})
    assert response.status_code == 422
    assert "This field is required." in response.content.decode()
    assert ServiceOrder.objects.get(pk=order.pk).status == OrderStatus.IN_PROGRESS
    client.post(url("suspend"), {"act-suspend-reason": "请补充劳动合同复印件"})
    assert ServiceOrder.objects.get(pk=order.pk).status == OrderStatus.SUSPENDED
    client.post(url("resume"), {"act-resume-reason": "材料已补齐"})
    client.post(url("resolve"), {"act-resolve-resolution": "已告知可申请劳动仲裁，并提供了申请书范本。"})
    order.refresh_from_db()
    assert order.status == OrderStatus.RESOLVED
    assert order.resolution.startswith("已告知可申请劳动仲裁")
    kinds = list(OrderEvent.objects.filter(order=order).values_list("kind", flat=True))
    for kind in ("accepted", "started", "suspended", "resumed", "resolved"):
        assert kind in kinds


def test_a_lost_accept_race_says_who_accepted_and_when(client, wuhou_clerk, submit):
    from fawang.orders.services import order_accept

    order = submit()
    client.force_login(wuhou_clerk)
    client.get(_en("orders:order_detail", order.tracking_no))  # the page with its accept button ...
    colleague = StaffFactory(
        display_name="武侯区 王磊", jurisdiction_region_id="510107", roles=[Role.COUNTY_STAFF]
    )
    order_accept(actor=colleague, order=order)  # ... while a colleague accepts first
    response = client.post(_en("orders:order_action", order.tracking_no, "accept"), follow=True)
    accepted_at = timezone.localtime(ServiceOrder.objects.get(pk=order.pk).accepted_at).strftime("%H:%M")
    html = response.content.decode()
    assert "武侯区 王磊 already accepted this order at" in html
    assert accepted_at in html
    assert ServiceOrder.objects.get(pk=order.pk).accepted_by_id == colleague.pk


def test_transfer_from_the_order_page(client, wuhou_clerk, submit, network, monkeypatch):
    from fawang.orders import selectors

    order = submit()
    client.force_login(wuhou_clerk)
    # The order page offers "Transfer…" without reading the places an order may go to (hundreds at
    # province level): they are read on the transfer page only.
    real_transfer_places = selectors.transfer_places

    def not_here(*args, **kwargs):
        raise AssertionError("the order page read the transfer places")

    monkeypatch.setattr(selectors, "transfer_places", not_here)
    page = client.get(_en("orders:order_detail", order.tracking_no))
    html = page.content.decode()
    assert page.status_code == 200 and 'data-action="transfer"' in html
    assert (
        _en("orders:order_transfer", order.tracking_no) in html and 'name="act-transfer-target"' not in html
    )
    monkeypatch.setattr(selectors, "transfer_places", real_transfer_places)

    transfer_page = client.get(_en("orders:order_transfer", order.tracking_no))
    assert transfer_page.status_code == 200
    choices = dict(transfer_page.context["form"].fields["target"].choices)
    assert f"institution:{network.wuhou_legal_aid.pk}" in choices
    # Nothing from Ganzi's subtree is offered to a Wuhou clerk for a Wuhou order.
    assert f"point:{network.litang_centre.pk}" not in choices
    response = client.post(
        _en("orders:order_action", order.tracking_no, "transfer"),
        {
            "act-transfer-target": f"institution:{network.wuhou_legal_aid.pk}",
            "act-transfer-reason": "属法律援助事项",
        },
    )
    assert response.status_code == 302
    order.refresh_from_db()
    assert order.status == OrderStatus.TRANSFERRED
    assert order.assigned_institution_id == network.wuhou_legal_aid.pk


def test_a_transfer_without_target_or_reason_comes_back_to_its_page_naming_each_field(
    client, wuhou_clerk, submit
):
    order = submit()
    client.force_login(wuhou_clerk)
    response = client.post(
        _en("orders:order_action", order.tracking_no, "transfer"),
        {"act-transfer-target": "", "act-transfer-reason": ""},
    )
    html = response.content.decode()
    assert response.status_code == 400
    assert 'data-testid="order-transfer-form"' in html
    assert 'id="id_act-transfer-target_error"' in html and 'id="id_act-transfer-reason_error"' in html
    assert "Transfer to" in html and "Reason for the transfer" in html  # the banner names the fields
    order.refresh_from_db()
    assert order.status == OrderStatus.SUBMITTED


def test_the_transfer_page_is_refused_to_a_role_that_never_transfers(client, submit):
    from fawang.accounts.enums import Role
    from fawang.accounts.tests.factories import StaffFactory

    order = submit()
    analyst = StaffFactory(jurisdiction_region_id="510107", roles=[Role.ANALYST])
    client.force_login(analyst)
    assert client.get(_en("orders:order_transfer", order.tracking_no)).status_code in (403, 404)


def test_reveal_shows_the_full_number_once_and_is_audited(client, wuhou_clerk, chengdu_supervisor, submit):
    order = submit(applicant_phone="13800138000")
    client.force_login(wuhou_clerk)  # a window clerk may reveal
    response = client.post(_en("orders:order_reveal", order.tracking_no))
    assert response.status_code == 200
    assert "13800138000" in response.content.decode()
    assert response["Cache-Control"] == "no-store"
    assert AuditEntry.objects.filter(action="personal_data.reveal", actor=wuhou_clerk).count() == 1
    # The next ordinary view is masked again.
    assert "13800138000" not in client.get(_en("orders:order_detail", order.tracking_no)).content.decode()

    client.force_login(chengdu_supervisor)  # a supervisor's role does not reveal
    page = client.get(_en("orders:order_detail", order.tracking_no))
    assert page.context["can_reveal"] is False
    response = client.post(_en("orders:order_reveal", order.tracking_no), follow=True)
    assert "13800138000" not in response.content.decode()


def test_supervisor_issues_a_supervision_order_with_a_deadline(client, chengdu_supervisor, submit):
    order = submit()
    client.force_login(chengdu_supervisor)
    url = _en("orders:order_supervise", order.tracking_no)
    yesterday = (timezone.localdate() - dt.timedelta(days=1)).isoformat()
    response = client.post(url, {"supervise-deadline": yesterday, "supervise-reason": "请说明未受理原因"})
    assert response.status_code == 422
    assert "The deadline must lie in the future." in response.content.decode()
    assert not SupervisionOrder.objects.exists()

    in_three_days = working_day_deadline(3).date().isoformat()
    response = client.post(url, {"supervise-deadline": in_three_days, "supervise-reason": "请说明未受理原因"})
    assert response.status_code == 302
    supervision = SupervisionOrder.objects.get(order=order)
    assert timezone.localtime(supervision.deadline).date().isoformat() == in_three_days
    assert supervision.issued_by_id == chengdu_supervisor.pk


def test_clerks_cannot_issue_supervision_orders(client, wuhou_clerk, submit):
    order = submit()
    client.force_login(wuhou_clerk)
    in_three_days = (timezone.localdate() + dt.timedelta(days=3)).isoformat()
    response = client.post(
        _en("orders:order_supervise", order.tracking_no),
        {"supervise-deadline": in_three_days, "supervise-reason": "x"},
    )
    assert response.status_code == 403
    assert not SupervisionOrder.objects.exists()


def test_a_supervision_deadline_on_a_rest_day_is_refused_on_the_form(client, chengdu_supervisor, submit):
    from fawang.core.calendar import is_workday

    order = submit()
    client.force_login(chengdu_supervisor)
    saturday = timezone.localdate() + dt.timedelta(days=(5 - timezone.localdate().weekday()) % 7 or 7)
    assert not is_workday(saturday)
    response = client.post(
        reverse("orders:order_supervise", args=[order.tracking_no]),
        {"supervise-deadline": saturday.isoformat(), "supervise-reason": "请说明未受理原因"},
    )
    assert response.status_code == 422
    assert response.context["supervision_form"].errors["deadline"] == [
        f"{saturday.isoformat()} 不是法定工作日（周末或节假日），请选择工作日。"
    ]
    assert not SupervisionOrder.objects.exists()


def test_a_second_supervision_of_the_same_order_is_refused_and_points_at_the_open_one(
    client, chengdu_supervisor, submit
):
    order = submit()
    client.force_login(chengdu_supervisor)
    url = reverse("orders:order_supervise", args=[order.tracking_no])
    deadline = working_day_deadline(3).date().isoformat()
    form = {"supervise-deadline": deadline, "supervise-reason": "请说明未受理原因"}
    assert client.post(url, form).status_code == 302
    page = client.post(url, form, follow=True)
    first = SupervisionOrder.objects.get(order=order)  # still only one
    html = page.content.decode()
    assert "该服务单已有一份未答复的督办单" in html
    assert f'href="#supervision-{first.pk}"' in html and f'id="supervision-{first.pk}"' in html
