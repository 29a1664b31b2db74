"""Seeing an order is not handling it: a county clerk follows their residents' orders that another
place handles, but only the place the order sits with (or the level above it) works it."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils.translation import override

from fawang.core.errors import Forbidden
from fawang.orders import services
from fawang.orders.enums import ErrorCode, OrderStatus

pytestmark = pytest.mark.django_db


@pytest.fixture
def sent_to_litang(submit, hotline_agent, network):
    """A Wuhou resident's order, dispatched by the provincial 12348 centre to Litang's centre where the
    applicant actually lives (a county sends sideways through the level above: 统一调度)."""
    order = submit()
    services.order_transfer(
        actor=hotline_agent, order=order, reason="申请人实际居住在理塘县", to_point=network.litang_centre
    )
    order.refresh_from_db()
    return order


def _en(name: str, *args: str) -> str:
    with override("en"):
        return reverse(name, args=args)


def test_the_applicants_county_cannot_work_an_order_handled_elsewhere(sent_to_litang, wuhou_clerk):
    with pytest.raises(Forbidden) as caught:
        services.order_accept(actor=wuhou_clerk, order=sent_to_litang)
    assert caught.value.code == ErrorCode.ORDER_ELSEWHERE
    assert "理塘县公共法律服务中心" in str(caught.value.message)
    sent_to_litang.refresh_from_db()
    assert sent_to_litang.status == OrderStatus.TRANSFERRED


def test_the_place_above_the_handler_can(sent_to_litang, ganzi_clerk):
    services.order_accept(actor=ganzi_clerk, order=sent_to_litang)
    sent_to_litang.refresh_from_db()
    assert sent_to_litang.status == OrderStatus.ACCEPTED and sent_to_litang.accepted_by == ganzi_clerk


def test_order_page_offers_no_actions_and_says_who_handles_it(client, sent_to_litang, wuhou_clerk):
    client.force_login(wuhou_clerk)
    html = client.get(_en("orders:order_detail", sent_to_litang.tracking_no)).content.decode()
    assert 'data-action="accept"' not in html
    assert "理塘县公共法律服务中心 handles this order" in html
    # A page drawn before the transfer still had the button: the refusal says where the order went.
    response = client.post(_en("orders:order_action", sent_to_litang.tracking_no, "accept"), follow=True)
    assert "handled by 理塘县公共法律服务中心: only staff there, or above them" in response.content.decode()
    sent_to_litang.refresh_from_db()
    assert sent_to_litang.status == OrderStatus.TRANSFERRED


def test_queue_holds_the_places_own_work_and_on_request_the_residents_elsewhere(
    client, sent_to_litang, submit, wuhou_clerk
):
    own = submit()
    client.force_login(wuhou_clerk)
    rows = client.get(_en("orders:workbench")).context["rows"]
    assert [order.tracking_no for order, _urgency, _elsewhere in rows] == [own.tracking_no]

    response = client.get(_en("orders:workbench"), {"whose": "all"})
    marks = {order.tracking_no: elsewhere for order, _urgency, elsewhere in response.context["rows"]}
    assert marks == {own.tracking_no: False, sent_to_litang.tracking_no: True}
    assert "handled elsewhere" in response.content.decode()


def test_api_queue_can_be_limited_to_the_callers_place(client, sent_to_litang, submit, wuhou_clerk):
    from fawang.accounts.services import api_token_create

    own = submit()
    _token, raw = api_token_create(actor=wuhou_clerk, user=wuhou_clerk, name="queue")
    headers = {"Authorization": f"Bearer {raw}"}
    everything = client.get("/api/v1/orders", headers=headers).json()["items"]
    assert {o["tracking_no"] for o in everything} == {own.tracking_no, sent_to_litang.tracking_no}
    here = client.get("/api/v1/orders?handled_here=true", headers=headers).json()["items"]
    assert [o["tracking_no"] for o in here] == [own.tracking_no]
    response = client.post(
        f"/api/v1/orders/{sent_to_litang.tracking_no}/transitions",
        {"action": "accept"},
        content_type="application/json",
        headers=headers,
    )
    assert response.status_code == 403
    assert response.json()["code"] == "order_handled_elsewhere"
