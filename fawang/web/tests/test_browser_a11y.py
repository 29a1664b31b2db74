"""Accessibility in Debian's Chromium. Every page a browser test visits is checked with axe-core (the
root conftest's audited browser: a serious or critical violation fails the test); these tests visit the
main pages that the story tests do not, as each demo role of the README on the demo data, and check the
error banner of a re-rendered form: it names and links each invalid field, and takes the focus."""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator
from contextlib import contextmanager

import pytest

from fawang.ui.tests.axe_audit import RECORDER, recheck

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DEMO_PASSWORD = "fawang-demo-2026"
FOCUSED = "document.activeElement && (document.activeElement.id || document.activeElement.name || '')"


@pytest.fixture
def demo(sichuan):
    """The demo of `make run`: the catalog, the network, the demo accounts and the ~150 orders, made
    through the real services (the live server runs in this process: no stale routing index)."""
    from fawang.catalog.services import catalog_load
    from fawang.network.demo import demo_users_ensure, network_generate_demo
    from fawang.orders import routing
    from fawang.orders.demo import demo_orders_ensure

    quiet = [logging.getLogger(n) for n in ("django_tasks", "fawang.orders.sweep", "fawang.feedback.sweep")]
    levels = [logger.level for logger in quiet]
    for logger in quiet:
        logger.setLevel(logging.WARNING)
    try:
        catalog_load()
        network_generate_demo(seed=2020)
        demo_users_ensure()
        routing.invalidate_routing_index()
        yield demo_orders_ensure()
    finally:
        for logger, level in zip(quiet, levels, strict=True):
            logger.setLevel(level)
        routing.invalidate_routing_index()


@contextmanager
def window(browser, *, phone: bool = False) -> Iterator:
    """A fresh browser window (no cookies): a 360 px phone for citizens, a desk for staff."""
    size = {"width": 360, "height": 740} if phone else {"width": 1280, "height": 800}
    context = browser.new_context(viewport=size, locale="zh-CN")
    context.set_default_timeout(15_000)
    try:
        yield context.new_page()
    finally:
        context.close()


def staff_sign_in(page, base: str, username: str, next_path: str = "") -> None:
    """Through the login form; the landing page (or `next_path`) is the first page checked."""
    page.goto(f"{base}/login/" + (f"?next={next_path}" if next_path else ""))
    page.locator("input[name=username]").fill(username)
    page.locator("input[name=password]").fill(DEMO_PASSWORD)
    page.locator("form.form button[type=submit]").click()
    page.locator('nav[data-nav="staff"]').wait_for()


def citizen_sign_in(page, base: str, phone: str) -> None:
    from fawang.core.identity import mobile_index
    from fawang.notify.models import SmsMessage

    page.goto(f"{base}/login/citizen/")
    page.locator("input[name=phone]").fill(phone)
    page.locator("main form button[type=submit]").click()
    page.locator("input[name=code]").wait_for()
    page.locator("input[name=code]").fill("000000")  # a wrong code first: its error banner is checked too
    page.locator("main form button[type=submit]").click()
    assert_banner_has_focus(page)
    sms = SmsMessage.objects.filter(phone_index=mobile_index(phone)).latest("created_at")
    page.locator("input[name=code]").fill(re.search(r"\b(\d{6})\b", sms.text).group(1))
    page.locator("main form button[type=submit]").click()
    page.locator('nav[data-nav="citizen"]').wait_for()


def assert_banner_has_focus(page) -> None:
    banner = page.locator("[data-error-summary]")
    banner.wait_for()
    assert page.evaluate("document.activeElement === document.querySelector('[data-error-summary]')")


def visit(page, url: str) -> None:
    page.goto(url)
    assert page.locator("main h1").first.is_visible(), url


