"""Pages refuse what no database can store (a NUL in the address, a search or a form field) with a
400 or 404 page naming the field, in the reader's language; before, PostgreSQL raised and the reader
got a 500 (and SQLite silently stored the NUL). Issue 8, item 15."""

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
