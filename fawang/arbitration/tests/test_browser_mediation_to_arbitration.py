"""Issue 14's first "done when", whole, in Debian's Chromium with axe-core on every page (the root
conftest's audited browser): a villager on a 360 px phone registers a contract dispute with the village
mediation committee; the mediation fails and the committee moves it into arbitration with its file
(the engine's order_make, the disputes base's case-file copy); the commission accepts it, forms the
tribunal, books a hearing and makes the award; the villager, a party of the new case, sees the hearing
and downloads the award, whose SHA-256 is the one in the evidence log."""

from __future__ import annotations

import hashlib
import re

import pytest

from fawang.ui.tests.axe_audit import RECORDER
from fawang.web.tests.test_browser_a11y import citizen_sign_in, window

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "correct horse battery"
VILLAGER_ID = "510107198001010013"


def _staff_sign_in(page, base: str, username: str, next_path: str) -> None:
    page.goto(f"{base}/login/?next={next_path}")
    page.locator("input[name=username]").fill(username)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("form.form button[type=submit]").click()
    page.locator('nav[data-nav="staff"]').wait_for()


def _act(page, action: str, reason: str = "") -> None:
    if reason:
        page.locator(f"summary[data-action-toggle={action}]").click()
        page.locator(f"textarea[name=act-{action}-reason]").fill(reason)
    page.locator(f"button[data-action={action}]").click()
    page.locator(".messages .message.success").first.wait_for()


def _submit(page, testid: str) -> None:
    page.get_by_test_id(testid).locator("button[type=submit]").click()
    page.locator(".messages .message.success").first.wait_for()


@pytest.fixture
def committee(arb):
    from fawang.accounts.enums import Role
    from fawang.accounts.tests.factories import StaffFactory
    from fawang.accounts.tests.minimal_rows import institution
    from fawang.mediation.models import CommitteeProfile

    found = institution("510107", "簇桥街道七里村人民调解委员会", kind="mediation_committee")
    CommitteeProfile.objects.create(committee=found, type="village")
    clerk = StaffFactory(username="tiaojie", jurisdiction_institution=found, roles=[Role.INSTITUTION_STAFF])
    clerk.set_password(PASSWORD)
    clerk.save()
    return found


def test_a_villagers_failed_mediation_ends_in_an_award_that_verifies_against_the_log(
    live_server, browser, arb, committee, tmp_path
):
    from fawang.ledger.selectors import entry
    from fawang.mediation.models import Mediation
    from fawang.orders.models import ServiceOrder

    base = live_server.url
    with window(browser, phone=True) as villager, window(browser) as desk, window(browser) as commission:
        # 1. The villager registers a contract dispute with the village committee, on the phone.
        citizen_sign_in(villager, base, arb.citizen.phone)
        villager.goto(f"{base}/mediation/apply/?county=510107")
        form = villager.get_by_test_id("apply-form")
        form.locator("input[name=id_number]").fill(VILLAGER_ID)
        form.locator("select[name=committee]").select_option(str(committee.pk))
        form.locator("select[name=category]").select_option("contract")
        form.locator("input[name=respondent_name]").fill("李小河")
        form.locator("textarea[name=description]").fill("李小河买我家核桃两千斤，欠款八万元不付，请求调解。")
        form.locator("button[type=submit]").click()
        villager.wait_for_url(re.compile(r"/disputes/my/"))
        assert villager.evaluate("document.documentElement.scrollWidth") <= 360
        mediation_no = ServiceOrder.objects.get(workflow="mediation").tracking_no

        # 2. The committee accepts, mediates, and the mediation fails; it moves the case into arbitration.
        _staff_sign_in(desk, base, "tiaojie", f"/work/orders/{mediation_no}/")
        _act(desk, "accept")
        _act(desk, "mediation_begin")
        _act(desk, "mediation_fail", "双方就欠款数额分歧较大，调解不成")
        handoff = desk.get_by_test_id("handoff-form")
        handoff.locator("select[name=handoff-commission]").select_option(str(arb.commission.pk))
        handoff.locator("textarea[name=handoff-agreement]").fill(
            "双方同意将本合同纠纷提交成都仲裁委员会仲裁。"
        )
        handoff.locator("input[name=handoff-claim_amount_fen]").fill("8000000")
        _submit(desk, "handoff-form")
        arbitration_no = Mediation.objects.get(order__tracking_no=mediation_no).handed_to
        assert arbitration_no and desk.get_by_test_id("handed-to").inner_text().strip() == arbitration_no

        # 3. The commission accepts (art. 35), forms the tribunal, books a video hearing, makes the award.
        _staff_sign_in(commission, base, arb.secretary.username, f"/work/orders/{arbitration_no}/")
        assert mediation_no in commission.get_by_test_id("arbitration-panel").inner_text()
        _act(commission, "accept")
        commission.goto(f"{base}/arbitration/cases/{arbitration_no}/manage/")
        assert "李" in commission.get_by_test_id("parties").inner_text()  # the file came along (masked)
        tribunal = commission.get_by_test_id("tribunal-form")
        tribunal.locator("select[name=tribunal-mode]").select_option("sole")
        tribunal.locator("input[name=tribunal-first]").fill(str(arb.arbitrators[0].pk))
        tribunal.locator("select[name=tribunal-first_chosen_by]").select_option("chair")
        _submit(commission, "tribunal-form")
        hearing = commission.get_by_test_id("hearing-form")
        hearing.locator("input[name=hearing-starts_at]").fill("2027-03-03 09:30")
        hearing.locator("select[name=hearing-kind]").select_option("video")
        _submit(commission, "hearing-form")
        commission.get_by_test_id("award-form").locator("textarea").fill(
            "一、被申请人向申请人支付货款人民币八万元；二、仲裁费由被申请人承担。"
        )
        _submit(commission, "award-form")

        # 4. The villager, a party of the arbitration, sees the hearing and downloads the award.
        villager.goto(f"{base}/arbitration/cases/{arbitration_no}/")
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
        "/mediation/apply/",
        f"/work/orders/{mediation_no}/",
        f"/work/orders/{arbitration_no}/",
        f"/arbitration/cases/{arbitration_no}/manage/",
        f"/arbitration/cases/{arbitration_no}/",
    ):
        assert path in checked, (path, sorted(checked))