def test_the_apply_form_with_errors_names_and_links_each_field_and_takes_the_focus(
    live_server, phone_page, sichuan
):
    from fawang.orders.tests.factories import ServiceItemFactory

    ServiceItemFactory(code="consult", name="法律咨询", name_en="Legal consultation", time_limit=5)
    page = phone_page
    page.goto(f"{live_server.url}/apply/?item=consult")
    page.locator("input[name=applicant_phone]").fill("13700001234")
    page.locator("button[name=action][value=submit]").click()  # no region, no description

    assert_banner_has_focus(page)
    banner = page.locator("[data-error-summary]")
    assert banner.get_attribute("role") == "alert"
    assert "请更正以下错误" in banner.inner_text()
    # Each invalid field is named by its label and linked; the field says it is invalid.
    assert banner.get_by_role("link", name=re.compile("^区（县）：")).get_attribute("href") == "#id_county"
    description_link = banner.get_by_role("link", name=re.compile("^您的问题："))
    assert description_link.get_attribute("href") == "#id_description"
    description = page.locator("#id_description")
    assert description.get_attribute("aria-invalid") == "true"
    assert "id_description_error" in description.get_attribute("aria-describedby").split()
    assert page.locator("#id_description_error").inner_text()
    assert page.locator("#id_applicant_phone").get_attribute("aria-invalid") is None  # it was right

    # Following a link puts the cursor in the field.
    description_link.click()
    assert page.evaluate(FOCUSED) == "id_description"

    # A rule the service checks (the phone's 11 digits) is named and linked the same way.
    page.locator("select[name=prefecture]").select_option("510100")
    page.locator("select[name=county] option[value='510107']").wait_for(state="attached")
    page.locator("select[name=county]").select_option("510107")
    description.fill("公司拖欠我三个月工资，想咨询怎样维权。")
    page.locator("input[name=applicant_phone]").fill("12345")
    page.locator("button[name=action][value=submit]").click()
    assert_banner_has_focus(page)
    phone_link = page.locator("[data-error-summary]").get_by_role("link", name=re.compile("^手机号码："))
    assert phone_link.get_attribute("href") == "#id_applicant_phone"
    assert page.locator("#id_applicant_phone").get_attribute("aria-invalid") == "true"
    assert "11" in page.locator("#id_applicant_phone_error").inner_text()
    assert page.evaluate("document.scrollingElement.scrollWidth") <= 360


