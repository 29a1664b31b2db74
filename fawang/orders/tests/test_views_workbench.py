"""The workbench queue (/work/): scoped to the jurisdiction, urgent orders marked in words, filters and
search, one page without N+1 queries, and bulk accept reporting each order's outcome."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import override

from fawang.accounts.enums import Role
from fawang.accounts.tests.factories import StaffFactory
from fawang.orders.enums import OrderStatus
from fawang.orders.models import ServiceOrder

pytestmark = pytest.mark.django_db


def _en(name: str, *args: str) -> str:
    with override("en"):
        return reverse(name, args=args)


def _tracking_numbers(response) -> set[str]:
    return {order.tracking_no for order, _urgency, _elsewhere in response.context["rows"]}


def test_queue_shows_only_the_jurisdiction_and_masks_phones(
    client, wuhou_clerk, ganzi_clerk, submit, sichuan
):
    wuhou_order = submit(applicant_phone="13800138000")
    ganzi_order = submit(region=sichuan.__class__.objects.get(code="513301"), applicant_phone="13900139000")

    client.force_login(wuhou_clerk)
    response = client.get(_en("orders:workbench"))
    assert response.status_code == 200
    assert _tracking_numbers(response) == {wuhou_order.tracking_no}
    html = response.content.decode()
    assert "138****8000" in html
    assert "13800138000" not in html  # never the full number in the list
    assert ganzi_order.tracking_no not in html

    client.force_login(ganzi_clerk)
    response = client.get(_en("orders:workbench"))
    assert _tracking_numbers(response) == {ganzi_order.tracking_no}


def test_overdue_and_warned_orders_are_marked_in_words_and_listed_first(client, wuhou_clerk, submit):
    calm = submit()
    overdue = submit()
    warned = submit()
    now = timezone.now()
    ServiceOrder.objects.filter(pk=overdue.pk).update(
        due_at=now - dt.timedelta(hours=2), warn_at=now - dt.timedelta(days=1)
    )
    ServiceOrder.objects.filter(pk=warned.pk).update(
        due_at=now + dt.timedelta(days=1), warn_at=now - dt.timedelta(hours=1)
    )

    client.force_login(wuhou_clerk)
    response = client.get(_en("orders:workbench"))
    order_of_rows = [order.tracking_no for order, _u, _elsewhere in response.context["rows"]]
    assert order_of_rows[:2] == [overdue.tracking_no, warned.tracking_no]
    assert order_of_rows[-1] == calm.tracking_no
    html = response.content.decode()
    # A badge with a word, not only a coloured stripe.
    assert html.count('data-mark="overdue">Overdue<') == 1
    assert html.count('data-mark="warned">⚠ Due soon<') == 1


def test_filters_and_search(client, wuhou_clerk, submit):
    first = submit(applicant_phone="13800138000", description="房东不退押金，想咨询怎么办。")
    second = submit(applicant_phone="13700137000", description="邻居噪音扰民，想申请调解。")
    client.force_login(wuhou_clerk)
    url = _en("orders:workbench")

    # The search is posted (a phone number must not sit in a URL) and lands on the filtered queue.
    def search(q: str):
        return client.post(url, {"q": q}, follow=True)

    assert _tracking_numbers(search("138 0013 8000")) == {first.tracking_no}
    assert _tracking_numbers(search(second.tracking_no)) == {second.tracking_no}
    assert _tracking_numbers(search("押金")) == {first.tracking_no}

    ServiceOrder.objects.filter(pk=second.pk).update(due_at=timezone.now() - dt.timedelta(minutes=5))
    assert _tracking_numbers(client.get(url, {"overdue": "1"})) == {second.tracking_no}
    assert _tracking_numbers(client.get(url, {"overdue": "0"})) == {first.tracking_no}
    assert _tracking_numbers(client.get(url, {"status": OrderStatus.ACCEPTED})) == set()
    # The township the orders came from is inside Wuhou; another township of Wuhou shows none.
    assert _tracking_numbers(client.get(url, {"region": "510107001"})) == {
        first.tracking_no,
        second.tracking_no,
    }
    assert _tracking_numbers(client.get(url, {"region": "510107004"})) == set()


def test_region_filter_outside_the_jurisdiction_is_ignored_not_obeyed(
    client, ganzi_clerk, wuhou_clerk, submit
):
    submit()
    client.force_login(ganzi_clerk)
    response = client.get(_en("orders:workbench"), {"region": "510107"})
    assert _tracking_numbers(response) == set()


def test_one_page_of_the_queue_costs_a_fixed_number_of_queries(
    client, wuhou_clerk, submit, django_assert_max_num_queries
):
    for _ in range(3):
        submit()
    client.force_login(wuhou_clerk)
    url = _en("orders:workbench")
    client.get(url)  # warm the session and the routing index
    # The page reads each urgency tier from its index range until it has its rows (fawang.core.keyset):
    # up to four small queries, plus the capped count; never one per row.
    with django_assert_max_num_queries(15) as few:
        client.get(url)
    for _ in range(20):
        submit()
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(url)
    assert len(response.context["rows"]) == 23


def test_pagination(client, wuhou_clerk, submit):
    numbers = {submit().tracking_no for _ in range(27)}
    client.force_login(wuhou_clerk)
    first = client.get(_en("orders:workbench"))
    second = client.get(_en("orders:workbench"), {"cursor": first.context["page"].next})
    assert len(first.context["rows"]) == 25
    assert _tracking_numbers(first) | _tracking_numbers(second) == numbers
    assert 'rel="next"' in first.content.decode()


def test_bulk_accept_reports_each_order(client, wuhou_clerk, submit, sichuan):
    from fawang.orders.services import order_accept

    fresh_one = submit()
    fresh_two = submit()
    taken = submit()
    colleague = StaffFactory(
        display_name="武侯区 王磊", jurisdiction_region_id="510107", roles=[Role.COUNTY_STAFF]
    )
    order_accept(actor=colleague, order=taken)  # a colleague got there first
    elsewhere = submit(region=sichuan.__class__.objects.get(code="513301"))

    client.force_login(wuhou_clerk)
    response = client.post(
        _en("orders:bulk"),
        {
            "action": "accept",
            "orders": [
                fresh_one.tracking_no,
                fresh_two.tracking_no,
                taken.tracking_no,
                elsewhere.tracking_no,
            ],
        },
    )
    assert response.status_code == 302
    page = client.get(response["Location"])
    report = page.context["bulk_results"]
    outcome = {r["tracking_no"]: (r["ok"], r["message"]) for r in report["results"]}
    assert outcome[fresh_one.tracking_no][0] is True
    assert outcome[fresh_two.tracking_no][0] is True
    assert outcome[taken.tracking_no][0] is False
    assert "武侯区 王磊 already accepted this order at" in outcome[taken.tracking_no][1]
    assert outcome[elsewhere.tracking_no] == (False, "No such service order.")
    assert (report["succeeded"], report["failed"]) == (2, 2)
    assert ServiceOrder.objects.get(pk=fresh_one.pk).status == OrderStatus.ACCEPTED
    assert ServiceOrder.objects.get(pk=elsewhere.pk).status == OrderStatus.SUBMITTED
    html = page.content.decode()
    assert "2 succeeded, 2 failed" in html
    # The report is shown once (it was carried over the redirect in the session).
    assert client.get(_en("orders:workbench")).context["bulk_results"] is None


def test_bulk_transfer_needs_a_target_and_a_reason(client, wuhou_clerk, submit, network):
    order = submit()
    client.force_login(wuhou_clerk)
    # The queue's button leads to a page that asks where to and why; it names the selected order.
    response = client.post(_en("orders:bulk"), {"action": "transfer", "orders": [order.tracking_no]})
    assert response.status_code == 200
    html = response.content.decode()
    assert f'name="orders" value="{order.tracking_no}"' in html
    assert f'value="institution:{network.wuhou_legal_aid.pk}"' in html
    assert "Choose where to transfer the orders." not in html  # nothing wrong yet

    response = client.post(
        _en("orders:bulk"), {"action": "transfer", "orders": [order.tracking_no], "target": "", "reason": ""}
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "Choose where to transfer the orders." in html
    assert "A transfer needs a reason." in html
    assert ServiceOrder.objects.get(pk=order.pk).status == OrderStatus.SUBMITTED

    response = client.post(
        _en("orders:bulk"),
        {
            "action": "transfer",
            "orders": [order.tracking_no],
            "target": f"institution:{network.wuhou_legal_aid.pk}",
            "reason": "申请人符合法律援助条件，转法律援助中心办理。",
        },
        follow=True,
    )
    assert response.context["bulk_results"]["succeeded"] == 1
    order.refresh_from_db()
    assert order.status == OrderStatus.TRANSFERRED
    assert order.assigned_institution_id == network.wuhou_legal_aid.pk


def test_citizens_and_visitors_do_not_get_the_workbench(client, citizen):
    response = client.get(_en("orders:workbench"))
    assert response.status_code == 302 and "login" in response["Location"]
    client.force_login(citizen)
    assert client.get(_en("orders:workbench")).status_code == 403


def test_the_queue_lists_open_orders_by_default_and_finished_ones_on_request(client, wuhou_clerk, submit):
    from fawang.orders.services import order_accept, order_resolve, order_start

    waiting = submit()
    resolved = submit()
    order_accept(actor=wuhou_clerk, order=resolved)
    order_start(actor=wuhou_clerk, order=resolved)
    order_resolve(actor=wuhou_clerk, order=resolved, resolution="已电话解答。")
    closed = submit()
    ServiceOrder.objects.filter(pk=closed.pk).update(status=OrderStatus.CLOSED)
    client.force_login(wuhou_clerk)
    url = reverse("orders:workbench")

    response = client.get(url)
    assert _tracking_numbers(response) == {waiting.tracking_no}
    assert response.context["form"]["status"].value() in ("", None)
    assert "未办结的（待办）" in response.content.decode()  # the filter says what is shown

    finished = client.get(url, {"status": "finished"})
    assert _tracking_numbers(finished) == {resolved.tracking_no, closed.tracking_no}
    html = finished.content.decode()
    # No select box (and no bulk bar) where no bulk action applies.
    assert 'name="orders"' not in html and "bulk-actions" not in html

    assert _tracking_numbers(client.get(url, {"status": "all"})) == {
        waiting.tracking_no,
        resolved.tracking_no,
        closed.tracking_no,
    }
    # A search finds an order whatever its status.
    assert _tracking_numbers(client.post(url, {"q": closed.tracking_no}, follow=True)) == {closed.tracking_no}


def test_only_orders_a_bulk_action_applies_to_get_a_select_box(client, wuhou_clerk, submit):
    from fawang.orders.services import order_accept, order_start

    new = submit()
    in_progress = submit()
    order_accept(actor=wuhou_clerk, order=in_progress)
    order_start(actor=wuhou_clerk, order=in_progress)
    client.force_login(wuhou_clerk)
    html = client.get(reverse("orders:workbench")).content.decode()
    assert f'value="{new.tracking_no}"' in html  # can be accepted or transferred
    in_progress_may_transfer = 'id="pick-' + in_progress.tracking_no in html
    from fawang.orders.views import allowed_actions

    assert in_progress_may_transfer == bool(
        {"accept", "transfer"} & set(allowed_actions(wuhou_clerk, in_progress))
    )
