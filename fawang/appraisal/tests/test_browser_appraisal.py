"""Issue 14's second "done when", in Debian's Chromium with axe-core on every page (the root conftest's
audited browser): a court's officer entrusts an appraisal on the platform (on a 360 px phone); the
institution accepts it with two appraisers; the thirty working days of 《司法鉴定程序通则》第二十八条 pass
(the clock rows are moved back, as the calendar would have moved them) and the sweep supervises the
completion clock; the province's supervisor sees the supervision; the institution completes late and
issues the opinion; the monthly figures count the completion clock late."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from fawang.ui.tests.axe_audit import RECORDER
from fawang.web.tests.test_browser_a11y import window

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "correct horse battery"


def _staff_sign_in(page, base: str, username: str, next_path: str) -> None:
    page.goto(f"{base}/login/?next={next_path}")
    page.locator("input[name=username]").fill(username)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("form.form button[type=submit]").click()
    page.locator('nav[data-nav="staff"]').wait_for()


def _step(page, action: str) -> None:
    page.locator(f"button[name=action][value={action}]").click()
    page.locator(".messages .message.success").first.wait_for()


def _time_passes(tracking_no: str, days: int) -> None:
    """Move the order's clock rows and mirror back by `days`, as if received and accepted then."""
    from fawang.orders.models import OrderClock, ServiceOrder

    shift = dt.timedelta(days=days)
    for clock in OrderClock.objects.filter(order__tracking_no=tracking_no):
        clock.started_at -= shift
        clock.due_at -= shift
        clock.warn_at -= shift
        if clock.stopped_at:
            clock.stopped_at -= shift
        clock.save()
    order = ServiceOrder.objects.get(tracking_no=tracking_no)
    ServiceOrder.objects.filter(pk=order.pk).update(
        due_at=order.due_at - shift, warn_at=order.warn_at - shift
    )


def test_a_courts_entrustment_accepted_then_completed_late_raises_supervision(
    live_server, browser, appraisal
):
    from fawang.accounts.enums import Role
    from fawang.accounts.tests.factories import StaffFactory
    from fawang.orders.models import SupervisionOrder
    from fawang.orders.sweep import sweep_deadlines

    # The institution sits at Chengdu's level: its supervision goes to the province above it.
    province = StaffFactory(
        username="sichuan_supervisor", jurisdiction_region_id="510000", roles=[Role.SUPERVISOR]
    )
    province.set_password(PASSWORD)
    province.save()
    base = live_server.url
    with window(browser, phone=True) as court, window(browser) as desk, window(browser) as supervisor:
        # 1. The court's officer entrusts a forensic appraisal, on a phone.
        _staff_sign_in(court, base, appraisal.judge.username, "/appraisal/entrust/")
        form = court.get_by_test_id("entrust-form")
        form.locator("select[name=institution]").select_option(str(appraisal.institution.pk))
        form.locator("select[name=category]").select_option("forensic_medicine")
        form.locator("input[name=case_reference]").fill("（2026）川0107民初1234号")
        form.locator("textarea[name=matter]").fill("原告张某交通事故伤残等级鉴定")
        form.locator("button[type=submit]").click()
        court.get_by_test_id("entrustment").wait_for()
        tracking_no = re.search(r"/appraisal/entrustments/([^/]+)/", court.url).group(1)
        assert court.evaluate("document.documentElement.scrollWidth") <= 360

        # 2. The institution accepts it, naming two appraisers (art. 19), within art. 13's seven days.
        _staff_sign_in(desk, base, appraisal.clerk.username, f"/appraisal/entrustments/{tracking_no}/")
        accept = desk.get_by_test_id("accept-form")
        for p in appraisal.appraisers[:2]:
            accept.locator(f"input[name=appraisers][value='{p.pk}']").check()
        accept.locator("button[type=submit]").click()
        desk.locator(".messages .message.success").first.wait_for()
        _step(desk, "appraisal_receive_materials")

        # 3. Fifty days pass: the sweep supervises the completion clock only, citing art. 28.
        _time_passes(tracking_no, 50)
        report = sweep_deadlines()
        assert tracking_no in report.overdue
        (supervision,) = SupervisionOrder.objects.filter(order__tracking_no=tracking_no)
        assert supervision.clock.name == "complete" and "第二十八条" in supervision.reason
        _staff_sign_in(supervisor, base, province.username, "/supervision/")
        assert tracking_no in supervisor.content()
        court.goto(f"{base}/appraisal/entrustments/{tracking_no}/")
        assert court.get_by_test_id("overdue").is_visible()

        # 4. The institution completes late and issues the opinion; its hash is in the evidence log.
        desk.goto(f"{base}/appraisal/entrustments/{tracking_no}/")
        desk.locator("textarea[name=reason]").fill("活体检查")
        _step(desk, "appraisal_examine")
        _step(desk, "appraisal_draft")
        _step(desk, "appraisal_review")
        desk.get_by_test_id("issue-form").locator("button").click()
        desk.locator(".messages .message.success").first.wait_for()
        assert desk.get_by_test_id("opinion-sha256").inner_text().strip()

        # 5. The month's figures count the completion clock late.
        supervisor.goto(f"{base}/disputes/figures/")
        text = supervisor.get_by_test_id("figures").last.inner_text()
        assert appraisal.institution.name in text and "1 / 0 / —" in text.replace("\u2014", "—")

    checked = {re.sub(r"\?.*$", "", url.removeprefix(base)) for url in RECORDER.checked_urls}
    for path in (
        "/appraisal/entrust/",
        f"/appraisal/entrustments/{tracking_no}/",
        "/supervision/",
        "/disputes/figures/",
    ):
        assert path in checked, (path, sorted(checked))
