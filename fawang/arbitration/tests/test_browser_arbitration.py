"""Issue 14's first "done when", its arbitration half (mediation is not yet in this branch), in Debian's
Chromium with axe-core on every page (the root conftest's audited browser): a villager on a 360 px phone
files for arbitration (first without the arbitration agreement: refused, naming the field); the
commission accepts on the order page, forms the tribunal, schedules a video hearing and makes the award;
the villager sees the hearing and downloads the award, whose SHA-256 is the one in the evidence log."""

from __future__ import annotations

import re

import pytest

from fawang.ui.tests.axe_audit import RECORDER
from fawang.web.tests.test_browser_a11y import citizen_sign_in, window

from .browser_steps import award_downloaded_and_verified, staff_sign_in, tribunal_hearing_award

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_villager_files_and_downloads_an_award_that_verifies_against_the_log(
    live_server, browser, arb, tmp_path
):
    base = live_server.url
    with window(browser, phone=True) as villager, window(browser) as desk:
        # 1. The villager files on the phone; without the agreement the form names that field.
        citizen_sign_in(villager, base, arb.citizen.phone)
        villager.goto(f"{base}/arbitration/file/")
        form = villager.get_by_test_id("file-form")
        form.locator("select[name=s-region]").select_option("510107")
        form.locator("textarea[name=s-description]").fill("对方拖欠货款八万元，申请仲裁。")
        form.locator("select[name=d-commission]").select_option(str(arb.commission.pk))
        form.locator("input[name=d-respondent]").fill("成都某商贸有限公司")
        form.locator("input[name=d-claim_amount_fen]").fill("8000000")
        form.locator("button[type=submit]").click()
        assert "第三十三条" in villager.get_by_test_id("file-form").inner_text()
        villager.get_by_test_id("file-form").locator("textarea[name=d-agreement]").fill(
            "因本合同引起的争议，提交成都仲裁委员会仲裁。"
        )
        villager.get_by_test_id("file-form").locator("button[type=submit]").click()
        villager.get_by_test_id("stage").wait_for()
        tracking_no = re.search(r"/arbitration/cases/([^/]+)/", villager.url).group(1)
        assert villager.evaluate("document.documentElement.scrollWidth") <= 360

        # 2. The commission accepts it on the order page, within the five days of art. 35.
        staff_sign_in(desk, base, arb.secretary.username, f"/work/orders/{tracking_no}/")
        assert "成都仲裁委员会" in desk.get_by_test_id("arbitration-panel").inner_text()
        desk.locator("button[data-action=accept]").click()
        desk.locator(".messages .message.success").first.wait_for()

        # 3. It forms the tribunal (appointed by the chair), schedules a video hearing, makes the award.
        desk.goto(f"{base}/arbitration/cases/{tracking_no}/manage/")
        tribunal_hearing_award(desk, arb.arbitrators[0].pk)
        assert desk.get_by_test_id("stage").get_attribute("data-stage") == "awarded"

        # 4. The villager sees the hearing and downloads the award; its hash is the log's.
        # ... and checks it on the public verification page its QR code links.
        award_downloaded_and_verified(villager, base, tracking_no, tmp_path)

    checked = {re.sub(r"\?.*$", "", url.removeprefix(base)) for url in RECORDER.checked_urls}
    for path in (
        "/arbitration/file/",
        f"/arbitration/cases/{tracking_no}/",
        f"/work/orders/{tracking_no}/",
        f"/arbitration/cases/{tracking_no}/manage/",
    ):
        assert path in checked, (path, sorted(checked))
