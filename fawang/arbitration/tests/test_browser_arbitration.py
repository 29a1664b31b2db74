"""Issue 14's first "done when", its arbitration half (mediation is not yet in this branch), in Debian's
Chromium with axe-core on every page (the root conftest's audited browser): a villager on a 360 px phone
files for arbitration (first without the arbitration agreement: refused, naming the field); the
commission accepts on the order page, forms the tribunal, schedules a video hearing and makes the award;
the villager sees the hearing and downloads the award, whose SHA-256 is the one in the evidence log."""

from __future__ import annotations

import hashlib
import re

import pytest

from fawang.ui.tests.axe_audit import RECORDER
from fawang.web.tests.test_browser_a11y import citizen_sign_in, window

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "correct horse battery"


def _staff_sign_in(page, base: str, username: str, next_path: str) -> None:
    page.goto(f"{base}/login/?next={next_path}")
    page.locator("input[name=username]").fill(username)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("form.form button[type=submit]").click()
    page.locator('nav[data-nav="staff"]').wait_for()


def _submit(page, testid: str) -> None:
    page.get_by_test_id(testid).locator("button[type=submit]").click()
    page.locator(".messages .message.success").first.wait_for()


def test_a_villager_files_and_downloads_an_award_that_verifies_against_the_log(
    live_server, browser, arb, tmp_path
):
    from fawang.ledger.selectors import entry

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
        _staff_sign_in(desk, base, arb.secretary.username, f"/work/orders/{tracking_no}/")
        assert "成都仲裁委员会" in desk.get_by_test_id("arbitration-panel").inner_text()
        desk.locator("button[data-action=accept]").click()
        desk.locator(".messages .message.success").first.wait_for()

        # 3. It forms the tribunal (appointed by the chair), schedules a video hearing, makes the award.
        desk.goto(f"{base}/arbitration/cases/{tracking_no}/manage/")
        tribunal = desk.get_by_test_id("tribunal-form")
        tribunal.locator("select[name=tribunal-mode]").select_option("sole")
        tribunal.locator("input[name=tribunal-first]").fill(str(arb.arbitrators[0].pk))
        tribunal.locator("select[name=tribunal-first_chosen_by]").select_option("chair")
        _submit(desk, "tribunal-form")
        hearing = desk.get_by_test_id("hearing-form")
        hearing.locator("input[name=hearing-starts_at]").fill("2027-03-03 09:30")
        hearing.locator("select[name=hearing-kind]").select_option("video")
        _submit(desk, "hearing-form")
        desk.get_by_test_id("award-form").locator("textarea").fill(
            "一、被申请人向申请人支付货款人民币八万元；二、仲裁费由被申请人承担。"
        )
        _submit(desk, "award-form")
        assert desk.get_by_test_id("stage").get_attribute("data-stage") == "awarded"

        # 4. The villager sees the hearing and downloads the award; its hash is the log's.
        villager.goto(f"{base}/arbitration/cases/{tracking_no}/")
        assert "2027-03-03 09:30" in villager.get_by_test_id("hearings").inner_text()
        with villager.expect_download() as caught:
            villager.get_by_test_id("download-award").click()
        saved = tmp_path / "award.pdf"
        caught.value.save_as(saved)
        digest = hashlib.sha256(saved.read_bytes()).hexdigest()
        assert villager.get_by_test_id("sha256").first.inner_text().strip() == digest
        index = int(villager.get_by_test_id("log-index").first.inner_text().strip())
        assert digest.encode() in bytes(entry(index).body)
        assert villager.evaluate("document.documentElement.scrollWidth") <= 360

    checked = {re.sub(r"\?.*$", "", url.removeprefix(base)) for url in RECORDER.checked_urls}
    for path in (
        "/arbitration/file/",
        f"/arbitration/cases/{tracking_no}/",
        f"/work/orders/{tracking_no}/",
        f"/arbitration/cases/{tracking_no}/manage/",
    ):
        assert path in checked, (path, sorted(checked))
