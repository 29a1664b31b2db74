"""A citizen asks on a phone, a duty lawyer takes and answers on the desk, the citizen reads the
answer and asks on, in Debian's Chromium (every page checked with axe-core by the root conftest's
audited browser); the lawyer's queue and the asker's thread are opened in all four languages."""

from __future__ import annotations

import pytest

from fawang.consult.models import Consultation
from fawang.orders.models import ServiceOrder
from fawang.web.tests.test_browser_a11y import citizen_sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "correct horse battery"  # StaffFactory's


def _staff_sign_in(page, base: str, username: str, next_path: str) -> None:
    page.goto(f"{base}/login/?next={next_path}")
    page.locator("input[name=username]").fill(username)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("form.form button[type=submit]").click()


def test_a_citizen_asks_a_duty_lawyer_answers_and_the_citizen_asks_on(
    live_server, phone_page, desk_page, citizen, duty_lawyer, consultation_item
):
    base = live_server.url
    # 1. The citizen, signed in on a phone, asks from the consultation link (the portal's intake).
    citizen_sign_in(phone_page, base, citizen.phone)
    phone_page.goto(f"{base}/consultation/ask/")
    phone_page.wait_for_url("**/apply/?item=*")
    phone_page.locator("select[name=prefecture]").select_option("510100")
    phone_page.locator("select[name=county] option[value='510107']").wait_for(state="attached")
    phone_page.locator("select[name=county]").select_option("510107")
    phone_page.locator("textarea[name=description]").fill(
        "我叫陈明，电话13912345678。包工头拖欠工资半年，怎么讨薪？"
    )
    # "Check my question" first: the reading under the question, nothing sent, the words kept.
    phone_page.get_by_test_id("check-question").click()
    reading = phone_page.get_by_test_id("question-reading")
    # 包工头 + 工资: a labour or a construction-site wage question; either way legal aid comes first.
    assert reading.get_by_test_id("reading-domain").get_attribute("data-domain") in ("labour", "construction")
    assert phone_page.evaluate("document.documentElement.scrollWidth") <= 360
    assert not ServiceOrder.objects.exists()
    assert "包工头拖欠工资" in phone_page.locator("textarea[name=description]").input_value()
    phone_page.locator("select[name=county] option[value='510107']").wait_for(state="attached")
    phone_page.locator("select[name=county]").select_option("510107")
    phone_page.locator("button[name=action][value=submit]").click()
    tracking_no = phone_page.get_by_test_id("tracking-no").inner_text().strip()
    order = ServiceOrder.objects.get(tracking_no=tracking_no)
    assert order.workflow == "consultation" and "13912345678" not in order.description

    # 2. The duty lawyer sees it in the queue, masked, takes it and answers.
    _staff_sign_in(desk_page, base, duty_lawyer.username, "/consult/queue/")
    waiting = desk_page.locator("[data-testid=consult-waiting]")
    assert tracking_no in waiting.inner_text() and "13912345678" not in waiting.inner_text()
    waiting.get_by_role("button", name="接单").click()
    thread = desk_page.locator("[data-testid=thread]")
    assert "13912345678" in thread.inner_text()  # the lawyer who took it reads the asker's words
    # The reading of the (masked) question beside it.
    assert desk_page.get_by_test_id("question-reading").get_by_test_id("reading-domain").is_visible()
    form = desk_page.locator("[data-testid=answer-form]")
    form.locator("button[value=send]").click()  # empty: the error names the field
    assert "回复内容：此项为必填项" in desk_page.locator("[data-testid=answer-form]").inner_text()
    form = desk_page.locator("[data-testid=answer-form]")
    form.locator("textarea[name=answer]").fill(
        "可向劳动保障监察投诉，或申请劳动仲裁；农民工讨薪申请法律援助免予经济困难审查。"
    )
    form.locator("button[value=send]").click()
    desk_page.locator("[data-testid=thread] [data-kind=answer]").wait_for()

    # 3. The citizen reads the answer on their thread and asks on.
    phone_page.goto(f"{base}/consultation/mine/{tracking_no}/")
    assert "劳动仲裁" in phone_page.locator("[data-testid=thread]").inner_text()
    follow = phone_page.locator("[data-testid=follow-up-form]")
    follow.locator("textarea[name=reason]").fill("仲裁要交费吗？")
    follow.locator("button[type=submit]").click()
    phone_page.locator("[data-testid=thread] [data-kind=follow_up]").wait_for()
    assert phone_page.evaluate("document.documentElement.scrollWidth") <= 360
    order.refresh_from_db()
    assert (order.status, order.stage) == ("reopened", "follow_up")
    assert Consultation.objects.get(pk=order.pk).messages.count() == 3

    # 4. Both pages in every language (each checked with axe-core).
    for prefix in ("", "/en", "/bo", "/ii"):
        desk_page.goto(f"{base}{prefix}/consult/queue/")
        assert desk_page.locator("main h1").first.is_visible()
        desk_page.goto(f"{base}{prefix}/consult/threads/{tracking_no}/")
        assert desk_page.locator("[data-testid=answer-form]").is_visible()
        phone_page.goto(f"{base}{prefix}/consultation/mine/{tracking_no}/")
        assert phone_page.locator("[data-testid=thread] [data-kind=follow_up]").is_visible()
