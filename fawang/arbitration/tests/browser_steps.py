"""Steps the arbitration browser tests share: signing staff in, submitting a manage-page form, the
commission's tribunal → video hearing → award, and a party downloading the award and checking its
hash against the evidence log and the public verification page."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

PASSWORD = "correct horse battery"
HEARING_AT = "2027-03-03 09:30"  # a Wednesday
AWARD_TEXT = "一、被申请人向申请人支付货款人民币八万元；二、仲裁费由被申请人承担。"


def staff_sign_in(page: Any, base: str, username: str, next_path: str) -> None:
    page.goto(f"{base}/login/?next={next_path}")
    page.locator("input[name=username]").fill(username)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("form.form button[type=submit]").click()
    page.locator('nav[data-nav="staff"]').wait_for()


def submit(page: Any, testid: str) -> None:
    page.get_by_test_id(testid).locator("button[type=submit]").click()
    page.locator(".messages .message.success").first.wait_for()


def tribunal_hearing_award(page: Any, arbitrator_id: int) -> None:
    """On the manage page: a sole arbitrator appointed by the chair, a video hearing, the award."""
    tribunal = page.get_by_test_id("tribunal-form")
    tribunal.locator("select[name=tribunal-mode]").select_option("sole")
    tribunal.locator("input[name=tribunal-first]").fill(str(arbitrator_id))
    tribunal.locator("select[name=tribunal-first_chosen_by]").select_option("chair")
    submit(page, "tribunal-form")
    hearing = page.get_by_test_id("hearing-form")
    hearing.locator("input[name=hearing-starts_at]").fill(HEARING_AT)
    hearing.locator("select[name=hearing-kind]").select_option("video")
    submit(page, "hearing-form")
    page.get_by_test_id("award-form").locator("textarea").fill(AWARD_TEXT)
    submit(page, "award-form")


def award_downloaded_and_verified(page: Any, base: str, tracking_no: str, tmp_path: Path) -> str:
    """The party sees the hearing, downloads the award; its SHA-256 is the one the case page shows,
    the evidence log holds, and the public verification page (the PDF's QR code) shows."""
    from fawang.ledger.selectors import entry

    page.goto(f"{base}/arbitration/cases/{tracking_no}/")
    assert HEARING_AT in page.get_by_test_id("hearings").inner_text()
    with page.expect_download() as caught:
        page.get_by_test_id("download-award").click()
    saved = tmp_path / "award.pdf"
    caught.value.save_as(saved)
    digest = hashlib.sha256(saved.read_bytes()).hexdigest()
    assert page.get_by_test_id("sha256").first.inner_text().strip() == digest
    index = int(page.get_by_test_id("log-index").first.inner_text().strip())
    assert digest.encode() in bytes(entry(index).body)
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    page.get_by_test_id("verify-award").click()
    page.get_by_test_id("verify-result").wait_for()
    assert page.get_by_test_id("sha256").inner_text().strip() == digest
    return digest
