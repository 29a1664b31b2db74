"""The queue (/work/) and the API list a page at a time (fawang.core.keyset): most urgent first
(overdue, warned, the rest by due time), no order skipped or shown twice while orders arrive between
page loads, a link changed by hand never a 500, and a count that stops at the limit ("3+")."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import override

from fawang.api.tests.helpers import ApiClient
from fawang.orders.models import ServiceOrder

pytestmark = pytest.mark.django_db


def _workbench() -> str:
    with override("en"):
        return reverse("orders:workbench")


def _numbers(response: Any) -> list[str]:
    return [order.tracking_no for order, _urgency, _elsewhere in response.context["rows"]]


def _due(order: ServiceOrder, due: dt.timedelta | None, warn: dt.timedelta | None = None) -> ServiceOrder:
    """Give the order's mirror of its nearest clock these due and warning times from now."""
    now = timezone.now()
    ServiceOrder.objects.filter(pk=order.pk).update(
        due_at=None if due is None else now + due, warn_at=None if warn is None else now + warn
    )
    return order


@pytest.fixture
def urgent_mix(submit) -> list[str]:
    """Six open orders in the order the queue must show them."""
    day, hour = dt.timedelta(days=1), dt.timedelta(hours=1)
    calm_late = _due(submit(), 5 * day, 4 * day)
    undated = _due(submit(), None)  # every clock paused
    warned_late = _due(submit(), 3 * day, -hour)  # warned, though due after calm_soon
    calm_soon = _due(submit(), 2 * day, day)
    overdue_recent = _due(submit(), -hour, -day)
    overdue_long = _due(submit(), -2 * day, -3 * day)
    return [o.tracking_no for o in (overdue_long, overdue_recent, warned_late, calm_soon, calm_late, undated)]


def test_workbench_shows_overdue_then_warned_then_the_rest_by_due_time(client, wuhou_clerk, urgent_mix):
    client.force_login(wuhou_clerk)
    response = client.get(_workbench())
    assert _numbers(response) == urgent_mix
    marks = [(u.overdue, u.warned) for _order, u, _elsewhere in response.context["rows"]]
    assert marks == [
        (True, False),
        (True, False),
        (False, True),
        (False, False),
        (False, False),
        (False, False),
    ]


def test_api_list_gives_the_same_order_page_after_page(wuhou_clerk, urgent_mix):
    api = ApiClient(wuhou_clerk)
    seen: list[dict[str, Any]] = []
    body = api.get("/api/v1/orders", page_size=2).json()
    while True:
        seen += body["items"]
        if body["next"] is None:
            break
        body = api.get("/api/v1/orders", page_size=2, cursor=body["next"]).json()
    assert [o["tracking_no"] for o in seen] == urgent_mix
    assert [(o["is_overdue"], o["is_warned"]) for o in seen][:4] == [
        (True, False),
        (True, False),
        (False, True),
        (False, False),
    ]
    # The overdue filter agrees with the marks.
    overdue = api.get("/api/v1/orders", overdue="true").json()["items"]
    assert [o["tracking_no"] for o in overdue] == urgent_mix[:2]


def test_workbench_pages_neither_skip_nor_repeat_while_orders_arrive(client, wuhou_clerk, submit):
    day = dt.timedelta(days=1)
    before = [_due(submit(), (i + 1) * day).tracking_no for i in range(30)]
    client.force_login(wuhou_clerk)
    first = client.get(_workbench())
    assert _numbers(first) == before[:25]
    # Between the two page loads: an overdue order lands at the head of the queue (with page numbers it
    # pushed the 25th order onto page 2 again), and one due last lands behind the page boundary.
    head = _due(submit(), -day)
    tail = _due(submit(), 60 * day)
    second = client.get(_workbench(), {"cursor": first.context["page"].next})
    assert _numbers(second) == [*before[25:], tail.tracking_no]
    assert second.context["page"].next is None
    # Back from page 2: the 25 orders before its first; the new head is on the page before that.
    back = client.get(_workbench(), {"cursor": second.context["page"].previous})
    assert _numbers(back) == before[:25]
    assert _numbers(client.get(_workbench(), {"cursor": back.context["page"].previous})) == [
        head.tracking_no,
        *before[:24],
    ]
    assert 'rel="next"' in first.content.decode() and 'rel="prev"' in second.content.decode()


def test_api_pages_neither_skip_nor_repeat_while_orders_arrive(wuhou_clerk, submit):
    day = dt.timedelta(days=1)
    before = [_due(submit(), (i + 1) * day).tracking_no for i in range(12)]
    api = ApiClient(wuhou_clerk)
    first = api.get("/api/v1/orders", page_size=5).json()
    _due(submit(), -day)  # arrives at the head
    second = api.get("/api/v1/orders", page_size=5, cursor=first["next"]).json()
    third = api.get("/api/v1/orders", page_size=5, cursor=second["next"]).json()
    pages = [[o["tracking_no"] for o in p["items"]] for p in (first, second, third)]
    assert pages == [before[:5], before[5:10], before[10:]]
    assert third["next"] is None and first["previous"] is None and second["previous"]


def test_a_cursor_changed_by_hand_is_a_400_on_the_api_and_the_first_page_on_the_workbench(
    client, wuhou_clerk, submit
):
    numbers = [submit().tracking_no for _ in range(3)]
    api = ApiClient(wuhou_clerk)
    cursor = api.get("/api/v1/orders", page_size=1).json()["next"]
    tampered = cursor[:-3] + ("AAA" if cursor[-3:] != "AAA" else "BBB")
    for bad in (tampered, "garbage", "a" * 900, cursor.replace(":", "", 1)):
        response = api.get("/api/v1/orders", page_size=1, cursor=bad)
        assert response.status_code == 400, bad
        assert (response.json()["code"], response.json()["field"]) == ("bad_cursor", "cursor")
    assert api.get("/api/v1/orders", page_size=1, cursor=cursor).status_code == 200

    client.force_login(wuhou_clerk)
    for bad in (tampered, "garbage", "%00"):
        response = client.get(_workbench(), {"cursor": bad})
        assert response.status_code == 200
        assert set(_numbers(response)) == set(numbers)


def test_count_is_exact_up_to_the_limit_then_says_more(client, wuhou_clerk, submit, settings):
    settings.FAWANG_LIST_COUNT_LIMIT = 3
    for _ in range(3):
        submit()
    client.force_login(wuhou_clerk)
    with override("en"):
        html = client.get(_workbench(), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "3 orders" in html and "3+" not in html
    submit()
    response = client.get(_workbench(), HTTP_ACCEPT_LANGUAGE="en")
    assert "3+ orders" in response.content.decode()
    body = ApiClient(wuhou_clerk).get("/api/v1/orders").json()
    assert (body["count"], body["count_exact"], len(body["items"])) == (3, False, 4)
