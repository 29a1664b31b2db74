"""Cross-region cooperation (异地协作, issue 11 item 8; docs/adr/0022): a request from Wuhou's legal aid
centre to Litang's is an order of its own, handled by Litang, seen by the two centres and the offices
above them only, timed to the deadline Wuhou set, and supervised when that passes."""

from __future__ import annotations

import datetime as dt
import json
from unittest import mock

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from fawang.accounts.enums import Role
from fawang.accounts.tests.factories import StaffFactory
from fawang.core.calendar import TZ
from fawang.core.errors import DomainError, NotFound, ValidationFailed
from fawang.legalaid import cooperation
from fawang.legalaid.models import CooperationRequest
from fawang.notify.models import InboxMessage
from fawang.orders.engine import order_act
from fawang.orders.enums import OrderStatus
from fawang.orders.models import OrderClock, ServiceOrder, SupervisionOrder
from fawang.orders.selectors import order_get_for_actor
from fawang.orders.sweep import sweep_deadlines

from .conftest import bundled_law_table

pytestmark = pytest.mark.django_db


def at(*args: int) -> dt.datetime:
    return dt.datetime(*args, tzinfo=TZ)


def acting_at(moment):
    return mock.patch("django.utils.timezone.now", return_value=moment)


@pytest.fixture
def coop_item(legal_aid):
    """The shipped hidden item of cooperation requests, with its law table row."""
    from fawang.catalog.models import ServiceItem, TimeLimit

    item = ServiceItem.objects.create(
        code="legal_aid_cooperation",
        name="法律援助异地协作",
        category="legal_aid",
        time_limit=30,
        time_limit_unit="calendar_days",
        legal_basis="非法定期限：由请求协作的法律援助机构确定",
        workflow="legal_aid_cooperation",
        offered_to_citizens=False,
    )
    for n, row in enumerate(bundled_law_table("legal_aid_cooperation")):
        TimeLimit.objects.create(service_item=item, **{"sort_order": n, **row})
    return item


@pytest.fixture
def litang_staff(network):
    return StaffFactory(
        username="litang_aid",
        jurisdiction_institution=network.litang_legal_aid,
        roles=[Role.INSTITUTION_STAFF],
    )


@pytest.fixture
def third_county(sichuan):
    return StaffFactory(username="jinjiang", jurisdiction_region_id="510104", roles=[Role.COUNTY_STAFF])


@pytest.fixture
def application(apply):
    return apply(now=at(2026, 11, 2, 10, 0))


def ask(actor, app, network, **overrides):
    fields = {
        "application": app.tracking_no,
        "requested_centre": network.litang_legal_aid.pk,
        "kind": "gather_evidence",
        "deadline": dt.date(2026, 11, 13),
        "note": "请协助调取申请人在理塘县的务工记录。",
        **overrides,
    }
    return cooperation.cooperation_request(actor=actor, **fields)


def test_a_request_is_an_order_handled_by_the_requested_centre_and_notified_there(
    application, coop_item, wuhou_clerk, litang_staff, network
):
    with acting_at(at(2026, 11, 3, 9, 0)):
        row = ask(wuhou_clerk, application, network)
    order = row.order
    assert order.workflow == "legal_aid_cooperation" and order.status == OrderStatus.SUBMITTED
    assert order.assigned_institution_id == network.litang_legal_aid.pk  # chosen, not routed
    assert order.region_path == network.wuhou_legal_aid.region.path
    assert (row.application_id, row.kind, row.deadline) == (
        application.pk,
        "gather_evidence",
        dt.date(2026, 11, 13),
    )
    assert order.applicant_phone == "" and order.applicant_id is None
    assert InboxMessage.objects.filter(recipient=litang_staff, order=order).exists()
    # Litang finds it in its queue (the orders sitting with its centre) as any order and works it.
    from fawang.accounts import policy

    assert order in policy.scope_orders_with(litang_staff, ServiceOrder.objects.all())
    assert order not in policy.scope_orders_with(wuhou_clerk, ServiceOrder.objects.all())
    with acting_at(at(2026, 11, 4, 9, 0)):
        order_act(actor=litang_staff, order=order, action="legal_aid_cooperation_take")
    assert (order.status, order.stage) == (OrderStatus.IN_PROGRESS, "cooperation_taken")
    with acting_at(at(2026, 11, 10, 9, 0)):
        cooperation.cooperation_report_done(
            actor=litang_staff,
            order=order,
            resolution="已调取务工记录三份。",
            attachments_note="务工记录复印件3页",
        )
    order.refresh_from_db()
    row.refresh_from_db()
    assert (order.status, order.stage) == (OrderStatus.CLOSED, "cooperation_done")
    assert row.result == "已调取务工记录三份。"
    assert not OrderClock.objects.filter(order=order, stopped_at__isnull=True).exists()
    # The requesting centre is told.
    assert InboxMessage.objects.filter(recipient=wuhou_clerk, order=order).count() == 2


