"""A citizen on a phone checks, without an account, whether they qualify for legal aid, in Debian's
Chromium (every page checked with axe-core by the root conftest's audited browser): a wrong figure is
named beside its field, the result lists each criterion with the value and the threshold, the
materials to bring, and the link to apply opens the application with legal aid chosen."""

from __future__ import annotations

import datetime as dt

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def chengdu_standard(sichuan):
    from fawang.legalaid.services import hardship_standard_create
    from fawang.regions.models import Region

    hardship_standard_create(
        actor=None,
        region=Region.objects.get(code="510100"),
        monthly_income_fen=200_000,
        effective_from=dt.date(2026, 1, 1),
        effective_to=None,
        source="DEMO",
        is_demo=True,
    )


def test_a_citizen_checks_then_applies_for_legal_aid(live_server, phone_page, legal_aid, chengdu_standard):
    base, page = live_server.url, phone_page
    page.goto(f"{base}/legal-aid/check/")
    page.get_by_label("您居住的区县").select_option("510107")
    page.get_by_label("申请事项", exact=True).select_option("maintenance")
    page.get_by_label("家庭人口").fill("0")
    page.get_by_label("家庭月收入（元）").fill("-1")
    page.get_by_role("button", name="查询").click()

    # Each wrong figure is named with its rule, and no result is shown from it.
    errors = page.locator("[data-error-summary]")
    assert "家庭人口至少为一人。" in errors.inner_text()
    assert "不能为负数。" in errors.inner_text()
    assert page.locator("[data-testid=check-result]").count() == 0

    page.get_by_label("家庭人口").fill("2")
    page.get_by_label("家庭月收入（元）").fill("3000")
    page.get_by_role("button", name="查询").click()

    result = page.locator("[data-testid=check-result]")
    assert result.locator("[data-testid=outcome]").get_attribute("data-outcome") == "eligible"
    hardship = result.locator("tr[data-criterion=hardship]")
    assert hardship.get_attribute("data-result") == "pass"
    assert "1,500.00 元" in hardship.inner_text() and "2,000.00 元" in hardship.inner_text()
    assert "申请人的居民身份证或户口簿" in result.locator("[data-testid=materials]").inner_text()

    result.locator("[data-testid=apply-legal-aid]").click()
    page.wait_for_url(f"**/apply/?item={legal_aid.code}")
    assert page.locator("select[name=service_item]").input_value() == legal_aid.code


def test_a_clerk_overrides_the_eligibility_result_on_the_order_page(
    live_server, desk_page, apply, wuhou_clerk, chengdu_standard
):
    """The legal aid panel of the order page (axe-checked with its override form): a short reason is
    refused naming the field and the rule; a written one is listed under the engine's result."""
    order = apply({"household_size": 1, "monthly_income": "90000"})
    base, page = live_server.url, desk_page
    page.goto(f"{base}/login/?next=/work/orders/{order.tracking_no}/")
    page.locator("input[name=username]").fill(wuhou_clerk.username)
    page.locator("input[name=password]").fill("correct horse battery")
    page.locator("form.form button[type=submit]").click()
    panel = page.locator("[data-testid=legal-aid-panel]")
    panel.wait_for()

    form = panel.locator("[data-testid=eligibility-override-form]")
    form.get_by_label("符合条件", exact=True).check()
    form.get_by_label("变更理由").fill("可以")
    form.get_by_role("button", name="变更援助条件审查结果").click()
    assert "变更理由：至少填写 20 个字。" in page.locator("ul.messages").inner_text()

    reason = "申请人提交了低保证明原件，属于第四十二条免予核查经济困难状况的情形。"
    form = page.locator("[data-testid=eligibility-override-form]")
    form.get_by_label("符合条件", exact=True).check()
    form.get_by_label("变更理由").fill(reason)
    form.get_by_role("button", name="变更援助条件审查结果").click()
    overrides = page.locator("[data-testid=eligibility-overrides]")
    assert reason in overrides.inner_text()
    # The engine's own result stays beside the override, criterion by criterion.
    assert page.locator("[data-testid=eligibility-engine]").count() == 1
    hardship = page.locator("[data-testid=eligibility-criteria] tr[data-criterion=hardship]")
    assert hardship.count() == 1
    # The fixture's Chengdu standard is found through the live server (Sichuan's date, test_local_date):
    # 90,000 yuan for one person is above 2,000 a head.
    assert hardship.get_attribute("data-result") == "fail"
