"""Issue 14's mediation in Debian's Chromium, with axe-core on every page (the root conftest's audited
browser): a villager registers a dispute on a 360 px phone; the committee accepts it and assigns its
mediator; the mediator books a session, records that it was held and records the written agreement,
signed by both sides; the thirty days for judicial confirmation (人民调解法第三十三条) show on the
mediator's panel and on the villager's page."""

from __future__ import annotations

import re

import pytest

from fawang.web.tests.test_browser_a11y import citizen_sign_in, window

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "correct horse battery"


def _staff_sign_in(page, base: str, username: str, next_path: str) -> None:
    page.goto(f"{base}/login/?next={next_path}")
    page.locator("input[name=username]").fill(username)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("form.form button[type=submit]").click()
    page.locator('nav[data-nav="staff"]').wait_for()


def _ok(page) -> None:
    page.locator(".messages .message.success").first.wait_for()


def test_a_villager_registers_and_the_mediator_records_the_agreement(live_server, browser, mediation_world):
    from django.utils import timezone

    from fawang.core.calendar import add_working_days

    base = live_server.url
    w = mediation_world
    with window(browser, phone=True) as villager, window(browser) as desk:
        # 1. On the phone: choose the county, then the committee; a mistyped ID number is refused.
        citizen_sign_in(villager, base, w.villager.phone)
        villager.goto(f"{base}/mediation/apply/")
        assert "不收取任何费用" in villager.get_by_test_id("free").inner_text()
        villager.get_by_test_id("county-form").locator("select[name=county]").select_option("510107")
        villager.get_by_test_id("county-form").locator("button").click()
        form = villager.get_by_test_id("apply-form")
        form.locator("input[name=name]").fill("王大山")
        form.locator("input[name=id_number]").fill("510107198001010014")
        form.locator("select[name=committee]").select_option(str(w.committee.pk))
        form.locator("select[name=category]").select_option("land")
        form.locator("input[name=respondent_name]").fill("李小河")
        form.locator("input[name=respondent_phone]").fill("13800002222")
        form.locator("textarea[name=description]").fill("邻居修房占了我家的宅基地，请调委会调解。")
        form.locator("button[type=submit]").click()
        assert "GB 11643" in villager.locator("#field-id_number").inner_text()
        form = villager.get_by_test_id("apply-form")
        form.locator("input[name=id_number]").fill("510107198001010013")
        form.locator("button[type=submit]").click()
        villager.get_by_test_id("dispute").wait_for()
        tracking_no = re.search(r"/disputes/my/([^/]+)/", villager.url).group(1)
        assert villager.evaluate("document.documentElement.scrollWidth") <= 360

        # 2. The committee's clerk accepts it, begins the mediation and assigns the mediator.
        _staff_sign_in(desk, base, w.clerk.username, f"/work/orders/{tracking_no}/")
        desk.locator("button[data-action=accept]").click()
        _ok(desk)
        desk.locator("button[data-action=mediation_begin]").click()
        _ok(desk)
        panel = desk.get_by_test_id("mediation-panel")
        panel.locator("select[name=mediator]").select_option(str(w.mediator.pk))
        panel.get_by_role("button", name="指定调解员").click()
        _ok(desk)
        desk.context.clear_cookies()

        # 3. The mediator books a session on a working day, holds it, records the signed agreement.
        _staff_sign_in(desk, base, w.mediator_user.username, f"/work/orders/{tracking_no}/")
        day, _p = add_working_days(timezone.localdate(), 2)
        session = desk.get_by_test_id("session-form")
        session.locator("input[name='session-starts_at']").fill(f"{day.isoformat()}T09:30")
        session.locator("select[name='session-mode']").select_option("in_person")
        session.locator("input[name='session-place']").fill("七里村调解室")
        session.locator("button[type=submit]").click()
        _ok(desk)
        hold = desk.get_by_test_id("hold-form")
        hold.locator("textarea").fill("双方到场，陈述了意见，同意调解。")
        hold.locator("button[type=submit]").click()
        _ok(desk)
        agreement = desk.get_by_test_id("agreement-form")
        agreement.locator("textarea[name='agreement-facts']").fill(
            "李小河修房越界占用王大山宅基地约两平方米。"
        )
        agreement.locator("textarea[name='agreement-terms']").fill("李小河于十月底前拆除越界部分，恢复原状。")
        for box in agreement.locator("input[name='agreement-signed']").all():
            box.check()
        agreement.locator("button[type=submit]").click()
        _ok(desk)
        clocks = desk.get_by_test_id("mediation-clocks")
        assert clocks.locator("[data-clock=confirm]").count() == 1
        assert "人民调解协议书" in desk.get_by_test_id("outcomes").inner_text()

        # 4. The villager sees the agreement and the thirty days on their phone.
        villager.goto(f"{base}/disputes/my/{tracking_no}/")
        assert villager.get_by_test_id("clocks").locator("[data-clock=confirm]").count() == 1
        assert "人民调解协议书" in villager.get_by_test_id("outcomes").inner_text()
        assert villager.evaluate("document.documentElement.scrollWidth") <= 360
