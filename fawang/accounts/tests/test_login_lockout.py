import datetime as dt

import pytest
from django.contrib.auth import authenticate
from django.test import RequestFactory
from django.utils import timezone

from fawang.accounts.backends import login_lock_status
from fawang.accounts.forms import LockoutAuthenticationForm
from fawang.accounts.models import User

PASSWORD = "correct horse battery"


def _fail(n: int) -> None:
    for _ in range(n):
        assert authenticate(username="wuhou_clerk", password="wrong password") is None


def test_five_failures_lock_the_account_even_against_the_right_password(wuhou_clerk, settings):
    assert settings.FAWANG_LOGIN_MAX_FAILURES == 5
    _fail(4)
    assert authenticate(username="wuhou_clerk", password=PASSWORD) == wuhou_clerk  # success resets
    _fail(4)
    assert login_lock_status("wuhou_clerk") is None
    _fail(1)  # the fifth in a row
    assert authenticate(username="wuhou_clerk", password=PASSWORD) is None
    until = login_lock_status("wuhou_clerk")
    assert until is not None
    expected = timezone.now() + dt.timedelta(minutes=settings.FAWANG_LOGIN_LOCKOUT_MINUTES)
    assert abs((until - expected).total_seconds()) < 5


def test_lock_expires_after_the_period(wuhou_clerk):
    _fail(5)
    assert authenticate(username="wuhou_clerk", password=PASSWORD) is None
    User.objects.filter(pk=wuhou_clerk.pk).update(locked_until=timezone.now() - dt.timedelta(seconds=1))
    assert authenticate(username="wuhou_clerk", password=PASSWORD) == wuhou_clerk
    wuhou_clerk.refresh_from_db()
    assert wuhou_clerk.locked_until is None and wuhou_clerk.failed_login_count == 0


def test_login_form_says_until_when_the_account_is_locked(wuhou_clerk):
    _fail(5)
    request = RequestFactory().post("/login/")
    form = LockoutAuthenticationForm(request, data={"username": "wuhou_clerk", "password": PASSWORD})
    assert not form.is_valid()
    until = timezone.localtime(login_lock_status("wuhou_clerk"))
    assert form.errors.as_data()["__all__"][0].code == "locked"
    assert until.strftime("%H:%M") in str(form.errors["__all__"])


@pytest.mark.parametrize("username", ["nobody_here", "wuhou_clerk"])
def test_unknown_and_unlocked_accounts_look_alike(wuhou_clerk, username):
    assert login_lock_status(username) is None