def test_only_the_two_centres_and_the_offices_above_see_the_request(
    application, coop_item, wuhou_clerk, litang_staff, third_county, provincial_admin, network
):
    row = ask(wuhou_clerk, application, network, deadline=timezone.localdate() + dt.timedelta(days=10))
    no = row.order.tracking_no
    for actor in (wuhou_clerk, litang_staff, provincial_admin):
        assert order_get_for_actor(actor=actor, tracking_no=no).pk == row.order.pk
    with pytest.raises(NotFound):
        order_get_for_actor(actor=third_county, tracking_no=no)
    # The third county cannot take it either, nor read it through the module's API.
    with pytest.raises(NotFound):
        order_act(actor=third_county, order=row.order, action="legal_aid_cooperation_take")
    client = Client()
    client.force_login(third_county)
    assert client.get(f"/api/v1/legal-aid/cooperation/{no}").status_code == 404


def test_the_requester_sees_its_requests_and_their_state_on_the_application_page(
    application, coop_item, wuhou_clerk, litang_staff, network
):
    row = ask(wuhou_clerk, application, network, deadline=timezone.localdate() + dt.timedelta(days=10))
    order_act(
        actor=litang_staff, order=row.order, action="legal_aid_cooperation_decline", reason="本中心无法调取"
    )
    client = Client()
    client.force_login(wuhou_clerk)
    page = client.get(reverse("orders:order_detail", args=[application.tracking_no])).content.decode()
    assert row.order.tracking_no in page and "理塘县法律援助中心" in page
    assert 'data-testid="legal-aid-cooperation"' in page
    # Litang's staff see the request's own order page with its panel and the deadline it was given.
    client.force_login(litang_staff)
    page = client.get(reverse("orders:order_detail", args=[row.order.tracking_no])).content.decode()
    assert 'data-testid="cooperation-panel"' in page


def test_only_the_requested_centre_is_offered_take_and_decline_on_the_order_page(
    application, coop_item, wuhou_clerk, litang_staff, network
):
    row = ask(wuhou_clerk, application, network, deadline=timezone.localdate() + dt.timedelta(days=10))
    take = reverse("orders:order_action", args=[row.order.tracking_no, "legal_aid_cooperation_take"])
    client = Client()
    client.force_login(litang_staff)
    assert take in client.get(reverse("orders:order_detail", args=[row.order.tracking_no])).content.decode()
    client.force_login(wuhou_clerk)
    assert (
        take not in client.get(reverse("orders:order_detail", args=[row.order.tracking_no])).content.decode()
    )


def test_the_request_page_sends_a_request_and_names_a_bad_field(application, coop_item, wuhou_clerk, network):
    client = Client()
    client.force_login(wuhou_clerk)
    url = reverse("legalaid:cooperation", args=[application.tracking_no])
    assert client.get(url).status_code == 200
    bad = client.post(
        url,
        {
            "requested_centre": network.litang_legal_aid.pk,
            "kind": "take_application",
            "deadline": "2020-01-01",
            "note": "请代为受理申请。",
        },
    )
    assert (
        bad.status_code == 200 and "完成期限应晚于今天。" in bad.content.decode()
    )  # the field named, in Chinese
    assert not CooperationRequest.objects.exists()
    good = client.post(
        url,
        {
            "requested_centre": network.litang_legal_aid.pk,
            "kind": "take_application",
            "deadline": (timezone.localdate() + dt.timedelta(days=7)).isoformat(),
            "note": "请代为受理申请。",
        },
    )
    assert good.status_code == 302 and CooperationRequest.objects.count() == 1


