"""The subsidy, funds and report pages in Chromium, checked by axe-core on every page (the root
conftest's audited browser): a provincial administrator approves a subsidy and is refused its
payment (four eyes); a second one pays it, reads the balanced ledger, sends the standard form with
errors (the banner takes the focus) and opens the report with its charts."""

from __future__ import annotations

import pytest

from fawang.accounts.enums import Role
from fawang.accounts.tests.factories import StaffFactory
from fawang.legalaid import subsidies
from fawang.web.tests.test_browser_a11y import (
    DEMO_PASSWORD,
    assert_banner_has_focus,
    staff_sign_in,
    visit,
    window,
)

from .subsidy_world import finished_case, funded_source

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_subsidy_is_approved_and_paid_and_the_ledger_balances_in_the_browser(
    live_server, browser, apply, wuhou_clerk, network
):
    subsidies.subsidy_standards_load_demo()
    admin = StaffFactory(
        username="province-funds", jurisdiction_region_id="510000", roles=[Role.PROVINCIAL_ADMIN]
    )
    admin.set_password(DEMO_PASSWORD)
    admin.save()
    cashier = StaffFactory(
        username="province-cashier", jurisdiction_region_id="510000", roles=[Role.PROVINCIAL_ADMIN]
    )
    cashier.set_password(DEMO_PASSWORD)
    cashier.save()
    source = funded_source(admin, network.wuhou_legal_aid)
    subsidy = subsidies.subsidy_compute(
        actor=wuhou_clerk, order=finished_case(apply, wuhou_clerk), stage="first_instance"
    )
    base = live_server.url

    with window(browser) as page:
        staff_sign_in(page, base, "province-funds", "/legal-aid/subsidies/")
        visit(page, f"{base}/legal-aid/subsidies/")
        page.locator(f"[data-subsidy='{subsidy.pk}'] a").click()
        page.get_by_test_id("subsidy-status").wait_for()
        page.locator("select[name=approve-fund_source]").select_option(str(source.pk))
        page.locator("button[data-action=approve]").click()
        page.locator("button[data-action=pay]").wait_for()
        # Four eyes: the approver may not record the payment; the banner says why and takes the focus.
        page.locator("button[data-action=pay]").click()
        assert_banner_has_focus(page)
        assert "四眼原则" in page.locator("[data-error-summary]").inner_text()

    with window(browser) as page:
        staff_sign_in(page, base, "province-cashier", f"/legal-aid/subsidies/{subsidy.pk}/")
        page.locator("button[data-action=pay]").click()
        page.locator("button[data-action=pay]").wait_for(state="detached")
        assert page.get_by_test_id("subsidy-status").inner_text() == str(subsidies.SubsidyStatus.PAID.label)

        visit(page, f"{base}/legal-aid/funds/")
        visit(page, f"{base}/legal-aid/funds/ledger/?centre={network.wuhou_legal_aid.pk}")
        assert (
            page.get_by_test_id("total-debits").inner_text()
            == page.get_by_test_id("total-credits").inner_text()
        )

        visit(page, f"{base}/legal-aid/subsidies/standard/")
        page.locator("button[data-action=standard]").click()
        assert_banner_has_focus(page)

        visit(page, f"{base}/legal-aid/reports/")
        page.get_by_test_id("chart-trend").wait_for()
