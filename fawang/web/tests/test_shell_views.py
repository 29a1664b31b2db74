"""The shell pages through Django's test client: who sees which navigation, sign-in and sign-out,
the language switch and the error pages."""

import re

import pytest
from django.urls import reverse

from fawang.catalog.models import ServiceItem

pytestmark = pytest.mark.django_db


def make_item(code="consult", name="法律咨询", **kwargs):
    defaults = dict(
        code=code,
        name=name,
        name_en="Legal consultation",
        category="consultation",
        time_limit=5,
        legal_basis="公共法律服务事项清单",
    )
    defaults.update(kwargs)
    return ServiceItem.objects.create(**defaults)


def test_anonymous_visitor_gets_the_citizen_home_with_catalog_and_hotline(client, sichuan):
    make_item()
    make_item(code="old", name="已停用事项", is_active=False)
    response = client.get("/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "12348" in html
    assert "法律咨询" in html
    assert "已停用事项" not in html  # only active catalog items are offered
    assert 'data-nav="anonymous"' in html
    assert "查询办理进度" in html  # the tracking box, in Chinese by default
    assert "工作台" not in html  # no staff navigation for the public


def test_staff_login_lands_on_staff_pages_with_name_and_jurisdiction(client, wuhou_clerk):
    response = client.post(
        reverse("web:login"), {"username": "wuhou_clerk", "password": "correct horse battery"}
    )
    assert response.status_code == 302
    page = client.get(response["Location"], follow=True).content.decode()
    assert 'data-nav="staff"' in page
    assert "工作台" in page
    assert "武侯区窗口 李娜" in page
    assert "武侯区" in page  # jurisdiction shown
    assert "我的消息" not in page  # not the citizen navigation


def test_wrong_password_says_so_and_does_not_sign_in(client, wuhou_clerk):
    response = client.post(reverse("web:login"), {"username": "wuhou_clerk", "password": "nope"})
    assert response.status_code == 200
    assert "用户名或密码错误" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_logout_is_post_only(client, wuhou_clerk):
    client.force_login(wuhou_clerk)
    assert client.get(reverse("web:logout")).status_code == 405
    assert "_auth_user_id" in client.session  # a link or prefetch cannot sign anyone out
    response = client.post(reverse("web:logout"))
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session


def test_citizen_sees_citizen_navigation_with_messages(client, citizen):
    client.force_login(citizen)
    html = client.get("/").content.decode()
    assert 'data-nav="citizen"' in html
    assert "我的消息" in html
    assert "陈明" in html
    assert "工作台" not in html


def test_staff_home_requires_login(client):
    response = client.get(reverse("web:staff_home"))
    assert response.status_code == 302
    assert reverse("web:login") in response["Location"]


def test_english_pages_under_en_prefix(client, sichuan):
    make_item()
    html = client.get("/en/").content.decode()
    assert '<html lang="en">' in html
    assert "Track your request" in html
    assert "Legal consultation" in html  # the catalog item's English name


def test_language_switch_posts_and_redirects_to_the_english_page(client):
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/services/"})
    assert response.status_code == 302
    assert response["Location"] == "/en/services/"
    # The cookie now sends the unprefixed home page to /en/ (fawang.web.middleware); the switcher
    # offers every language in settings.LANGUAGES.
    home = client.get("/")
    assert home["Location"] == "/en/"
    html = client.get("/en/").content.decode()
    assert all(f'value="{code}"' in html for code in ("zh-hans", "bo", "ii", "en"))


def test_unknown_page_uses_the_design_system_404(client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "页面不存在" in html
    assert "fawang.css" in html


def test_repeated_wrong_passwords_pause_this_address_and_the_page_says_until_when(
    client, wuhou_clerk, settings
):
    url = reverse("web:login")
    for _attempt in range(settings.FAWANG_LOGIN_MAX_FAILURES - 1):
        html = client.post(url, {"username": "wuhou_clerk", "password": "nope"}).content.decode()
        assert "用户名或密码错误" in html
    html = client.post(url, {"username": "wuhou_clerk", "password": "nope"}).content.decode()
    assert "从此处登录已暂停至" in html  # the failure that pauses sign-in says so at once
    html = client.post(url, {"username": "wuhou_clerk", "password": "correct horse battery"}).content.decode()
    assert "从此处登录已暂停至" in html
    assert "_auth_user_id" not in client.session


def test_the_clerks_usual_browser_signs_in_while_strangers_guess_the_password(client, wuhou_clerk, settings):
    """Issue 8, item 14: five wrong passwords from anyone used to lock the clerk out for 15 minutes."""
    from django.test import Client

    url = reverse("web:login")
    right = {"username": "wuhou_clerk", "password": "correct horse battery"}
    assert client.post(url, right, REMOTE_ADDR="192.0.2.10").status_code == 302  # the office browser
    client.post(reverse("web:logout"))

    guesser = Client()
    for guess in range(30):
        guesser.post(
            url, {"username": "wuhou_clerk", "password": f"guess {guess}"}, REMOTE_ADDR=f"203.0.113.{guess}"
        )
    html = guesser.post(url, right, REMOTE_ADDR="203.0.113.99").content.decode()
    assert "秒后再试" in html  # a browser the account never used: slowed down, told how long to wait

    response = client.post(url, right, REMOTE_ADDR="192.0.2.10")
    assert response.status_code == 302
    assert "_auth_user_id" in client.session


def test_citizen_wrong_code_is_shown_on_the_code_field(client, sichuan):
    url = reverse("web:citizen_login")
    response = client.post(url, {"action": "request_code", "phone": "13800138001"})
    assert response.status_code == 302
    html = client.get(response["Location"]).content.decode()
    assert "138****8001" in html  # the code step names the (masked) number
    assert "13800138001" not in html
    html = client.post(url, {"action": "verify", "code": "000000"}).content.decode()
    assert 'id="field-code"' in html and "has-error" in html
    assert "_auth_user_id" not in client.session


def test_citizen_bad_phone_gets_an_error_on_the_phone_field(client, sichuan):
    html = client.post(
        reverse("web:citizen_login"), {"action": "request_code", "phone": "12345"}
    ).content.decode()
    field = re.search(r'<div class="field has-error" id="field-phone">(.*?)</div>', html, re.S)
    assert field, "the phone field is marked as wrong"
    assert "11" in re.search(r'class="field-error"[^>]*>([^<]*)<', field.group(1)).group(1)  # names the rule
