"""Intake by staff: the hotline console (caller lookup, record the call, answer on the spot or dispatch)
and the window clerk's walk-in form with its printable receipt."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils.translation import override

from fawang.orders.enums import Channel, EventKind, OrderStatus
from fawang.orders.models import OrderEvent, ServiceOrder
from fawang.regions.models import Region

pytestmark = pytest.mark.django_db

VALID_ID = "51010719900307105X"  # GB 11643 check digit X


def _en(name: str, *args: str) -> str:
    with override("en"):
        return reverse(name, args=args)


def _lookup(client, phone: str):
    """The hotline's caller lookup, as the page does it: posted, then the page it redirects to."""
    return client.post(_en("orders:hotline_lookup"), {"phone": phone}, follow=True)


def _intake(network, **overrides) -> dict:
    data = {
        "applicant_phone": "13800138000",
        "applicant_name": "陈明",
        "applicant_kind": "citizen",
        "service_item": network.consult.pk,
        "region": "510107",
        "township": "510107001",
        "language": "zh",
        "description": "公司拖欠三个月工资，想咨询如何维权。",
    }
    data.update(overrides)
    return data


def test_hotline_caller_lookup_finds_earlier_orders_by_phone(client, hotline_agent, submit):
    mine_one = submit(applicant_phone="13800138000")
    mine_two = submit(applicant_phone="13800138000")
    someone_else = submit(applicant_phone="13700137000")
    client.force_login(hotline_agent)
    response = _lookup(client, "138-0013-8000")
    assert response.status_code == 200
    assert {o.tracking_no for o in response.context["earlier"]} == {
        mine_one.tracking_no,
        mine_two.tracking_no,
    }
    html = response.content.decode()
    assert someone_else.tracking_no not in html
    # The caller's number carries over into the call record.
    assert response.context["form"].initial["applicant_phone"] == "138-0013-8000"


def test_a_returning_caller_is_prefilled_from_their_latest_order(client, hotline_agent, submit):
    submit(applicant_phone="13800138000", applicant_kind="citizen", applicant_name="旧名字")
    submit(
        applicant_phone="13800138000",
        applicant_kind="citizen",
        applicant_name="次仁",
        language="bo",
        region=Region.objects.get(code="513334100"),
    )
    client.force_login(hotline_agent)
    form = _lookup(client, "13800138000").context["form"]
    assert form.initial == {
        "applicant_phone": "13800138000",
        "applicant_name": "次仁",
        "applicant_kind": "citizen",
        "language": "bo",
        "region": "513334",
        "township": "513334100",
    }
    # A first-time caller gets only the number.
    form = _lookup(client, "13900139000").context["form"]
    assert form.initial == {"applicant_phone": "13900139000"}


def test_hotline_lookup_with_a_bad_number_says_why(client, hotline_agent, network):
    client.force_login(hotline_agent)
    response = _lookup(client, "12345")
    assert response.context["earlier"] is None
    assert "Mobile number must be 11 digits starting with 13-19." in response.content.decode()


def test_hotline_creates_and_dispatches_an_order_showing_why_it_went_there(client, hotline_agent, network):
    client.force_login(hotline_agent)
    response = client.post(_en("orders:hotline"), _intake(network, outcome="dispatch"))
    order = ServiceOrder.objects.get()
    assert response.status_code == 302
    assert response["Location"] == _en("orders:order_detail", order.tracking_no)
    assert order.channel == Channel.HOTLINE
    assert order.region_id == "510107001"
    assert order.assigned_point_id == network.wuhou_centre.pk
    assert order.first_responder_id == hotline_agent.pk
    page = client.get(response["Location"])
    html = page.content.decode()
    assert "created and dispatched to 武侯区公共法律服务中心" in html
    # The reason is stored in the department's language and read in the clerk's.
    assert order.routing_reason == (
        "武侯区公共法律服务中心：离申请人最近的提供法律咨询的服务点（所在乡镇（街道）无此服务，由区县级办理）"
    )
    assert (
        "武侯区公共法律服务中心: nearest service point offering 法律咨询"
        " (none in the applicant&#x27;s township, handled at county level)" in html
    )


def test_hotline_answer_on_the_spot_resolves_at_first_contact(client, hotline_agent, network):
    client.force_login(hotline_agent)
    response = client.post(
        _en("orders:hotline"),
        _intake(network, outcome="answer", answer="已告知可向劳动监察大队投诉，并可申请劳动仲裁。"),
    )
    assert response.status_code == 302
    order = ServiceOrder.objects.get()
    assert order.resolved_at_first_contact is True
    assert order.status == OrderStatus.RESOLVED
    assert OrderEvent.objects.filter(order=order, kind=EventKind.FIRST_CONTACT_RESOLVED).exists()


def test_hotline_answer_on_the_spot_needs_the_answer(client, hotline_agent, network):
    client.force_login(hotline_agent)
    response = client.post(_en("orders:hotline"), _intake(network, outcome="answer", answer=""))
    assert response.status_code == 422
    assert "Write down the answer given on the call." in response.content.decode()
    assert not ServiceOrder.objects.exists()


def test_hotline_bad_fields_are_named_and_nothing_is_saved(client, hotline_agent, network):
    client.force_login(hotline_agent)
    response = client.post(
        _en("orders:hotline"),
        _intake(network, outcome="dispatch", applicant_phone="1380013", township="513301001"),
    )
    assert response.status_code == 422
    form = response.context["form"]
    assert "township" in form.errors  # a township of another county
    assert not ServiceOrder.objects.exists()
    response = client.post(
        _en("orders:hotline"), _intake(network, outcome="dispatch", applicant_phone="1380013")
    )
    assert response.status_code == 422
    assert "applicant_phone" in response.context["form"].errors
    assert not ServiceOrder.objects.exists()


def test_window_walk_in_prints_a_receipt_with_the_tracking_number(client, wuhou_clerk, network):
    client.force_login(wuhou_clerk)
    page = client.get(_en("orders:window_intake"))
    assert page.context["form"].initial["region"] == "510107"  # the clerk's own county to start with
    response = client.post(_en("orders:window_intake"), _intake(network, applicant_id_number=VALID_ID))
    order = ServiceOrder.objects.get()
    assert response["Location"] == _en("orders:receipt", order.tracking_no)
    assert order.channel == Channel.WINDOW
    assert order.first_responder_id == wuhou_clerk.pk
    assert order.applicant_id_number == VALID_ID  # stored (encrypted at rest) ...
    receipt = client.get(response["Location"])
    html = receipt.content.decode()
    assert order.tracking_no in html and "data-print" in html and "orders/print.js" in html
    assert VALID_ID not in html
    detail = client.get(_en("orders:order_detail", order.tracking_no)).content.decode()
    assert VALID_ID not in detail and "5101**********105X" in detail  # ... and masked on screen


def test_window_refuses_a_wrong_id_number_naming_the_rule(client, wuhou_clerk, network):
    client.force_login(wuhou_clerk)
    response = client.post(
        _en("orders:window_intake"), _intake(network, applicant_id_number="510107199003070021")
    )
    assert response.status_code == 422
    assert response.context["form"].errors["applicant_id_number"] == [
        "ID number check digit is wrong (GB 11643)."
    ]
    assert not ServiceOrder.objects.exists()


def test_roles_that_do_not_take_in_orders_get_no_intake_pages(client, chengdu_supervisor, network):
    client.force_login(chengdu_supervisor)
    assert client.get(_en("orders:hotline")).status_code == 403
    assert client.get(_en("orders:window_intake")).status_code == 403
