"""Issue 8's findings about roles, as the people met them: the hotline agent rejected a Litang order
and bulk-accepted orders of eight counties; the analyst read any order in full through the API and
landed on the order list with names and select boxes."""

from __future__ import annotations

import pytest
from django.urls import reverse

from fawang.accounts.enums import Role
from fawang.accounts.services import api_token_create
from fawang.accounts.tests.factories import StaffFactory
from fawang.accounts.tests.minimal_rows import service_order
from fawang.orders.models import ServiceOrder

LITANG = "513334"


@pytest.fixture
def analyst(sichuan):
    return StaffFactory(
        username="analyst",
        display_name="数据分析 刘洋",
        jurisdiction_region_id="510000",
        roles=[Role.ANALYST],
    )


def test_the_hotline_agent_cannot_reject_a_litang_order(client, hotline_agent):
    order = service_order(LITANG)
    client.force_login(hotline_agent)

    page = client.get(reverse("orders:order_detail", args=[order.tracking_no]))
    assert page.status_code == 200  # the agent looks it up for the caller ...
    assert 'value="reject"' not in page.content.decode() and "act/reject/" not in page.content.decode()
    response = client.post(
        reverse("orders:order_action", args=[order.tracking_no, "reject"]), {"act-reject-reason": "不受理"}
    )

    assert response.status_code == 403  # ... but Litang's staff decide
    order.refresh_from_db()
    assert order.status == "submitted"


def test_the_hotline_agent_cannot_bulk_accept_orders_of_the_counties(client, hotline_agent):
    orders = [service_order(code) for code in ("510107", "510104", LITANG, "513301")]
    client.force_login(hotline_agent)

    response = client.post(
        reverse("orders:bulk"), {"action": "accept", "orders": [o.tracking_no for o in orders]}
    )

    assert response.status_code == 403
    assert set(ServiceOrder.objects.values_list("status", flat=True)) == {"submitted"}
    queue = client.get(reverse("orders:workbench")).content.decode()
    assert 'value="accept"' not in queue  # no bulk accept offered


def test_the_hotline_agent_still_dispatches_an_order_through_the_api(client, hotline_agent):
    from fawang.accounts.tests.minimal_rows import service_point

    order = service_order(LITANG)
    target = service_point("513300", "甘孜州公共法律服务中心")
    _token, raw = api_token_create(actor=hotline_agent, user=hotline_agent, name="seat")
    auth = {"HTTP_AUTHORIZATION": f"Bearer {raw}"}

    accept = client.post(
        f"/api/v1/orders/{order.tracking_no}/transitions",
        {"action": "accept"},
        content_type="application/json",
        **auth,
    )
    transfer = client.post(
        f"/api/v1/orders/{order.tracking_no}/transitions",
        {"action": "transfer", "reason": "由州中心统一调度", "to_point": target.pk},
        content_type="application/json",
        **auth,
    )

    assert accept.status_code == 403 and accept.json()["code"] == "permission_denied"
    assert transfer.status_code == 200 and transfer.json()["status"] == "transferred"


def test_the_analyst_reads_no_order_through_the_api(client, analyst):
    order = service_order("510107")
    _token, raw = api_token_create(actor=analyst, user=analyst, name="figures")
    auth = {"HTTP_AUTHORIZATION": f"Bearer {raw}"}

    listing = client.get("/api/v1/orders", **auth)
    detail = client.get(f"/api/v1/orders/{order.tracking_no}", **auth)

    assert listing.status_code == 403
    assert detail.status_code == 404 and "测试申请人" not in detail.content.decode()


def test_the_analyst_lands_on_figures_without_names(client, analyst):
    for code in ("510107", "510107", LITANG):
        service_order(code)
    client.force_login(analyst)

    landing = client.get(reverse("web:staff_home"))
    assert landing.status_code == 302 and landing.url == reverse("orders:figures")
    page = client.get(landing.url)
    html = page.content.decode()

    assert page.status_code == 200
    figures = page.context["figures"]
    assert figures.total == 3
    assert dict(figures.by_region)["成都市"] == 2 and dict(figures.by_region)["甘孜藏族自治州"] == 1
    assert sum(n for _label, n in figures.by_status) == 3
    assert 'data-testid="on-time-formula"' in html
    assert "测试申请人" not in html and 'type="checkbox"' not in html
    assert "TEST" not in html  # no tracking number either
    # The queue and the order pages are not theirs.
    assert client.get(reverse("orders:workbench")).status_code == 403
    order = ServiceOrder.objects.first()
    assert client.get(reverse("orders:order_detail", args=[order.tracking_no])).status_code == 404
