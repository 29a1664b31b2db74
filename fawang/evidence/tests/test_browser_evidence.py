"""Evidence preservation in Debian's Chromium (axe-checked on every page): a citizen signs in, preserves
a file, downloads its receipt; then, signed out like anyone, checks the receipt and the original on the
public verification page, and sees a changed copy refused with the reason."""

from __future__ import annotations

from pathlib import Path

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = "13800000001"
CONTRACT = "借款合同 第三条 还款期限：2026年12月31日\n".encode() * 200


def _sign_in(page, base: str) -> None:
    page.goto(f"{base}/login/citizen/")
    page.locator("input[name=phone]").fill(PHONE)
    page.locator("main form button[type=submit]").click()
    code = page.get_by_test_id("demo-code").inner_text().strip()[-6:]
    page.locator("input[name=code]").fill(code)
    page.locator("main form button[type=submit]").click()
    page.locator('nav a[data-nav-key="evidence"]').wait_for()


def test_preserve_a_file_download_its_receipt_and_verify_it_publicly(live_server, page, sichuan, tmp_path):
    base = live_server.url
    _sign_in(page, base)

    # 1. Preserve a file from "my preserved files".
    page.locator('nav a[data-nav-key="evidence"]').click()
    assert "您还没有存证任何文件" in page.locator("main").inner_text()
    page.locator("input[name=file]").set_input_files(
        files=[{"name": "借款合同.txt", "mimeType": "text/plain", "buffer": CONTRACT}]
    )
    page.locator("[data-testid=preserve-form] button[type=submit]").click()
    page.get_by_test_id("just-preserved").wait_for()
    card = page.locator("[data-testid=preserved-files] li").first
    assert "借款合同.txt" in card.inner_text()

    # 2. Download its receipt (.tlog-proof).
    with page.expect_download() as info:
        card.locator("a[data-action=receipt]").click()
    receipt = Path(tmp_path / info.value.suggested_filename)
    info.value.save_as(receipt)
    assert receipt.read_text().startswith("c2sp.org/tlog-proof@v1\n")
    assert "借款合同" not in receipt.read_text()  # the public log never holds the file's name

    # 3. Sign out; anyone checks the receipt with the original on the public page.
    page.context.clear_cookies()
    page.goto(f"{base}/evidence/verify/")
    page.locator("input[name=receipt]").set_input_files(str(receipt))
    page.locator("input[name=original]").set_input_files(
        files=[{"name": "contract.txt", "mimeType": "text/plain", "buffer": CONTRACT}]
    )
    page.locator("[data-testid=verify-form] button[type=submit]").click()
    result = page.get_by_test_id("verify-result")
    assert result.get_attribute("data-ok") == "true"
    assert "回执验证通过" in result.inner_text()
    assert page.get_by_test_id("original-matches").is_visible()

    # 4. A copy with one changed byte is refused, with the reason.
    changed = bytearray(CONTRACT)
    changed[10] ^= 0x01
    page.locator("input[name=receipt]").set_input_files(str(receipt))
    page.locator("input[name=original]").set_input_files(
        files=[{"name": "contract.txt", "mimeType": "text/plain", "buffer": bytes(changed)}]
    )
    page.locator("[data-testid=verify-form] button[type=submit]").click()
    result = page.get_by_test_id("verify-result")
    assert result.get_attribute("data-ok") == "false"
    assert "它不是存证的那个文件" in result.inner_text()
