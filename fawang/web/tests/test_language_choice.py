"""Which language a page opens in: the account's choice, then the cookie, then the browser's
Accept-Language; a language we do not offer gets Chinese. The switcher names every language in its own
script and remembers the choice on the account of a signed-in person."""

import re

import pytest
from django.conf import settings

pytestmark = pytest.mark.django_db

COOKIE = settings.LANGUAGE_COOKIE_NAME


def html_lang(response) -> str:
    return re.search(r'<html lang="([^"]+)"', response.content.decode()).group(1)


def test_by_header_an_unprefixed_page_goes_to_the_browsers_language(client):
    response = client.get("/track/", headers={"accept-language": "bo-CN,bo;q=0.9,zh;q=0.5"})
    assert response.status_code == 302
    assert response["Location"] == "/bo/track/"
    assert "Accept-Language" in response["Vary"] and "Cookie" in response["Vary"]
    page = client.get("/bo/track/")
    assert page.status_code == 200
    assert html_lang(page) == "bo"
    assert page["Content-Language"] == "bo"


def test_by_header_yi_and_the_query_string_is_kept(client):
    response = client.get("/services/?q=1", headers={"accept-language": "ii"})
    assert response["Location"] == "/ii/services/?q=1"
    assert html_lang(client.get("/ii/services/")) == "ii"


@pytest.mark.parametrize("header", ["xx-YY", "fr;q=0.9", "*", "", "zh-CN,zh;q=0.9"])
def test_an_unknown_or_chinese_accept_language_gets_the_chinese_page(client, header):
    response = client.get("/track/", headers={"accept-language": header})
    assert response.status_code == 200
    assert html_lang(response) == "zh-hans"
    assert "公共法律服务热线" in response.content.decode()


def test_by_cookie_the_cookie_outranks_the_header(client):
    client.cookies[COOKIE] = "ii"
    response = client.get("/", headers={"accept-language": "bo"})
    assert response["Location"] == "/ii/"


def test_by_account_the_account_outranks_cookie_and_header(client, citizen):
    citizen.preferred_language = "bo"
    citizen.save(update_fields=["preferred_language"])
    client.force_login(citizen)
    client.cookies[COOKIE] = "ii"
    response = client.get("/my/orders/", headers={"accept-language": "en"})
    assert response["Location"] == "/bo/my/orders/"
    assert html_lang(client.get("/bo/my/orders/")) == "bo"


def test_an_account_without_a_choice_leaves_it_to_the_cookie(client, citizen):
    assert citizen.preferred_language == ""
    client.force_login(citizen)
    client.cookies[COOKIE] = "en"
    assert client.get("/").headers["Location"] == "/en/"


def test_a_prefixed_url_is_in_its_own_language_whatever_the_preferences(client):
    client.cookies[COOKIE] = "bo"
    response = client.get("/en/track/", headers={"accept-language": "ii"})
    assert response.status_code == 200
    assert html_lang(response) == "en"


def test_a_post_is_never_redirected(client):
    response = client.post("/track/", {"tracking_no": "", "phone": ""}, headers={"accept-language": "bo"})
    assert response.status_code != 302 or not response["Location"].startswith("/bo/")


def test_the_switcher_remembers_the_choice_on_the_account(client, citizen):
    client.force_login(citizen)
    response = client.post("/i18n/setlang/", {"language": "ii", "next": "/my/orders/"})
    assert response.status_code == 302
    assert response["Location"] == "/ii/my/orders/"
    assert response.cookies[COOKIE].value == "ii"
    citizen.refresh_from_db()
    assert citizen.preferred_language == "ii"
    # Another browser, with no cookie, opens the same person's pages in Yi.
    client.cookies.clear()
    client.force_login(citizen)
    assert client.get("/").headers["Location"] == "/ii/"


def test_the_switcher_without_an_account_sets_only_the_cookie(client):
    response = client.post("/i18n/setlang/", {"language": "bo", "next": "/track/"})
    assert response["Location"] == "/bo/track/"
    assert response.cookies[COOKIE].value == "bo"
    response = client.post("/i18n/setlang/", {"language": "klingon", "next": "/track/"})
    assert response.status_code == 302  # Django ignores a language it does not offer
    assert COOKIE not in response.cookies


@pytest.mark.parametrize("path", ["/", "/bo/track/", "/ii/services/", "/en/login/", "/login/citizen/"])
def test_the_switcher_names_each_language_in_its_own_script_on_every_page(client, path):
    html = client.get(path).content.decode()
    for code, name in [("zh-hans", "简体中文"), ("bo", "བོད་ཡིག"), ("ii", "ꆈꌠꉙ"), ("en", "English")]:
        assert re.search(rf'<button[^>]*value="{code}" lang="{code}"[^>]*>{name}</button>', html), (
            path,
            code,
        )
