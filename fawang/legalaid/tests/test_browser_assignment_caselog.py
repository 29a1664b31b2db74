"""The assignment and case-log pages in Debian's Chromium, each page checked with axe-core by the root
conftest's audited browser (a serious or critical violation fails the test), for what the end-to-end
test (test_browser_e2e) does not reach: the conflict of interest shown with its reason, a form sent
with errors (the banner takes the focus and names the rule), choosing another than the first, a
decline with its reason, reassignment; on the case log a time in the future, a termination without
its art. 48 reason, closing materials without the art. 50 report, the log read by a supervisor who
may not write it, and the practitioner's record."""

from __future__ import annotations

import pytest

from fawang.accounts.enums import Role
from fawang.accounts.tests.factories import StaffFactory
from fawang.accounts.tests.minimal_rows import institution, practitioner
from fawang.legalaid.assignment import aid_practitioner_enrol, conflict_record_create
from fawang.legalaid.models import Assignment
from fawang.orders.engine import order_act
from fawang.web.tests.test_browser_a11y import window

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

OPPONENT = "成都某建筑劳务公司"


def _lawyer(firm, username: str):
    user = StaffFactory(username=username, jurisdiction_institution=firm, roles=[Role.PRACTITIONER])
    record = practitioner(firm, user=user, name=username)
    aid_practitioner_enrol(actor=None, practitioner=record, matter_types=["civil"], matters=["wages"])
    return record


@pytest.fixture
def panel(sichuan):
    firm = institution("510107", "四川清源律师事务所（武侯区）")
    other = institution("510104", "四川锦江律师事务所")
    return {"zhang": _lawyer(firm, "zhang"), "li": _lawyer(firm, "li"), "wang": _lawyer(other, "wang")}


def test_the_assignment_page_explains_refuses_assigns_and_reassigns(
    live_server, browser, staff_pages, apply, wuhou_clerk, panel
):
    order = apply({"opposing_party": OPPONENT})
    order_act(actor=wuhou_clerk, order=order, action="accept")
    conflict_record_create(actor=wuhou_clerk, party=OPPONENT, practitioner=panel["wang"], note="常年法律顾问")
    path = f"/legal-aid/cases/{order.tracking_no}/assignment/"
    zhang, li = panel["zhang"], panel["li"]

    with window(browser) as page:
        staff_pages.sign_in(page, "wuhou_clerk", path)
        # Each candidate's score is explained; the lawyer with a conflict is left out, with the reason.
        suggestion = page.get_by_test_id("suggestion")
        assert suggestion.locator(f"[data-practitioner='{zhang.pk}'] dl.facts dt").count() >= 5
        assert suggestion.locator(f"[data-practitioner='{panel['wang'].pk}']").count() == 0
        excluded = page.get_by_test_id("excluded").locator(f"[data-practitioner='{panel['wang'].pk}']")
        assert f"利益冲突：本人或其所在律所已代理对方当事人 {OPPONENT}" in excluded.inner_text()
        # No reason: refused naming the field, the banner takes the focus.
        page.locator("button[data-action=assign]").click()
        assert "请填写理由。" in staff_pages.banner(page)
        assert page.locator("#id_reason").get_attribute("aria-invalid") == "true"
        # Another than the first, with a reason.
        page.locator(f"input[name=practitioner][value='{li.pk}']").check()
        page.locator("textarea[name=reason]").fill("申请人指定李律师。")
        page.locator("button[data-action=assign]").click()
        staff_pages.saved(page)
    assert Assignment.objects.get(order=order).overridden

    # The assignee declines: without a reason refused (art. 46), with one the case goes back.
    with window(browser) as page:
        staff_pages.sign_in(page, "li", "/legal-aid/my-cases/")
        item = page.locator(f"[data-tracking-no='{order.tracking_no}']")
        item.locator(f"input[name='answer-{order.pk}-answer'][value=decline]").check()
        item.locator("button[data-action=answer]").click()
        staff_pages.banner(page)
        item = page.locator(f"[data-tracking-no='{order.tracking_no}']")
        item.locator(f"input[name='answer-{order.pk}-answer'][value=decline]").check()
        item.locator(f"textarea[name='answer-{order.pk}-reason']").fill("与对方当事人负责人系亲属，需回避。")
        item.locator("button[data-action=answer]").click()
        staff_pages.saved(page)
        page.get_by_test_id("my-cases-empty").wait_for()

    # The centre assigns again (the decline is in the history), the assignee accepts, then a reassignment.
    with window(browser) as page:
        staff_pages.sign_in(page, "wuhou_clerk", path)
        assert "需回避" in page.get_by_test_id("assignment-history").inner_text()
        page.locator(f"input[name=practitioner][value='{zhang.pk}']").check()
        page.locator("textarea[name=reason]").fill("劳动争议专长。")
        page.locator("button[data-action=assign]").click()
        staff_pages.saved(page)
    with window(browser) as page:
        staff_pages.sign_in(page, "zhang", "/legal-aid/my-cases/")
        item = page.locator(f"[data-tracking-no='{order.tracking_no}']")
        item.locator(f"input[name='answer-{order.pk}-answer'][value=accept]").check()
        item.locator("button[data-action=answer]").click()
        staff_pages.saved(page)
    with window(browser) as page:
        staff_pages.sign_in(page, "wuhou_clerk", path)
        assert page.locator("button[data-action=assign]").inner_text() == "重新指派"
        page.locator(f"input[name=practitioner][value='{li.pk}']").check()
        page.locator("textarea[name=reason]").fill("张律师长期病假，改由李律师承办。")
        page.locator("button[data-action=assign]").click()
        staff_pages.saved(page)
    states = list(Assignment.objects.filter(order=order).order_by("pk").values_list("state", flat=True))
    assert states == ["declined", "replaced", "pending"]
    order.refresh_from_db()
    assert order.assigned_practitioner_id == li.pk


