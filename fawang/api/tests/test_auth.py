import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone

from fawang.accounts.models import ApiToken
from fawang.accounts.services import api_token_create

pytestmark = pytest.mark.urls("fawang.api.tests.auth_test_urls")


def test_bearer_token_lets_staff_in_and_records_use_once_a_minute(client, wuhou_clerk):
    token, raw = api_token_create(actor=wuhou_clerk, user=wuhou_clerk, name="t")
    response = client.get("/api/staff", headers={"Authorization": f"Bearer {raw}"})
    assert response.status_code == 200 and response.json() == {"username": "wuhou_clerk"}
    first_use = ApiToken.objects.get(pk=token.pk).last_used_at
    assert first_use is not None
    client.get("/api/staff", headers={"Authorization": f"Bearer {raw}"})
    assert ApiToken.objects.get(pk=token.pk).last_used_at == first_use
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=timezone.now() - dt.timedelta(minutes=2))
    client.get("/api/staff", headers={"Authorization": f"Bearer {raw}"})
    assert ApiToken.objects.get(pk=token.pk).last_used_at > first_use


def test_wrong_revoked_disabled_or_citizen_tokens_are_refused(client, wuhou_clerk, citizen):
    def status(raw: str) -> int:
        return client.get("/api/staff", headers={"Authorization": f"Bearer {raw}"}).status_code

    assert status("fw_nonsense") == 401
    _, citizen_raw = api_token_create(actor=citizen, user=citizen, name="app")
    assert status(citizen_raw) == 401  # a valid token, but not a staff account
    token, raw = api_token_create(actor=wuhou_clerk, user=wuhou_clerk, name="t")
    assert status(raw) == 200
    ApiToken.objects.filter(pk=token.pk).update(revoked_at=timezone.now())
    assert status(raw) == 401
    _, raw2 = api_token_create(actor=wuhou_clerk, user=wuhou_clerk, name="t2")
    wuhou_clerk.is_active = False
    wuhou_clerk.save()
    assert status(raw2) == 401


def test_staff_session_works_and_needs_csrf_for_writes(wuhou_clerk):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(wuhou_clerk)
    assert browser.get("/api/staff").status_code == 200
    assert browser.post("/api/staff").status_code in (401, 403)
    browser.get("/api/staff")  # no CSRF cookie yet: take one the way the web pages do
    from django.middleware.csrf import _get_new_csrf_string

    secret = _get_new_csrf_string()
    browser.cookies["csrftoken"] = secret
    assert browser.post("/api/staff", headers={"X-CSRFToken": secret}).status_code == 200


def test_citizen_session_is_not_staff(client, citizen):
    client.force_login(citizen)
    assert client.get("/api/staff").status_code == 401


def test_public_endpoint_accepts_anonymous_and_recognises_citizens(citizen):
    anonymous = Client(enforce_csrf_checks=True)
    assert anonymous.post("/api/public").json() == {"username": ""}
    _, raw = api_token_create(actor=citizen, user=citizen, name="app")
    assert anonymous.post("/api/public", headers={"Authorization": f"Bearer {raw}"}).json() == {
        "username": citizen.username
    }
    # A session without the CSRF token is treated as anonymous: another site cannot act as them.
    session = Client(enforce_csrf_checks=True)
    session.force_login(citizen)
    assert session.post("/api/public").json() == {"username": ""}
