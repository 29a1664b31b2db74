"""THE loop of issue 3, in Debian's Chromium: a citizen applies on a 360 px phone, the Wuhou county clerk
accepts, starts and resolves the order on the workbench, the citizen tracks it with the tracking number
and phone and rates it 不满意 with a comment, and the Chengdu supervisor finds the review on the
supervision page. Every step goes through the real pages and forms; the database is only read to
confirm what the pages claim."""

from __future__ import annotations

import pytest

from fawang.feedback.models import Review
from fawang.orders.enums import EventKind, OrderStatus
from fawang.orders.models import ServiceOrder

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = "13912345678"
PASSWORD = "correct horse battery"  # the personas' password (fawang.accounts.tests.factories)
COMPLAINT = "答复太笼统，没有告诉我去哪里申请劳动仲裁。"


@pytest.fixture
def wuhou_network(sichuan):
    """Consultation handled by service points from county level up, offered by Wuhou's county centre."""
    from fawang.orders import routing
    from fawang.orders.tests.factories import RoutingRuleFactory, ServiceItemFactory, ServicePointFactory

    item = ServiceItemFactory(code="consult", name="法律咨询", name_en="Legal consultation", time_limit=5)
    RoutingRuleFactory(service_item=item, handler_kind="service_point", lowest_level="county")
    point = ServicePointFactory(name="武侯区公共法律服务中心", region_id="510107", items=[item])
    routing.invalidate_routing_index()  # the live server runs in this process: no stale network
    yield point
    routing.invalidate_routing_index()


def staff_sign_in(page, base_url: str, username: str, next_path: str) -> None:
    page.goto(f"{base_url}/login/?next={next_path}")
    page.locator("input[name=username]").fill(username)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("form.form button[type=submit]").click()
    page.locator('nav[data-nav="staff"]').wait_for()


def test_one_order_from_a_phone_to_the_supervisor(
    live_server, browser, phone_page, desk_page, wuhou_network, wuhou_clerk, chengdu_supervisor
):
    base = live_server.url

    # 1. The citizen applies on a phone, choosing the region with the cascading picker.
    phone = phone_page
    phone.goto(f"{base}/apply/")
    phone.locator("select[name=service_item]").select_option("consult")
    phone.locator("select[name=prefecture]").select_option("510100")
    phone.locator("select[name=county] option[value='510107']").wait_for(state="attached")
    phone.locator("select[name=county]").select_option("510107")
    phone.locator("select[name=township] option[value='510107001']").wait_for(state="attached")
    phone.locator("select[name=township]").select_option("510107001")
    phone.locator("textarea[name=description]").fill("公司拖欠我三个月工资，想咨询怎样维权。")
    phone.locator("input[name=applicant_name]").fill("陈明")
    phone.locator("input[name=applicant_phone]").fill(PHONE)
    phone.locator("button[name=action][value=submit]").click()
    tracking_no = phone.get_by_test_id("tracking-no").inner_text().strip()
    assert phone.evaluate("document.scrollingElement.scrollWidth") <= 360
    order = ServiceOrder.objects.get(tracking_no=tracking_no)
    assert order.assigned_point_id == wuhou_network.pk

    # 2. The Wuhou clerk finds it on the workbench, phone masked, and opens it.
    desk = desk_page
    staff_sign_in(desk, base, "wuhou_clerk", "/work/")
    row = desk.locator(f'[data-testid=queue] tr[data-tracking-no="{tracking_no}"]')
    row.wait_for()
    assert "139****5678" in row.inner_text()
    assert PHONE not in desk.content()
    row.get_by_role("link", name=tracking_no).click()
    assert desk.get_by_test_id("tracking-no").inner_text() == tracking_no
    assert "武侯区" in desk.get_by_test_id("routing-reason").inner_text()
    # Nothing but accepting, transferring or rejecting is offered on a new order.
    assert desk.locator("[data-testid=actions] button[data-action=resolve]").count() == 0

    # 3. Accept, start, resolve: each a form POST and a fresh page.
    desk.locator("button[data-action=accept]").click()
    desk.locator("button[data-action=start]").click()
    desk.locator("[data-action-toggle=resolve]").click()
    desk.locator("textarea[name=act-resolve-resolution]").fill(
        "已解答：可向劳动保障监察大队投诉，或向区劳动人事争议仲裁委员会申请仲裁。"
    )
    desk.locator("button[data-action=resolve]").click()
    desk.locator("[data-testid=order-status] .badge.status-resolved").wait_for()
    timeline_kinds = desk.locator("[data-testid=timeline] li").evaluate_all(
        "els => els.map(e => e.dataset.kind)"
    )
    for kind in (EventKind.SUBMITTED, EventKind.ACCEPTED, EventKind.STARTED, EventKind.RESOLVED):
        assert kind in timeline_kinds
    order.refresh_from_db()
    assert order.status == OrderStatus.RESOLVED and order.accepted_by_id == wuhou_clerk.pk

    # 4. The citizen tracks it (no login) and rates it 不满意 with a comment.
    phone.goto(f"{base}/track/")
    phone.locator("input[name=tracking_no]").fill(tracking_no)
    phone.locator("input[name=phone]").fill(PHONE)
    phone.locator("main form button[type=submit]").click()
    phone.get_by_test_id("evaluation").wait_for()
    phone.get_by_label("不满意", exact=True).check()
    phone.locator("[data-testid=evaluation] textarea[name=comment]").fill(COMPLAINT)
    phone.locator("[data-testid=evaluation] button[type=submit]").click()
    phone.locator(".messages .message.success").wait_for()
    review = Review.objects.get(order=order)
    assert review.evaluation.comment == COMPLAINT

    # 5. The Chengdu supervisor signs in on another desk and sees the review of the bad rating.
    context = browser.new_context(viewport={"width": 1280, "height": 800}, locale="zh-CN")
    try:
        supervisor = context.new_page()
        staff_sign_in(supervisor, base, "chengdu_supervisor", "/work/")
        supervisor.locator('nav[data-nav="staff"] a[data-nav-key="supervision"]').click()
        review_row = supervisor.locator(f'[data-testid=reviews] tr[data-tracking-no="{tracking_no}"]')
        review_row.wait_for()
        assert "不满意" in review_row.inner_text()
        assert COMPLAINT[:20] in review_row.inner_text()
        review_row.get_by_role("link", name=tracking_no).click()
        assert COMPLAINT in supervisor.get_by_test_id("review").inner_text()
    finally:
        context.close()
