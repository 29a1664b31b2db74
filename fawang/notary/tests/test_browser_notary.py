"""Issue 12's "done when" for notary, in Debian's Chromium with axe-core on every page (the root
conftest's audited browser): a citizen on a phone books a time and applies; the office accepts; the
citizen pays (the local backend, said so on the page); the notary reviews and issues; the citizen
downloads the certificate and verifies it on the public page, whose hash is the download's."""

from __future__ import annotations

import hashlib
import re
from urllib.parse import unquote

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


def _act(page, action: str) -> None:
    page.locator(f"button[data-action={action}]").click()
    page.locator(".messages .message.success").first.wait_for()


def test_a_citizen_books_applies_pays_and_verifies_the_certificate(live_server, browser, notary, tmp_path):
    base = live_server.url
    with window(browser, phone=True) as citizen, window(browser) as desk:
        # 1. The citizen reads the matters list, books a time and applies for a Tibetan-Chinese certificate.
        citizen_sign_in(citizen, base, notary.citizen.phone)
        citizen.goto(f"{base}/notary/")
        citizen.locator("tr[data-matter=marital_status] a").click()
        assert citizen.get_by_test_id("mode").get_attribute("data-mode") == "one_visit"
        citizen.get_by_test_id("apply-link").click()
        form = citizen.get_by_test_id("apply-form")
        form.locator("select[name=office]").select_option(str(notary.office.pk))
        form.locator("select[name=slot]").select_option(str(notary.slots[0].pk))
        form.locator("select[name=region]").select_option("510107")
        form.locator("select[name=second_language]").select_option("bo")
        form.locator("input[name=purpose]").fill("出国探亲")
        form.locator("textarea[name=description]").fill("申请办理未婚公证，用于出国探亲。")
        form.locator("button[type=submit]").click()
        citizen.get_by_test_id("stage").wait_for()
        tracking_no = re.search(r"/notary/applications/([^/]+)/", citizen.url).group(1)
        assert citizen.get_by_test_id("slot").is_visible()
        assert citizen.evaluate("document.documentElement.scrollWidth") <= 360

        # 2. The office accepts it on the order page (its panel shows the matter and the fee).
        _staff_sign_in(desk, base, notary.clerk.username, f"/work/orders/{tracking_no}/")
        assert "婚姻状况公证" in desk.get_by_test_id("notary-panel").inner_text()
        _act(desk, "accept")

        # 3. The citizen pays: the page says the payment is a local record.
        citizen.goto(f"{base}/notary/applications/{tracking_no}/")
        assert "本地记录" in citizen.get_by_test_id("local-payment").inner_text()
        citizen.get_by_test_id("pay-form").locator("button").click()
        citizen.locator(".messages .message.success").first.wait_for()
        assert citizen.get_by_test_id("stage").get_attribute("data-stage") == "paid"
        assert citizen.locator("table[data-testid=payments] tr[data-kind=charge]").count() == 1

        # 4. The notary reviews and issues the certificate.
        desk.goto(f"{base}/work/orders/{tracking_no}/")
        _act(desk, "notary_review")
        _act(desk, "notary_issue")
        number = desk.get_by_test_id("panel-certificate").inner_text().strip()

        # 5. The citizen downloads it and verifies it on the public page, without signing in.
        citizen.goto(f"{base}/notary/applications/{tracking_no}/")
        with citizen.expect_download() as caught:
            citizen.get_by_test_id("download").click()
        saved = tmp_path / "certificate.pdf"
        caught.value.save_as(saved)
        digest = hashlib.sha256(saved.read_bytes()).hexdigest()

    with window(browser, phone=True) as anyone:
        anyone.goto(f"{base}/notary/verify/{number}/")
        result = anyone.get_by_test_id("verify-result")
        assert result.get_attribute("data-valid") == "1"
        assert anyone.get_by_test_id("sha256").inner_text().strip() == digest
        assert anyone.get_by_test_id("log-index").inner_text().strip()

    # The browser reports addresses percent-encoded (the number is Chinese: （2026）川成武民证字第1号).
    checked = {unquote(re.sub(r"\?.*$", "", url.removeprefix(base))) for url in RECORDER.checked_urls}
    for path in (
        "/notary/",
        "/notary/matters/marital_status/",
        "/notary/matters/marital_status/apply/",
        f"/notary/applications/{tracking_no}/",
        f"/work/orders/{tracking_no}/",
        f"/notary/verify/{number}/",
    ):
        assert path in checked, (path, sorted(checked))
