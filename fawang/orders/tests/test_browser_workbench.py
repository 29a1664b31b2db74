"""The staff queue in Debian's Chromium (issue 8, item 6): on a 360 px phone it never scrolls sideways
and 25 orders are compact cards, not a 10,000 px column of label/value pairs; on a 1366 px desktop a
tracking number stays on one line."""

from __future__ import annotations

import pytest

from fawang.orders.enums import Channel

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

QUEUE_ORDERS = 25  # one page of the queue (views.PAGE_SIZE)
# A card is three short lines: 25 of them with the shell, the filters and the bulk bar measured 2,629 px
# (the table's label/value rows were 10,600 px).
PHONE_PAGE_HEIGHT_MAX = 2700


@pytest.fixture
def full_queue(submit, wuhou_clerk, network):
    """One page of Wuhou orders with long names, and a transfer target whose long name widens the bulk
    bar's select (a select is as wide as its longest option)."""
    from fawang.orders.tests.factories import ServicePointFactory

    ServicePointFactory(
        name="成都市武侯区浆洗街街道公共法律服务工作站（人民调解委员会、法律援助联络点）",
        region_id="510107001",
        items=[network.consult],
    )
    for n in range(QUEUE_ORDERS):
        submit(
            channel=Channel.WINDOW if n % 2 else Channel.WEB,
            applicant_name="欧阳娜娜" if n % 3 else "",
            applicant_phone=f"1380013{n:04d}",
            description="房东不退押金，想咨询怎么办。" * 3,
        )


def _sign_in(page, base_url: str) -> None:
    page.goto(base_url + "/login/")
    page.get_by_label("用户名").fill("wuhou_clerk")
    page.get_by_label("密码").fill("correct horse battery")
    page.get_by_role("button", name="登录").click()
    page.locator('nav[data-nav="staff"]').wait_for()


def _open_queue(browser, base_url: str, width: int, height: int):
    context = browser.new_context(viewport={"width": width, "height": height}, locale="zh-CN")
    context.set_default_timeout(10_000)
    page = context.new_page()
    _sign_in(page, base_url)
    page.goto(base_url + "/work/")
    page.get_by_test_id("queue").wait_for()
    return context, page


def _tracking_number_lines(page) -> list[dict]:
    """Each tracking number link's box height, line height and line boxes (an inline box that wraps
    has one client rect per line)."""
    return page.evaluate(
        """() => [...document.querySelectorAll('[data-testid=queue] a.tracking-no')].map(a => ({
            text: a.textContent,
            height: a.getBoundingClientRect().height,
            lineHeight: parseFloat(getComputedStyle(a).lineHeight),
            rects: a.getClientRects().length,
        }))"""
    )


def test_the_queue_on_a_360px_phone_is_compact_and_never_scrolls_sideways(live_server, browser, full_queue):
    context, page = _open_queue(browser, live_server.url, 360, 740)
    try:
        assert page.locator("[data-testid=queue] tbody tr").count() == QUEUE_ORDERS
        scroll_width = page.evaluate("document.documentElement.scrollWidth")
        assert scroll_width <= 360, f"the page is {scroll_width} px wide"
        for part in ("aside.card", "#bulk-form", "[data-testid=queue]"):
            right = page.evaluate(f"document.querySelector('{part}').getBoundingClientRect().right")
            assert right <= 360, f"{part} reaches {right} px"
        height = page.evaluate("document.documentElement.scrollHeight")
        assert height < PHONE_PAGE_HEIGHT_MAX, f"the queue page is {height} px tall"
        lines = _tracking_number_lines(page)
        assert len(lines) == QUEUE_ORDERS
        assert all(line["rects"] == 1 for line in lines), lines
    finally:
        context.close()


def test_tracking_numbers_stay_on_one_line_on_a_1366px_desktop(live_server, browser, full_queue):
    context, page = _open_queue(browser, live_server.url, 1366, 768)
    try:
        assert page.evaluate("document.documentElement.scrollWidth") <= 1366
        # The filters are not folded on the desk.
        assert page.get_by_label("状态").is_visible() and page.get_by_label("办理时限").is_visible()
        page.screenshot(path="/tmp/staff_desk.png")
        lines = _tracking_number_lines(page)
        assert len(lines) == QUEUE_ORDERS
        for line in lines:
            assert line["rects"] == 1, line
            assert line["height"] <= line["lineHeight"] + 1, line  # one line high
    finally:
        context.close()