def test_the_case_log_pages_name_the_rule_of_each_refusal(
    live_server, browser, staff_pages, handling, lawyer, chengdu_supervisor
):
    order = handling()
    base, path = live_server.url, f"/legal-aid/cases/{order.tracking_no}/log/"

    with window(browser) as page:
        staff_pages.sign_in(page, "lawyer_wang", path)
        assert "暂无记录。" in page.locator("main").inner_text()
        entry = page.get_by_test_id("form-entry")
        entry.locator("select[name=entry-kind]").select_option("hearing")
        entry.locator("input[name=entry-occurred_at]").fill("2099-01-01T09:30")
        entry.locator("input[name=entry-minutes]").fill("120")
        entry.locator("button[type=submit]").click()
        assert "时间不能晚于现在。" in staff_pages.banner(page)
        assert page.get_by_test_id("case-log-entries").count() == 0  # nothing saved

        close = page.get_by_test_id("form-close")
        close.locator("select[name=close-outcome]").select_option("terminated")
        close.locator("textarea[name=close-summary]").fill("受援人另行委托律师。")
        close.locator("button[type=submit]").click()
        assert "终止法律援助须选择《法律援助法》第四十八条规定的一项情形。" in staff_pages.banner(page)
        close = page.get_by_test_id("form-close")
        close.locator("select[name=close-outcome]").select_option("won")
        close.locator("textarea[name=close-summary]").fill("仲裁裁决支持全部诉求。")
        close.locator("button[type=submit]").click()
        staff_pages.saved(page)
        page.get_by_test_id("case-closing").wait_for()

        materials = page.get_by_test_id("form-materials")
        materials.locator("input[name=materials-materials][value=document_copies]").check()
        materials.locator("button[type=submit]").click()
        assert "《法律援助法》第五十条要求提交办理情况报告。" in staff_pages.banner(page)
        materials = page.get_by_test_id("form-materials")
        materials.locator("input[name=materials-materials][value=document_copies]").check()
        materials.locator("input[name=materials-materials][value=handling_report]").check()
        materials.locator("button[type=submit]").click()
        staff_pages.saved(page)
        assert page.get_by_test_id("form-materials").count() == 0
    order.refresh_from_db()
    assert order.status == "resolved"

    # A supervisor reads the log and the closing, with no form to write; then the lawyer's record.
    chengdu_supervisor.set_password(staff_pages.PASSWORD)
    chengdu_supervisor.save()
    with window(browser) as page:
        staff_pages.sign_in(page, "chengdu_supervisor", path)
        page.get_by_test_id("case-closing").wait_for()
        assert page.locator("form[data-testid^=form-]").count() == 0
        page.goto(f"{base}/legal-aid/practitioners/{lawyer[1].pk}/record/")
        assert page.locator("main h1").first.is_visible()