def test_a_missed_deadline_raises_supervision_naming_the_requesters_deadline(
    application, coop_item, wuhou_clerk, network
):
    with acting_at(at(2026, 11, 3, 9, 0)):
        row = ask(wuhou_clerk, application, network, deadline=dt.date(2026, 11, 13))  # a Friday
    clock = OrderClock.objects.get(order=row.order, name="cooperate")
    assert clock.due_at == at(2026, 11, 13, 23, 59, 59)  # the day the requester set, not 30 days
    assert "非法定期限" in clock.legal_basis
    # (The application's own seven-day decision clock runs out meanwhile: a clock of its own.)
    assert row.order.tracking_no not in sweep_deadlines(now=at(2026, 11, 13, 12, 0)).overdue
    report = sweep_deadlines(now=at(2026, 11, 14, 9, 0))
    assert row.order.tracking_no in report.overdue
    supervision = SupervisionOrder.objects.get(order=row.order)
    assert supervision.clock.name == "cooperate" and "非法定期限" in supervision.reason


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"deadline": dt.date(2026, 11, 1)}, "deadline"),  # in the past
        ({"deadline": dt.date(2026, 11, 3)}, "deadline"),  # today
        ({"requested_centre": "own"}, "requested_centre"),
        ({"requested_centre": 999999}, "requested_centre"),
        ({"application": "FW00000000XXXX"}, "application"),
        ({"kind": "visit"}, "kind"),
    ],
)
def test_bad_input_names_the_field_and_saves_nothing(
    application, coop_item, wuhou_clerk, network, overrides, field
):
    if overrides.get("requested_centre") == "own":
        overrides = {"requested_centre": network.wuhou_legal_aid.pk}
    with acting_at(at(2026, 11, 3, 9, 0)), pytest.raises(ValidationFailed) as caught:
        ask(wuhou_clerk, application, network, **overrides)
    assert field in [e.field for e in caught.value.errors]
    assert not CooperationRequest.objects.exists()
    assert not ServiceOrder.objects.filter(workflow="legal_aid_cooperation").exists()


def test_the_api_creates_once_per_idempotency_key_and_answers_422_naming_the_field(
    application, coop_item, wuhou_clerk, litang_staff, network
):
    client = Client()
    client.force_login(wuhou_clerk)
    body = {
        "application": application.tracking_no,
        "requested_centre": network.litang_legal_aid.pk,
        "kind": "take_application",
        "deadline": (timezone.localdate() + dt.timedelta(days=5)).isoformat(),
        "note": "申请人已迁居理塘，请代为受理。",
    }
    headers = {"HTTP_IDEMPOTENCY_KEY": "coop-1"}
    first = client.post("/api/v1/legal-aid/cooperation", json.dumps(body), "application/json", **headers)
    again = client.post("/api/v1/legal-aid/cooperation", json.dumps(body), "application/json", **headers)
    assert first.status_code == 201 and again.status_code == 201
    assert first.json()["tracking_no"] == again.json()["tracking_no"]
    assert CooperationRequest.objects.count() == 1
    own = {**body, "requested_centre": network.wuhou_legal_aid.pk}
    refused = client.post("/api/v1/legal-aid/cooperation", json.dumps(own), "application/json")
    assert refused.status_code == 422  # invalid fields (docs/adr/0010), nothing saved
    assert CooperationRequest.objects.count() == 1
    assert "requested_centre" in json.dumps(refused.json())
    # Litang takes it through the API.
    client.force_login(litang_staff)
    no = first.json()["tracking_no"]
    taken = client.post(
        f"/api/v1/legal-aid/cooperation/{no}/answer", json.dumps({"action": "take"}), "application/json"
    )
    assert taken.status_code == 200 and taken.json()["stage"] == "cooperation_taken"


def test_the_hidden_item_is_absent_from_citizen_pages_and_the_public_api(coop_item, legal_aid, client):
    from fawang.catalog.selectors import service_items_active

    assert coop_item not in service_items_active()
    assert "legal_aid_cooperation" not in [i["code"] for i in client.get("/api/v1/catalog/items").json()]
    assert client.get("/api/v1/catalog/items/legal_aid_cooperation").status_code == 404
    for page in ("/", "/services/"):
        response = client.get(page)
        if response.status_code == 200:
            assert "法律援助异地协作" not in response.content.decode()


def test_a_citizen_cannot_file_the_hidden_item(coop_item, submit):
    with pytest.raises(ValidationFailed) as caught:
        submit(service_item=coop_item, description="请求代为受理法律援助申请。")
    assert "service_item" in [e.field for e in caught.value.errors]


def test_the_shared_resolve_is_refused_for_legal_aid_and_the_case_log_resolves(handling, lawyer):
    from fawang.legalaid import caselog
    from fawang.orders.services import order_resolve, order_resolve_by_workflow

    order = handling()
    with pytest.raises(DomainError) as caught:
        order_resolve(actor=lawyer[0], order=order, resolution="已办结")
    assert caught.value.errors[0].code == "resolved_by_module"
    order.refresh_from_db()
    assert (order.status, order.stage) == (OrderStatus.IN_PROGRESS, "handling")
    # The demo's way: the module's resolve, through the case log, with an outcome.
    with pytest.raises(ValidationFailed) as caught:
        order_resolve_by_workflow(actor=lawyer[0], order=order, resolution="调解结案", details={})
    assert caught.value.errors[0].field == "details.outcome"
    order_resolve_by_workflow(
        actor=lawyer[0], order=order, resolution="调解结案", details={"outcome": "mediated"}
    )
    order.refresh_from_db()
    assert order.status == OrderStatus.RESOLVED
    closing = caselog.closing_of(order)
    assert closing is not None and closing.outcome == "mediated" and closing.materials_filed_at


