"""Issue 8, item 20: every page carries a Content-Security-Policy and a Permissions-Policy; pages for a
signed-in person are never stored; a sign-in lasts a working day and ends after an idle hour; when the
cache that counts attempts is down, tracking fails closed with a 503 page in the reader's language."""

import time

import pytest
from django.test import Client
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_every_page_has_a_content_security_policy_and_a_permissions_policy(client, sichuan):
    for path in ["/", "/track/", "/login/", "/login/citizen/", "/services/", "/no-such-page/"]:
        response = client.get(path)
        csp = response.headers.get("Content-Security-Policy", "")
        assert "default-src 'self'" in csp, path
        assert "frame-ancestors 'none'" in csp and "object-src 'none'" in csp, path
        assert "'unsafe-inline'" not in csp, path
        assert "camera=()" in response.headers.get("Permissions-Policy", ""), path


def test_staff_pages_are_not_stored_and_public_pages_may_be(client, wuhou_clerk):
    assert "no-store" not in client.get("/").headers.get("Cache-Control", "")
    client.force_login(wuhou_clerk)
    response = client.get("/work/")
    assert response.status_code == 200
    assert "no-store" in response.headers["Cache-Control"]
    assert "private" in response.headers["Cache-Control"]


def test_api_answers_to_a_token_are_not_stored(hotline_agent):
    from fawang.api.tests.helpers import ApiClient

    response = ApiClient(hotline_agent).get("/api/v1/orders")
    assert response.status_code == 200
    assert "no-store" in response.headers["Cache-Control"]


def test_the_tracking_result_is_not_stored(client, sichuan):
    response = client.post(reverse("web:track"), {"tracking_no": "X", "phone": "13900009999"})
    assert "no-store" in response.headers["Cache-Control"]


def _sign_in(client: Client) -> None:
    response = client.post(
        reverse("web:login"), {"username": "wuhou_clerk", "password": "correct horse battery"}
    )
    assert response.status_code == 302


def test_a_sign_in_lasts_a_working_day_not_two_weeks(client, wuhou_clerk, settings):
    _sign_in(client)
    assert client.cookies[settings.SESSION_COOKIE_NAME]["max-age"] <= 10 * 3600
    assert 0 < client.session.get_expiry_age() <= 10 * 3600


def _age_session(client: Client, **seconds_ago: float) -> None:
    from fawang.accounts.middleware import SEEN_AT, SIGNED_IN_AT

    session = client.session
    now = time.time()
    session[SIGNED_IN_AT] = now - seconds_ago.get("signed_in", 0)
    session[SEEN_AT] = now - seconds_ago.get("seen", 0)
    session.save()


def test_an_idle_hour_signs_the_clerk_out_and_says_why(client, wuhou_clerk, settings):
    _sign_in(client)
    client.get("/work/")
    _age_session(client, signed_in=2 * 3600, seen=settings.FAWANG_SESSION_IDLE_MINUTES * 60 + 5)
    response = client.get("/work/", follow=True)
    assert response.redirect_chain and "/login/" in response.redirect_chain[-1][0]
    assert "_auth_user_id" not in client.session
    assert "分钟无操作" in response.content.decode()


def test_a_working_clerk_is_signed_out_after_the_working_day(client, wuhou_clerk, settings):
    _sign_in(client)
    client.get("/work/")
    _age_session(client, signed_in=settings.FAWANG_SESSION_MAX_HOURS * 3600 + 5, seen=30)
    response = client.get("/work/", follow=True)
    assert "_auth_user_id" not in client.session
    assert "请重新登录" in response.content.decode()


def test_activity_keeps_a_sign_in_alive(client, wuhou_clerk, settings):
    _sign_in(client)
    client.get("/work/")
    _age_session(client, signed_in=3 * 3600, seen=settings.FAWANG_SESSION_IDLE_MINUTES * 60 - 60)
    assert client.get("/work/").status_code == 200
    assert "_auth_user_id" in client.session


UNREACHABLE_REDIS = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": "redis://127.0.0.1:1/0",
        "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
    }
}


@pytest.mark.parametrize(
    ("path", "words"),
    [("/track/", "暂时无法使用"), ("/en/track/", "Temporarily unavailable")],
)
def test_tracking_fails_closed_with_a_503_page_when_redis_is_down(client, sichuan, settings, path, words):
    settings.CACHES = UNREACHABLE_REDIS
    response = client.post(path, {"tracking_no": "SC0000000000", "phone": "13900009999"})
    assert response.status_code == 503
    assert response["Retry-After"]
    assert words in response.content.decode()


def test_rating_by_phone_fails_closed_with_the_usual_error_body_when_redis_is_down(settings, sichuan):
    from fawang.api.tests.helpers import ApiClient

    settings.CACHES = UNREACHABLE_REDIS
    response = ApiClient().post(
        "/api/v1/orders/SC0000000000/evaluation", {"level": 1, "phone": "13900009999"}
    )
    assert response.status_code == 503
    assert response.json()["code"] == "service_unavailable"


def test_sign_in_fails_closed_when_redis_is_down(client, wuhou_clerk, settings):
    settings.CACHES = UNREACHABLE_REDIS
    response = client.post(reverse("web:login"), {"username": "wuhou_clerk", "password": "nope"})
    assert response.status_code == 503
