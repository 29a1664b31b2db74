"""Sign-in throttling (ADR 0012). Issue 8, item 14: five wrong passwords from anywhere locked a clerk out
for 15 minutes, the right password refused, while 48 guesses over 12 accounts from one address went
through unthrottled.

The clerk (wuhou_clerk) signs in from the Wuhou office computer (192.0.2.10, with the device cookie it
got at its last sign-in); the guesser comes from 203.0.113.66, or from many addresses at once."""

import datetime as dt

from django.contrib.auth import authenticate
from django.http import HttpResponse
from django.test import RequestFactory
from django.utils import timezone

from fawang.accounts.backends import sign_in_refusal_of
from fawang.accounts.throttle import DEVICE_COOKIE, remember_device

PASSWORD = "correct horse battery"
OFFICE = "192.0.2.10"
GUESSER = "203.0.113.66"


def request_from(address: str, device_cookie: str | None = None):
    request = RequestFactory().post("/login/", REMOTE_ADDR=address)
    if device_cookie:
        request.COOKIES[DEVICE_COOKIE] = device_cookie
    return request


def office_computer(username: str = "wuhou_clerk") -> str:
    """The device cookie the office browser got when the clerk last signed in there."""
    response = HttpResponse()
    remember_device(request_from(OFFICE), response, username)
    return response.cookies[DEVICE_COOKIE].value


def sign_in(address: str, password: str, username: str = "wuhou_clerk", device: str | None = None):
    request = request_from(address, device)
    return authenticate(request, username=username, password=password), sign_in_refusal_of(request)


def test_a_stranger_cannot_lock_the_clerk_out_of_their_own_computer(wuhou_clerk):
    device = office_computer()
    for guess in range(50):
        user, _refusal = sign_in(f"203.0.113.{guess}", f"guess {guess}")
        assert user is None
    user, refusal = sign_in(OFFICE, PASSWORD, device=device)
    assert (user, refusal) == (wuhou_clerk, None)


def test_wrong_passwords_from_one_address_pause_only_that_address(wuhou_clerk, settings):
    for _ in range(settings.FAWANG_LOGIN_MAX_FAILURES):
        assert sign_in(GUESSER, "wrong")[0] is None
    user, refusal = sign_in(GUESSER, PASSWORD)
    assert user is None and refusal.reason == "client"
    expected = timezone.now() + dt.timedelta(minutes=settings.FAWANG_LOGIN_LOCKOUT_MINUTES)
    assert abs((refusal.until - expected).total_seconds()) < 5
    # The clerk at the office, even on a browser the account has not used, is not affected.
    assert sign_in(OFFICE, PASSWORD) == (wuhou_clerk, None)


def test_a_success_forgives_the_typos_before_it(wuhou_clerk, settings):
    for _ in range(settings.FAWANG_LOGIN_MAX_FAILURES - 1):
        sign_in(OFFICE, "typo")
    assert sign_in(OFFICE, PASSWORD)[0] == wuhou_clerk
    for _ in range(settings.FAWANG_LOGIN_MAX_FAILURES - 1):
        sign_in(OFFICE, "typo")
    assert sign_in(OFFICE, PASSWORD)[0] == wuhou_clerk


def test_guesses_spread_over_many_accounts_from_one_address_are_throttled(sichuan, settings):
    from fawang.accounts.tests.factories import StaffFactory

    usernames = [StaffFactory(username=f"clerk{n}").username for n in range(12)]
    refused = 0
    for guess in range(4):
        for username in usernames:
            _user, refusal = sign_in(GUESSER, f"guess {guess}", username=username)
            refused += refusal is not None
    checked = 48 - refused
    assert checked <= settings.FAWANG_LOGIN_ADDRESS_MAX_FAILURES
    # Every account is closed to that address now, whatever the password.
    _user, refusal = sign_in(GUESSER, PASSWORD, username="clerk0")
    assert refusal.reason == "address"


def test_guessing_one_account_from_many_addresses_slows_strangers_not_the_clerk(wuhou_clerk, settings):
    device = office_computer()
    for guess in range(settings.FAWANG_LOGIN_ACCOUNT_SLOWDOWN_FAILURES):
        sign_in(f"198.51.100.{guess}", f"guess {guess}")
    # Now one try per interval for the account from unknown browsers: the first takes the turn ...
    assert sign_in("198.51.100.200", "another guess") == (None, None)
    # ... the next, from yet another address, is told to wait (no password is checked) ...
    user, refusal = sign_in("198.51.100.201", PASSWORD)
    assert user is None and refusal.reason == "slowed"
    assert 0 < refusal.seconds_left <= settings.FAWANG_LOGIN_SLOWDOWN_SECONDS
    # ... and the clerk's own computer signs in at once.
    assert sign_in(OFFICE, PASSWORD, device=device) == (wuhou_clerk, None)


def test_a_device_cookie_is_for_the_accounts_it_names(wuhou_clerk, ganzi_clerk, settings):
    """The Wuhou computer's cookie does not make it a known browser for Ganzi's account."""
    device = office_computer("wuhou_clerk")
    for guess in range(settings.FAWANG_LOGIN_ACCOUNT_SLOWDOWN_FAILURES + 1):
        sign_in(f"198.51.100.{guess}", f"guess {guess}", username="ganzi_clerk")
    _user, refusal = sign_in(OFFICE, PASSWORD, username="ganzi_clerk", device=device)
    assert refusal is not None and refusal.reason == "slowed"


def test_a_forged_device_cookie_is_ignored(wuhou_clerk, settings):
    for guess in range(settings.FAWANG_LOGIN_ACCOUNT_SLOWDOWN_FAILURES + 1):
        sign_in(f"198.51.100.{guess}", f"guess {guess}")
    _user, refusal = sign_in(GUESSER, PASSWORD, device=office_computer()[:-2] + "xx")
    assert refusal is not None and refusal.reason == "slowed"


def test_unknown_accounts_are_counted_like_real_ones(wuhou_clerk, settings):
    answers = {}
    for username in ("wuhou_clerk", "nobody_here"):
        address = "203.0.113.1" if username == "nobody_here" else "203.0.113.2"
        for _ in range(settings.FAWANG_LOGIN_MAX_FAILURES):
            sign_in(address, "wrong", username=username)
        answers[username] = sign_in(address, "wrong", username=username)[1].reason
    assert answers == {"wuhou_clerk": "client", "nobody_here": "client"}