# ---- withdrawal by the requesting centre, and the figures ------------------------------------------


def test_the_requesting_centre_withdraws_a_request_before_it_is_taken(
    application, coop_item, wuhou_clerk, litang_staff, network, client
):
    """From the application's cooperation page, with a reason: the request's order is closed with a
    withdrawal event, its clock stopped, the step audited, and Litang's staff told. The requested
    centre may not withdraw it; once taken, it cannot be withdrawn."""
    from fawang.audit.models import AuditEntry

    row = ask(wuhou_clerk, application, network, deadline=timezone.localdate() + dt.timedelta(days=10))
    order = row.order
    with pytest.raises(DomainError) as refused:
        cooperation.cooperation_withdraw(actor=litang_staff, order=order, reason="不需要了")
    assert (refused.value.status, refused.value.errors[0].code) == (
        403,
        "legal_aid_cooperation_not_requester",
    )
    # The requested centre's order page does not offer it either.
    assert "legal_aid_cooperation_withdraw" not in Client().get("/").content.decode()

    client.force_login(wuhou_clerk)
    page = reverse("legalaid:cooperation", args=[application.tracking_no])
    assert 'data-testid="withdraw-form"' in client.get(page).content.decode()
    response = client.post(page, {"withdraw-request_no": order.tracking_no, "withdraw-reason": ""})
    assert "请填写理由。" in response.content.decode()
    order.refresh_from_db()
    assert order.status == OrderStatus.SUBMITTED
    response = client.post(
        page, {"withdraw-request_no": order.tracking_no, "withdraw-reason": "申请人已自行提交务工记录。"}
    )
    assert response.status_code == 302
    order.refresh_from_db()
    assert (order.status, order.stage) == (OrderStatus.CLOSED, "cooperation_withdrawn")
    event = order.events.order_by("-pk").first()
    assert (event.kind, event.reason, event.actor) == (
        "legal_aid_cooperation_withdrawn",
        "申请人已自行提交务工记录。",
        wuhou_clerk,
    )
    assert not OrderClock.objects.filter(order=order, stopped_at__isnull=True).exists()
    assert AuditEntry.objects.filter(entity_id=str(order.pk), actor=wuhou_clerk).exists()
    notice = InboxMessage.objects.filter(recipient=litang_staff, order=order).order_by("-pk").first()
    assert "撤回" in notice.title and "申请人已自行提交务工记录。" in notice.body
    assert 'data-testid="withdraw-form"' not in client.get(page).content.decode()

    # A request already taken cannot be withdrawn.
    taken = ask(wuhou_clerk, application, network, deadline=timezone.localdate() + dt.timedelta(days=10))
    order_act(actor=litang_staff, order=taken.order, action="legal_aid_cooperation_take")
    with pytest.raises(DomainError) as refused:
        cooperation.cooperation_withdraw(actor=wuhou_clerk, order=taken.order, reason="不需要了")
    assert refused.value.errors[0].code == "transition_not_allowed"


def test_the_figures_count_a_cooperation_request_under_its_own_item(
    application, coop_item, wuhou_clerk, network, legal_aid
):
    """The orders' figures count a request as one order of the hidden cooperation item (not as a legal
    aid application, nor under no item), in the requesting centre's region, withdrawn ones as closed;
    legal aid's monthly report counts applications only."""
    from fawang.legalaid.reports import monthly_report
    from fawang.orders.selectors import order_figures

    row = ask(wuhou_clerk, application, network, deadline=timezone.localdate() + dt.timedelta(days=10))
    cooperation.cooperation_withdraw(actor=wuhou_clerk, order=row.order, reason="申请人已自行提交。")
    analyst = StaffFactory(jurisdiction_region_id="510000", roles=[Role.ANALYST])
    figures = order_figures(actor=analyst)
    assert dict(figures.by_service) == {legal_aid.display_name: 1, coop_item.display_name: 1}
    assert dict(figures.by_region)["成都市"] == 2 and figures.total == 2
    assert dict(figures.by_status) == {"待受理": 1, "已关闭": 1}
    assert dict(figures.by_channel)["机构之间"] == 1
    report = monthly_report(actor=analyst, month=dt.date(2026, 11, 1))  # the application came in then
    assert report.total.applications == 1
