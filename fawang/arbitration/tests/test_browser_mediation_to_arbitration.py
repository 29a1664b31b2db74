"""Issue 14's first "done when", whole, in Debian's Chromium with axe-core on every page (the root
conftest's audited browser): a villager on a 360 px phone registers a contract dispute with the village
mediation committee; the mediation fails and the committee moves it into arbitration with its file
(the engine's order_make, the disputes base's case-file copy); the commission accepts it, forms the
tribunal, books a hearing and makes the award; the villager, a party of the new case, sees the hearing
and downloads the award, whose SHA-256 is the one in the evidence log."""

from __future__ import annotations

import re

import pytest

from fawang.ui.tests.axe_audit import RECORDER
from fawang.web.tests.test_browser_a11y import citizen_sign_in, window

from .browser_steps import (
    PASSWORD,
    award_downloaded_and_verified,
    staff_sign_in,
    submit,
    tribunal_hearing_award,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

VILLAGER_ID = "510107198001010013"


def _act(page, action: str, reason: str = "") -> None:
    if reason:
        page.locator(f"summary[data-action-toggle={action}]").click()
        page.locator(f"textarea[name=act-{action}-reason]").fill(reason)
    page.locator(f"button[data-action={action}]").click()
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
        staff_sign_in(desk, base, "tiaojie", f"/work/orders/{mediation_no}/")
        _act(desk, "accept")
        _act(desk, "mediation_begin")
        _act(desk, "mediation_fail", "双方就欠款数额分歧较大，调解不成")
        handoff = desk.get_by_test_id("handoff-form")
        handoff.locator("select[name=handoff-commission]").select_option(str(arb.commission.pk))
        handoff.locator("textarea[name=handoff-agreement]").fill(
            "双方同意将本合同纠纷提交成都仲裁委员会仲裁。"
        )
        handoff.locator("input[name=handoff-claim_amount_fen]").fill("8000000")
        submit(desk, "handoff-form")
        arbitration_no = Mediation.objects.get(order__tracking_no=mediation_no).handed_to
        assert arbitration_no and desk.get_by_test_id("handed-to").inner_text().strip() == arbitration_no

        # 3. The commission accepts (art. 35), forms the tribunal, books a video hearing, makes the award.
        staff_sign_in(commission, base, arb.secretary.username, f"/work/orders/{arbitration_no}/")
        assert mediation_no in commission.get_by_test_id("arbitration-panel").inner_text()
        _act(commission, "accept")
        commission.goto(f"{base}/arbitration/cases/{arbitration_no}/manage/")
        assert "李" in commission.get_by_test_id("parties").inner_text()  # the file came along (masked)
        tribunal_hearing_award(commission, arb.arbitrators[0].pk)

        # 4. The villager, a party of the arbitration, sees the hearing and downloads the award.
        award_downloaded_and_verified(villager, base, arbitration_no, tmp_path)

    checked = {re.sub(r"\?.*$", "", url.removeprefix(base)) for url in RECORDER.checked_urls}
    for path in (
        "/mediation/apply/",
        f"/work/orders/{mediation_no}/",
        f"/work/orders/{arbitration_no}/",
        f"/arbitration/cases/{arbitration_no}/manage/",
        f"/arbitration/cases/{arbitration_no}/",
    ):
        assert path in checked, (path, sorted(checked))
