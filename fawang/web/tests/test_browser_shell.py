"""The shell in Debian's Chromium: a county clerk and a citizen sign in through the real forms and
see their own navigation; the language switch changes the page; a 360 px phone never scrolls sideways."""

import re

import pytest

from fawang.catalog.models import ServiceItem

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def no_horizontal_scroll(page, width: int) -> bool:
    return page.evaluate("document.scrollingElement.scrollWidth") <= width


def make_catalog():
    ServiceItem.objects.create(
        code="consult",
        name="法律咨询",
        name_en="Legal consultation",
        category="consultation",
        time_limit=5,
        legal_basis="公共法律服务事项清单",
    )
    ServiceItem.objects.create(
        code="legal-aid",
        name="法律援助申请",
        name_en="Legal aid application",
        category="legal_aid",
        time_limit=7,
        time_limit_unit="calendar_days",
        legal_basis="《中华人民共和国法律援助法》第四十三条",
    )


def test_county_clerk_signs_in_and_sees_staff_navigation(live_server, desk_page, wuhou_clerk):
    page = desk_page
    page.goto(live_server.url + "/login/")
    page.get_by_label("用户名").fill("wuhou_clerk")
    page.get_by_label("密码").fill("correct horse battery")
    page.get_by_role("button", name="登录").click()
    staff_nav = page.locator('nav[data-nav="staff"]')
    staff_nav.wait_for()
    assert staff_nav.get_by_role("link", name="工作台").is_visible()
    # The county keeps legal aid's funds: its subsidy and funds pages are in the navigation.
    staff_nav.locator('a[data-nav-key="legal_aid_funds"]').click()
    page.locator("main h1").wait_for()
    assert page.url.endswith("/legal-aid/funds/")
    whoami = page.get_by_test_id("whoami")
    assert "武侯区窗口 李娜" in whoami.inner_text()
    assert "武侯区" in whoami.locator(".jurisdiction").inner_text()
    assert page.get_by_role("link", name="我的消息").count() == 0  # not the citizen navigation

    # Signing out is a POST from the header; afterwards the public navigation is back.
    page.get_by_role("button", name="退出登录").click()
    page.locator('nav[data-nav="anonymous"]').wait_for()


def test_wrong_password_is_reported_on_the_login_page(live_server, desk_page, wuhou_clerk):
    page = desk_page
    page.goto(live_server.url + "/login/")
    page.get_by_label("用户名").fill("wuhou_clerk")
    page.get_by_label("密码").fill("wrong")
    page.get_by_role("button", name="登录").click()
    assert "用户名或密码错误" in page.get_by_role("alert").inner_text()


def test_citizen_signs_in_with_phone_and_sms_code_on_a_phone(live_server, phone_page, sichuan):
    from fawang.core.identity import mobile_index
    from fawang.notify.models import SmsMessage

    make_catalog()
    page = phone_page
    page.goto(live_server.url + "/login/citizen/")
    page.get_by_label("手机号码").fill("13800138000")
    page.get_by_role("button", name="发送验证码").click()
    page.get_by_label("验证码").wait_for()
    sms = SmsMessage.objects.filter(phone_index=mobile_index("13800138000")).latest("created_at")
    code = re.search(r"\b(\d{6})\b", sms.text).group(1)
    page.get_by_label("验证码").fill(code)
    page.get_by_role("button", name="登录").click()

    citizen_nav = page.locator('nav[data-nav="citizen"]')
    citizen_nav.wait_for()
    assert citizen_nav.get_by_role("link", name="我的消息").count() == 1
    assert citizen_nav.get_by_role("link", name="工作台").count() == 0
    assert page.get_by_role("heading", name="查询办理进度").is_visible()
    assert page.get_by_test_id("catalog-lines").get_by_text("法律援助申请").is_visible()
    assert no_horizontal_scroll(page, 360)


def test_language_switch_to_english_changes_the_page(live_server, phone_page, sichuan):
    make_catalog()
    page = phone_page
    page.goto(live_server.url + "/")
    assert page.get_by_role("heading", name="查询办理进度").is_visible()
    page.get_by_role("button", name="English").click()
    page.get_by_role("heading", name="Track your request").wait_for()
    assert page.evaluate("document.documentElement.lang") == "en"
    assert page.get_by_text("Legal aid application").is_visible()
    assert page.get_by_role("link", name="Track progress").is_visible()
    assert page.get_by_text("查询办理进度").count() == 0
    assert no_horizontal_scroll(page, 360)


def test_phone_layout_has_no_horizontal_scroll(live_server, phone_page, sichuan):
    make_catalog()
    for path in ["/", "/services/", "/apply/", "/track/", "/login/", "/login/citizen/", "/no-such-page/"]:
        phone_page.goto(live_server.url + path)
        assert phone_page.locator("main").is_visible(), path
        assert no_horizontal_scroll(phone_page, 360), path


def test_region_picker_loads_counties_and_townships_with_javascript(live_server, phone_page, sichuan):
    make_catalog()
    page = phone_page
    page.goto(live_server.url + "/apply/?item=consult")
    # Enhanced: the server round-trip button is hidden, the selects fill from the regions API.
    assert not page.get_by_role("button", name="显示所选地区的区县和乡镇").is_visible()
    page.get_by_label("市（州）").select_option(label="甘孜藏族自治州")
    page.locator("select[name=county] option", has_text="理塘县").wait_for(state="attached")
    assert page.locator("select[name=county] option").count() == 19  # "—" and Ganzi's 18 counties
    page.get_by_label("区（县）").select_option(label="理塘县")
    page.locator("select[name=township] option", has_text="高城镇").wait_for(state="attached")
    assert no_horizontal_scroll(page, 360)
