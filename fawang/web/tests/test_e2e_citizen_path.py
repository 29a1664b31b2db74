"""The citizen's path of issue 8 in Debian's Chromium on a 360 px phone: sign in with the code the demo
page shows, apply with a PDF and a mistyped ID number, see the file kept while fixing the number, then
find the order under "my orders" and its notice under "my messages"."""

from __future__ import annotations

import pytest

from fawang.orders.models import ServiceOrder

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = "13800000000"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n" + b"x" * 3000


@pytest.fixture
def wuhou_consult(sichuan):
    from fawang.notify.sms import _backend_class
    from fawang.orders import routing
    from fawang.orders.tests.factories import RoutingRuleFactory, ServiceItemFactory, ServicePointFactory

    _backend_class.cache_clear()
    item = ServiceItemFactory(code="consult", name="法律咨询", name_en="Legal consultation", time_limit=5)
    RoutingRuleFactory(service_item=item, handler_kind="service_point", lowest_level="county")
    ServicePointFactory(name="武侯区公共法律服务中心", region_id="510107", items=[item])
    routing.invalidate_routing_index()
    yield item
    routing.invalidate_routing_index()


def test_citizen_signs_in_applies_with_a_file_and_follows_the_order(live_server, phone_page, wuhou_consult):
    base, page = live_server.url, phone_page

    # 1. Sign in with the phone and the code the demo page shows.
    page.goto(f"{base}/login/citizen/")
    page.locator("input[name=phone]").fill(PHONE)
    page.locator("main form button[type=submit]").click()
    notice = page.get_by_test_id("demo-code")
    assert "演示环境：短信未真正发送" in notice.inner_text()
    code = notice.inner_text().strip()[-6:]
    page.locator("input[name=code]").fill(code)
    page.locator("main form button[type=submit]").click()
    page.locator('nav a[data-nav-key="my_orders"]').wait_for()

    # 2. Apply with a PDF and a mistyped ID number: the error is shown and the file is kept.
    page.goto(f"{base}/apply/")
    assert "PDF、JPEG 或 PNG" in page.locator("#field-attachments").inner_text()  # limits before upload
    page.locator("select[name=service_item]").select_option("consult")
    page.locator("select[name=prefecture]").select_option("510100")
    page.locator("select[name=county] option[value='510107']").wait_for(state="attached")
    page.locator("select[name=county]").select_option("510107")
    page.locator("textarea[name=description]").fill("公司拖欠我三个月工资，想咨询怎样维权。")
    page.locator("input[name=applicant_id_number]").fill("510107199001011235")
    page.locator("input[name=attachments]").set_input_files(
        files=[{"name": "劳动合同.pdf", "mimeType": "application/pdf", "buffer": PDF}]
    )
    page.locator("button[name=action][value=submit]").click()
    page.locator("#field-applicant_id_number .field-error").wait_for()
    kept = page.get_by_test_id("kept-attachments")
    assert "劳动合同.pdf" in kept.inner_text() and "移除" in kept.inner_text()
    assert not ServiceOrder.objects.exists()

    # 3. Fix the number (leave it out) and send: the order carries the file.
    page.locator("input[name=applicant_id_number]").fill("")
    page.locator("button[name=action][value=submit]").click()
    tracking_no = page.get_by_test_id("tracking-no").inner_text().strip()
    order = ServiceOrder.objects.get(tracking_no=tracking_no)
    assert [a.original_name for a in order.attachments.all()] == ["劳动合同.pdf"]
    assert "离申请人最近" not in page.get_by_test_id("apply-done").inner_text()

    # 4. "My orders" lists it; its page shows the file; "my messages" has its notice.
    page.locator('nav a[data-nav-key="my_orders"]').click()
    card = page.locator(f'[data-testid=my-orders] li[data-tracking-no="{tracking_no}"]')
    assert "待受理" in card.inner_text()
    card.get_by_role("link", name=tracking_no).click()
    assert "劳动合同.pdf" in page.get_by_test_id("attachments").inner_text()
    page.locator('nav a[data-nav-key="messages"]').click()
    assert f"工单 {tracking_no}" in page.get_by_test_id("notices").inner_text()
    assert page.evaluate("document.scrollingElement.scrollWidth") <= 360
