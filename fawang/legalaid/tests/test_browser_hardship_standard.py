"""The hardship standard page in Debian's Chromium, checked with axe-core by the root conftest's audited
browser (a serious or critical violation fails the test): provincial staff enter a version that
overlaps the one in force and are told which field and why (the banner takes the focus), then enter
the next version from the day after the old one ends, citing its source, and see it listed
(法律援助法第三十四条)."""

from __future__ import annotations

import datetime as dt

import pytest

from fawang.legalaid.models import HardshipStandard
from fawang.legalaid.services import hardship_standard_create
from fawang.regions.models import Region
from fawang.ui.tests.axe_audit import RECORDER
from fawang.web.tests.test_browser_a11y import window

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_provincial_staff_enter_the_next_hardship_standard_on_the_page(
    live_server, browser, staff_pages, provincial_admin
):
    hardship_standard_create(
        actor=None,
        region=Region.objects.get(code="510100"),
        monthly_income_fen=200_000,
        effective_from=dt.date(2026, 1, 1),
        effective_to=dt.date(2026, 12, 31),
        source="川府函〔2025〕1号",
    )
    with window(browser) as page:
        staff_pages.sign_in(page, "province_admin", "/legal-aid/standards/hardship/")
        rows = page.get_by_test_id("hardship-standards")
        assert "川府函〔2025〕1号" in rows.locator("tr[data-region='510100']").inner_text()

        page.get_by_label("市州").select_option("510100")
        page.get_by_label("家庭成员人均月收入上限（元）").fill("2300")
        page.get_by_label("生效日期").fill("2026-07-01")
        page.get_by_label("依据文件").fill("川府函〔2026〕88号")
        page.locator("button[data-action=hardship-standard]").click()
        assert "与自2026-01-01起施行的版本重叠：同一日期只能有一个版本。" in staff_pages.banner(page)
        assert page.locator("#id_effective_from").get_attribute("aria-invalid") == "true"
        assert HardshipStandard.objects.count() == 1

        page.get_by_label("生效日期").fill("2027-01-01")
        page.locator("button[data-action=hardship-standard]").click()
        staff_pages.saved(page)
        listed = page.get_by_test_id("hardship-standards").locator("tr[data-region='510100']")
        assert listed.count() == 2
        assert "2,300.00" in listed.first.inner_text() and "川府函〔2026〕88号" in listed.first.inner_text()
    assert any(url.endswith("/legal-aid/standards/hardship/") for url in RECORDER.checked_urls)
    new = HardshipStandard.objects.get(effective_from=dt.date(2027, 1, 1))
    assert (new.monthly_income_fen, new.effective_to, new.source) == (230_000, None, "川府函〔2026〕88号")
