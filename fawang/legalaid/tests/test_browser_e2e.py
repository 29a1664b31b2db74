"""Issue 11's "done when" browser test: one legal aid application from a citizen's phone to a paid
subsidy, in Debian's Chromium, every page it reaches checked with axe-core by the root conftest's
audited browser (a serious or critical violation fails the test).

Through the real pages, in order:
1. the citizen, on a 360 px phone and without an account, checks eligibility (/legal-aid/check/) and
   applies from the result's link (/apply/), reading the tracking number;
2. the Wuhou legal aid centre's clerk grants legal aid on the order page (/work/orders/<no>/) and
   assigns the case to a panel lawyer on the assignment page (/legal-aid/cases/<no>/assignment/);
3. the lawyer accepts it in their queue (/legal-aid/my-cases/), writes the case log, closes the case
   with its outcome and files the closing materials (/legal-aid/cases/<no>/log/);
4. the citizen, on the phone, rates the service on the tracking page (/track/);
5. the Chengdu reviewer draws the quarter's sample and scores the case (/legal-aid/quality/...);
6. the district bureau funds the centre (/legal-aid/funds/), the clerk computes the subsidy
   (/legal-aid/subsidies/), a bureau officer approves it (the four-eyes rule: not who computed it) and
   a second officer pays it (not who approved it);
7. the per-centre and per-source ledgers (/legal-aid/funds/ledger/) balance on the page and in the
   database.

No page, so set up in Python (said so in the report as well): the accounts and the small network
(`network`, the staff factories), the lawyer's enrolment on the legal aid panel (there is no panel
page), and the DEMO hardship and subsidy standards (loaded as `seed_demo` loads them; the subsidy
standard has a page, exercised by test_browser_subsidies). The quality review samples a quarter once
it is over (quality.quality_sample_create): the test moves the case's closing date into the previous
quarter, which is what waiting for the quarter's end would do."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.utils import timezone

from fawang.accounts.enums import Role
from fawang.accounts.tests.factories import StaffFactory
from fawang.feedback.enums import EvaluationLevel
from fawang.legalaid import services, subsidies
from fawang.legalaid.enums import LedgerAccount as A
from fawang.legalaid.enums import SubsidyStatus
from fawang.legalaid.models import CaseClosing, EligibilityAssessment, QualityReview, Subsidy
from fawang.legalaid.subsidy_selectors import ledger_rows, trial_balance
from fawang.orders.models import ServiceOrder
from fawang.ui.tests.axe_audit import RECORDER
from fawang.web.tests.test_browser_a11y import assert_banner_has_focus, window

from .caselog_fixtures import lawyer_account

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = "13912340011"
FUNDED_YUAN = "10000.00"


def staff(username: str, region: str, *roles: str):
    return StaffFactory(username=username, jurisdiction_region_id=region, roles=list(roles))


@pytest.fixture
def world(legal_aid, network, wuhou_clerk):
    """The people of the story, and the DEMO standards `seed_demo` loads."""
    from fawang.legalaid.assignment import aid_practitioner_enrol

    services.hardship_standards_load_demo()
    subsidies.subsidy_standards_load_demo()
    lawyer, practitioner = lawyer_account(network, "王律师", "lawyer_wang")
    aid_practitioner_enrol(actor=None, practitioner=practitioner, matter_types=["civil", "criminal"])
    return {
        "clerk": wuhou_clerk,
        "lawyer": lawyer,
        "practitioner": practitioner,
        "reviewer": staff("chengdu_reviewer", "510100", Role.SUPERVISOR),
        "keeper": staff("wuhou_funds", "510107", Role.COUNTY_STAFF),
        "cashier": staff("wuhou_cashier", "510107", Role.COUNTY_STAFF),
        "centre": network.wuhou_legal_aid,
    }


def _previous_quarter_day() -> dt.datetime:
    today = timezone.localdate()
    first_month = 3 * ((today.month - 1) // 3) + 1
    start = dt.date(today.year, first_month, 1)
    day = start - dt.timedelta(days=20)  # inside the quarter before this one
    return dt.datetime(day.year, day.month, day.day, 10, 0, tzinfo=timezone.get_current_timezone())


def test_one_application_from_a_phone_to_a_paid_subsidy_and_balanced_ledgers(
    live_server, browser, staff_pages, world
):
    base = live_server.url
    centre = world["centre"]

    # 1. The citizen on a phone: the eligibility check, then the application from its link.
    with window(browser, phone=True) as page:
        page.goto(f"{base}/legal-aid/check/")
        page.get_by_label("您居住的区县").select_option("510107")
        page.get_by_label("申请事项", exact=True).select_option("wages")
        page.get_by_label("家庭人口").fill("3")
        page.get_by_label("家庭月收入（元）").fill("4200")
        page.get_by_role("button", name="查询").click()
        result = page.locator("[data-testid=check-result]")
        assert result.locator("[data-testid=outcome]").get_attribute("data-outcome") == "eligible"
        # The Chengdu DEMO standard (2,000 yuan a person a month) is found and shown with the value.
        hardship = result.locator("tr[data-criterion=hardship]")
        assert hardship.get_attribute("data-result") == "pass"
        assert "1,400.00 元" in hardship.inner_text() and "2,000.00 元" in hardship.inner_text()
        assert page.evaluate("document.documentElement.scrollWidth") <= 360

        result.locator("[data-testid=apply-legal-aid]").click()
        page.wait_for_url("**/apply/?item=*")
        page.locator("select[name=prefecture]").select_option("510100")
        page.locator("select[name=county] option[value='510107']").wait_for(state="attached")
        page.locator("select[name=county]").select_option("510107")
        page.locator("textarea[name=description]").fill(
            "公司拖欠我三个月工资约一万二千元，申请法律援助讨薪。"
        )
        page.locator("input[name=applicant_name]").fill("王小明")
        page.locator("input[name=applicant_phone]").fill(PHONE)
        page.locator("select[name='details.matter_type']").select_option("civil")
        page.locator("select[name='details.matter']").select_option("wages")
        page.locator("input[name='details.opposing_party']").fill("成都某建筑劳务有限公司")
        page.locator("input[name='details.household_size']").fill("3")
        page.locator("input[name='details.monthly_income']").fill("4200")
        page.locator("button[name=action][value=submit]").click()
        tracking_no = page.get_by_test_id("tracking-no").inner_text().strip()
        assert page.evaluate("document.documentElement.scrollWidth") <= 360

    order = ServiceOrder.objects.get(tracking_no=tracking_no)
    assert (order.workflow, order.assigned_institution_id) == ("legal_aid", centre.pk)
    case_path = f"/legal-aid/cases/{tracking_no}"

    # 2. The centre's clerk grants legal aid on the order page, then assigns the case to the lawyer.
    with window(browser) as page:
        staff_pages.sign_in(page, "wuhou_clerk", f"/work/orders/{tracking_no}/")
        page.get_by_test_id("legal-aid-panel").wait_for()
        page.locator("button[data-action=accept]").click()
        staff_pages.saved(page)
        order.refresh_from_db()
        assert (order.status, order.stage) == ("accepted", "approved")
        # The decision stored its eligibility assessment with the DEMO hardship standard in force today.
        assessment = EligibilityAssessment.objects.get(order=order)
        assert assessment.eligible and assessment.rules["standard"]["region_code"] == "510100"

        page.goto(f"{base}{case_path}/assignment/")
        suggestion = page.get_by_test_id("suggestion")
        assert "王律师" in suggestion.inner_text()
        page.locator(f"input[name=practitioner][value='{world['practitioner'].pk}']").check()
        page.locator("textarea[name=reason]").fill("劳动争议专长，武侯区本地，当前案件少。")
        page.locator("button[data-action=assign]").click()
        staff_pages.saved(page)
        order.refresh_from_db()
        assert order.assigned_practitioner_id == world["practitioner"].pk

    # 3. The lawyer accepts the case, writes the case log, closes the case and files the materials.
    with window(browser) as page:
        staff_pages.sign_in(page, "lawyer_wang", "/legal-aid/my-cases/")
        item = page.locator(f"[data-tracking-no='{tracking_no}']")
        item.locator(f"input[name='answer-{order.pk}-answer'][value=accept]").check()
        item.locator("button[data-action=answer]").click()
        staff_pages.saved(page)
        order.refresh_from_db()
        assert (order.status, order.stage) == ("in_progress", "handling")

        page.goto(f"{base}{case_path}/log/")
        entry = page.get_by_test_id("form-entry")
        entry.locator("select[name=entry-kind]").select_option("meeting")
        entry.locator("input[name=entry-place]").fill("武侯区法律援助中心")
        entry.locator("input[name=entry-minutes]").fill("90")
        entry.locator("textarea[name=entry-note]").fill("会见受援人，核对欠薪证据。")
        entry.locator("button[type=submit]").click()
        staff_pages.saved(page)
        assert "90" in page.get_by_test_id("minutes-total").inner_text()
        assert "核对欠薪证据" in page.get_by_test_id("case-log-entries").inner_text()

        close = page.get_by_test_id("form-close")
        close.locator("select[name=close-outcome]").select_option("mediated")
        close.locator("textarea[name=close-summary]").fill("经劳动仲裁调解，公司一次性支付欠薪一万二千元。")
        close.locator("button[type=submit]").click()
        staff_pages.saved(page)

        materials = page.get_by_test_id("form-materials")
        for value in ("handling_report", "document_copies", "judgment"):
            materials.locator(f"input[name=materials-materials][value={value}]").check()
        materials.locator("button[type=submit]").click()
        staff_pages.saved(page)
        assert page.get_by_test_id("form-materials").count() == 0
        order.refresh_from_db()
        assert order.status == "resolved"
        assert CaseClosing.objects.get(order=order).materials_filed_at is not None

    # 4. The citizen, on the phone, rates the service on the tracking page.
    with window(browser, phone=True) as page:
        page.goto(f"{base}/track/")
        page.locator("input[name=tracking_no]").fill(tracking_no)
        page.locator("input[name=phone]").fill(PHONE)
        page.locator("main form button[type=submit]").click()
        page.get_by_test_id("timeline").wait_for()
        page.get_by_label("满意", exact=True).check()
        page.locator("[data-testid=evaluation] button[type=submit]").click()
        staff_pages.saved(page)
        assert page.evaluate("document.documentElement.scrollWidth") <= 360
    assert [e.level for e in order.evaluations.all()] == [EvaluationLevel.SATISFIED]

    # 5. The quality review: the quarter is over (see the docstring), the reviewer samples and scores.
    CaseClosing.objects.filter(order=order).update(closed_at=_previous_quarter_day())
    with window(browser) as page:
        staff_pages.sign_in(page, "chengdu_reviewer", "/legal-aid/quality/")
        form = page.get_by_test_id("form-sample")
        form.locator("select[name=centre]").select_option(str(centre.pk))
        form.locator("button[type=submit]").click()
        staff_pages.saved(page)
        sampled = page.get_by_test_id("sampled-cases")
        assert tracking_no in sampled.inner_text()
        sampled.locator(f"a[href$='/cases/{tracking_no}/']").click()
        form = page.get_by_test_id("form-score")
        for radio_group in form.locator("fieldset").all():
            radio_group.locator("input[type=radio]").last.check()  # the top score on each criterion
        form.locator("textarea[name=comment]").fill("证据整理完整，调解结果有利于受援人。")
        form.locator("button[type=submit]").click()
        staff_pages.saved(page)
    review = QualityReview.objects.get(order=order)
    assert review.reviewer_id == world["reviewer"].pk

    # 6. The bureau funds the centre; the clerk computes the subsidy; two other people approve and pay.
    with window(browser) as page:
        staff_pages.sign_in(page, "wuhou_funds", "/legal-aid/funds/")
        page.locator("select[name=source-kind]").select_option("local_budget")
        page.locator("input[name=source-name]").fill("武侯区法律援助经费（2026）")
        page.locator("input[name=source-document]").fill("武财行〔2026〕12号")
        page.locator("button[data-action=source]").click()
        staff_pages.saved(page)
        source_id = page.locator("select[name=receive-source] option").nth(1).get_attribute("value")
        page.locator("select[name=receive-source]").select_option(source_id)
        page.locator("input[name=receive-amount]").fill(FUNDED_YUAN)
        page.locator("input[name=receive-memo]").fill("2026年区级预算")
        page.locator("button[data-action=receive]").click()
        staff_pages.saved(page)
        page.locator("select[name=allocate-source]").select_option(source_id)
        page.locator("select[name=allocate-centre]").select_option(str(centre.pk))
        page.locator("input[name=allocate-amount]").fill(FUNDED_YUAN)
        page.locator("input[name=allocate-memo]").fill("拨付武侯区法律援助中心")
        page.locator("button[data-action=allocate]").click()
        staff_pages.saved(page)

    with window(browser) as page:
        staff_pages.sign_in(page, "wuhou_clerk", "/legal-aid/subsidies/")
        assert tracking_no in page.get_by_test_id("awaiting").inner_text()
        page.locator("input[name=tracking_no]").fill(tracking_no)
        page.locator("select[name=stage]").select_option("arbitration")
        page.locator("button[data-action=compute]").click()
        page.get_by_test_id("subsidy-status").wait_for()
        subsidy = Subsidy.objects.get(order=order)
        assert subsidy.status == SubsidyStatus.COMPUTED and subsidy.amount_fen > 0
        # Four eyes: who computed it may not approve it; the page says so and nothing moves.
        page.locator("select[name=approve-fund_source]").select_option(source_id)
        page.locator("button[data-action=approve]").click()
        assert_banner_has_focus(page)
        assert "四眼原则" in page.locator("[data-error-summary]").inner_text()

    with window(browser) as page:
        staff_pages.sign_in(page, "wuhou_funds", f"/legal-aid/subsidies/{subsidy.pk}/")
        page.locator("select[name=approve-fund_source]").select_option(source_id)
        page.locator("button[data-action=approve]").click()
        page.locator("button[data-action=pay]").wait_for()

    with window(browser) as page:
        staff_pages.sign_in(page, "wuhou_cashier", f"/legal-aid/subsidies/{subsidy.pk}/")
        page.locator("input[name=pay-payment_reference]").fill("WH-2026-0001")
        page.locator("button[data-action=pay]").click()
        page.locator("button[data-action=pay]").wait_for(state="detached")
        assert page.get_by_test_id("subsidy-status").inner_text() == str(SubsidyStatus.PAID.label)

        # 7. The ledgers balance: on the page, per centre and per source ...
        for query in (f"centre={centre.pk}", f"source={source_id}"):
            page.goto(f"{base}/legal-aid/funds/ledger/?{query}")
            debits = page.get_by_test_id("total-debits").inner_text()
            assert debits == page.get_by_test_id("total-credits").inner_text() != "0.00", query

    subsidy.refresh_from_db()
    assert (subsidy.computed_by, subsidy.approved_by, subsidy.paid_by) == (
        world["clerk"],
        world["keeper"],
        world["cashier"],
    )
    # ... and in the database, to the fen.
    funded = int(FUNDED_YUAN.replace(".", ""))
    cashier = world["cashier"]
    by_centre = trial_balance(ledger_rows(cashier, centre_id=centre.pk))
    by_source = trial_balance(ledger_rows(cashier, source_id=int(source_id)))
    assert by_centre.balanced and by_source.balanced
    assert by_centre.balance_of(A.SUBSIDY_EXPENSE) == subsidy.amount_fen
    assert by_centre.balance_of(A.SUBSIDY_PAYABLE) == 0
    assert by_centre.balance_of(A.CENTRE_FUNDS) == funded - subsidy.amount_fen
    assert by_source.balance_of(A.FUND_INCOME) == -funded
    assert by_source.balance_of(A.SOURCE_UNALLOCATED) == 0

    # Every page of the story was checked by axe-core (a serious or critical finding fails the test).
    checked = {re.sub(r"\?.*$", "", url.removeprefix(base)) for url in RECORDER.checked_urls}
    for path in (
        "/legal-aid/check/",
        "/apply/",
        f"/work/orders/{tracking_no}/",
        f"{case_path}/assignment/",
        "/legal-aid/my-cases/",
        f"{case_path}/log/",
        "/track/",
        "/legal-aid/quality/",
        "/legal-aid/funds/",
        "/legal-aid/subsidies/",
        f"/legal-aid/subsidies/{subsidy.pk}/",
        "/legal-aid/funds/ledger/",
    ):
        assert path in checked, path
