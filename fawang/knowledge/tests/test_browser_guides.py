"""Staff guides in Debian's Chromium (every page checked with axe-core by the root conftest's audited
browser): a reviewer writes a guide citing an article and sends it for review on a phone-width screen;
the provincial administrator approves it; it is then a published guide found by the knowledge search,
which the staff navigation links."""

from __future__ import annotations

import pytest

from fawang.accounts.tests.factories import StaffFactory
from fawang.knowledge.models import Guide

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "correct horse battery"  # StaffFactory's


def _sign_in(page, base: str, username: str, next_path: str) -> None:
    page.goto(f"{base}/login/?next={next_path}")
    page.locator("input[name=username]").fill(username)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("form.form button[type=submit]").click()


def test_a_guide_is_written_reviewed_and_found(live_server, phone_page, desk_page, statutes, sichuan):
    StaffFactory(username="writer", roles=["answer_reviewer"], jurisdiction_region_id="510000")
    StaffFactory(username="admin_sc", roles=["provincial_admin"], jurisdiction_region_id="510000")
    base = live_server.url
    _sign_in(phone_page, base, "writer", "/knowledge/guides/")
    phone_page.get_by_test_id("guide-new").click()
    form = phone_page.get_by_test_id("guide-form")
    form.locator("input[name=title]").fill("接听欠薪来电的要点")
    form.locator("textarea[name=body]").fill("先问清用工单位和拖欠月数，告知可以申请劳动仲裁或法律援助。")
    form.locator("textarea[name=references]").fill("劳动合同法第九千条")
    form.locator("button[value=save]").click()
    assert "劳动合同法第九千条" in phone_page.get_by_test_id("guide-form").inner_text()  # named in the error
    phone_page.get_by_test_id("guide-form").locator("textarea[name=references]").fill("劳动合同法第三十条")
    phone_page.get_by_test_id("guide-form").locator("button[value=save]").click()
    phone_page.get_by_test_id("guide-submit").click()
    assert phone_page.get_by_test_id("guide-state").locator("[data-status]").get_attribute("data-status") == (
        "in_review"
    )
    assert phone_page.evaluate("document.documentElement.scrollWidth") <= 360

    _sign_in(desk_page, base, "admin_sc", "/knowledge/guides/")
    desk_page.locator("[data-testid=guides] a").first.click()
    desk_page.get_by_test_id("guide-review").locator("button[value=approve]").click()
    assert Guide.objects.get().status == "published"
    desk_page.get_by_role("navigation").first.get_by_role("link", name="知识库检索").click()
    desk_page.locator("input[name=q]").fill("欠薪来电 用工单位")
    desk_page.locator("select[name=type]").select_option("guide")
    desk_page.get_by_role("button", name="搜索").last.click()
    assert "接听欠薪来电的要点" in desk_page.get_by_test_id("results").inner_text()
