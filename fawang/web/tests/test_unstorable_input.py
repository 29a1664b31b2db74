"""Pages refuse what no database can store (a NUL in the address, a search or a form field) with a
400 or 404 page naming the field, in the reader's language. Issue 8, item 15.

Before, what reached a query without going through a form (an order's address, the queue's search,
bulk accept's tracking numbers) raised in PostgreSQL and the reader got a 500, while SQLite stored the
NUL; Django's forms refused it in their own text fields only. One check now covers every field, form
fields included, with the same 400 page."""

import pytest
from django.urls import reverse

from fawang.orders.models import ServiceOrder
from fawang.web.tests.test_apply_and_track import apply_data, consult  # noqa: F401 (a fixture)

pytestmark = pytest.mark.django_db


def test_a_nul_in_an_order_address_is_the_not_found_page(client, wuhou_clerk):
    client.force_login(wuhou_clerk)

    response = client.get("/work/orders/%00/")

    assert response.status_code == 404
    assert '<p class="code">404</p>' in response.content.decode()


def test_a_nul_in_the_queue_search_is_a_400_page_naming_the_field_in_chinese(client, wuhou_clerk):
    client.force_login(wuhou_clerk)

    response = client.get("/work/", {"q": "陈\x00"})

    assert response.status_code == 400
    html = response.content.decode()
    assert "字段“q”含有不允许的字符（NUL）" in html
    assert '<html lang="zh-hans">' in html


def test_a_nul_in_the_applicants_name_is_refused_and_nothing_is_filed(client, consult):  # noqa: F811
    response = client.post(reverse("web:apply"), apply_data(applicant_name="王\x00小明"))

    assert response.status_code == 400
    assert "applicant_name" in response.content.decode()
    assert not ServiceOrder.objects.exists()


def test_a_nul_in_a_rejection_reason_is_refused_and_the_order_stays(client, consult, wuhou_clerk):  # noqa: F811
    client.post(reverse("web:apply"), apply_data())
    order = ServiceOrder.objects.get()
    client.force_login(wuhou_clerk)

    response = client.post(
        reverse("orders:order_action", args=[order.tracking_no, "reject"]), {"reason": "不属于\x00受理范围"}
    )

    assert response.status_code == 400
    assert "reason" in response.content.decode()
    order.refresh_from_db()
    assert order.status == "submitted"


def test_a_nul_in_a_bulk_accepted_tracking_number_is_a_400_page_naming_the_field(client, wuhou_clerk):
    client.force_login(wuhou_clerk)

    response = client.post(reverse("orders:bulk"), {"action": "accept", "orders": ["SC2611254730192\x00"]})

    assert response.status_code == 400
    assert "字段“orders”" in response.content.decode()