def test_every_main_page_as_each_demo_role(live_server, browser, demo):
    """The README's tour, page by page; axe-core checks each (the audited browser), and each page is
    looked at as its user would: the heading is there, and forms sent with errors show the banner."""
    from fawang.feedback.models import ReturnVisit, Review
    from fawang.network.demo import DEMO_CITIZEN_PHONE
    from fawang.orders.demo import REPEAT_CALLER_PHONE, demo_tracking_hint
    from fawang.orders.models import ServiceOrder

    base = live_server.url
    hint_tracking_no, hint_phone = demo_tracking_hint()

    # Anyone, on a phone: the public pages, tracking and rating a resolved order.
    with window(browser, phone=True) as page:
        for path in ("/", "/services/", "/apply/", "/track/", "/login/", "/login/citizen/"):
            visit(page, base + path)
        page.goto(f"{base}/apply/")
        page.locator("select[name=prefecture]").select_option("510100")
        page.locator("select[name=county] option[value='510107']").wait_for(state="attached")
        recheck(page)  # the region picker filled the county list
        page.locator("button[name=action][value=submit]").click()
        assert_banner_has_focus(page)
        page.goto(f"{base}/track/")
        page.locator("input[name=tracking_no]").fill(hint_tracking_no)
        page.locator("input[name=phone]").fill("13900009999")
        page.locator("main form button[type=submit]").click()
        page.get_by_text("未找到").first.wait_for()
        page.locator("input[name=phone]").fill(hint_phone)
        page.locator("main form button[type=submit]").click()
        page.get_by_test_id("timeline").wait_for()
        page.get_by_label("不满意", exact=True).check()
        page.locator("[data-testid=evaluation] button[type=submit]").click()  # a bad rating needs a comment
        assert_banner_has_focus(page)
        page.get_by_label("满意", exact=True).check()
        page.locator("[data-testid=evaluation] button[type=submit]").click()
        page.locator(".messages .message.success").wait_for()
        page.goto(f"{base}/no-such-page/")
        page.goto(f"{base}/login/")
        page.locator("input[name=username]").fill("wuhou")
        page.locator("input[name=password]").fill("wrong")
        page.locator("form.form button[type=submit]").click()
        page.get_by_role("alert").wait_for()

    # The citizen: signs in with the phone and a code, finds the notices, applies signed in.
    with window(browser, phone=True) as page:
        citizen_sign_in(page, base, DEMO_CITIZEN_PHONE)
        visit(page, f"{base}/messages/")
        visit(page, f"{base}/apply/")
        visit(page, f"{base}/")

    # The Wuhou clerk: the queue, an order in each status, the receipt, the walk-in window.
    with window(browser) as page:
        staff_sign_in(page, base, "wuhou")
        wuhou = ServiceOrder.objects.filter(assigned_point__code="SP-510107")  # the district centre's
        statuses = ("submitted", "accepted", "in_progress", "suspended", "resolved", "closed", "reopened")
        for status in statuses:
            order = wuhou.filter(status=status).order_by("submitted_at").first()
            if order is not None:
                visit(page, f"{base}/work/orders/{order.tracking_no}/")
        # (A legal aid case has no Resolve: it closes through its case log, docs/adr/0022.)
        in_progress = (
            wuhou.filter(status="in_progress").exclude(workflow="legal_aid").order_by("submitted_at").first()
        )
        page.goto(f"{base}/work/orders/{in_progress.tracking_no}/")
        page.locator("[data-action-toggle=resolve]").click()
        recheck(page)  # the resolve form, opened
        # Only spaces: past the browser's own check of a required field, refused by the server's.
        page.locator("textarea[name=act-resolve-resolution]").fill("   ")
        page.locator("button[data-action=resolve]").click()
        assert_banner_has_focus(page)
        assert page.locator("#id_act-resolve-resolution").get_attribute("aria-invalid") == "true"
        # "Transfer…" leads to the order's transfer page: where to and why, refused on the field.
        submitted = wuhou.filter(status="submitted").order_by("submitted_at").first()
        if submitted is not None:
            page.goto(f"{base}/work/orders/{submitted.tracking_no}/")
            page.locator("a[data-action=transfer]").click()
            page.get_by_test_id("order-transfer-form").wait_for()
            page.locator("select[name=act-transfer-target]").select_option(index=1)
            page.locator("textarea[name=act-transfer-reason]").fill("   ")
            page.locator("button[data-action=transfer]").click()
            assert_banner_has_focus(page)
            assert page.locator("#id_act-transfer-reason").get_attribute("aria-invalid") == "true"
        closed = wuhou.filter(status="closed").order_by("submitted_at").first()
        visit(page, f"{base}/work/orders/{closed.tracking_no}/receipt/")
        visit(page, f"{base}/work/window/")
        page.locator("main form[method=post] button[type=submit]").click()  # nothing filled in
        assert_banner_has_focus(page)

    # The hotline agent: the console, a caller's earlier orders, the return visits.
    with window(browser) as page:
        staff_sign_in(page, base, "hotline", "/work/hotline/")
        page.locator("main form[method=post] button[type=submit]").first.click()  # nothing filled in
        assert_banner_has_focus(page)
        lookup = page.locator("form[action$='/hotline/lookup/']")  # posted: no phone in a URL
        lookup.locator("input[name=phone]").fill(REPEAT_CALLER_PHONE)
        lookup.locator("button[type=submit]").click()
        page.get_by_test_id("earlier-orders").wait_for()
        visit(page, f"{base}/work/return-visits/")
        if ReturnVisit.objects.exists() and page.locator("[data-action=record-visit]").count():
            page.locator("[data-action=record-visit]").first.click()  # nothing chosen
            assert_banner_has_focus(page)

    # The Chengdu supervisor: supervision, a review of a bad rating, a manual supervision order.
    with window(browser) as page:
        staff_sign_in(page, base, "chengdu_sup", "/supervision/")
        review = Review.objects.filter(order__region__code__startswith="5101").first()
        if review is not None:
            visit(page, f"{base}/supervision/reviews/{review.pk}/")
        open_order = ServiceOrder.objects.filter(
            region__code__startswith="5101", status__in=("accepted", "in_progress")
        ).first()
        visit(page, f"{base}/work/orders/{open_order.tracking_no}/")

    # The other roles' landing pages.
    for username in ("litang", "ganzi", "ganzi_sup", "analyst", "lawyer_wuhou", "admin"):
        with window(browser) as page:
            staff_sign_in(page, base, username)
            assert page.locator("main h1").first.is_visible(), username

    assert len(RECORDER.checked_urls) > 40  # every page above was checked
