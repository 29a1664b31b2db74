"""Throttling password sign-in (ADR 0012): guessing is slowed by client, by address and by account, and
no stranger can lock a clerk out of their own computer.

Three counters, each over a window of FAWANG_LOGIN_WINDOW_MINUTES, in the rate-limit cache:

- **account × client**: FAWANG_LOGIN_MAX_FAILURES wrong passwords for one account from one client hold
  that pair for FAWANG_LOGIN_LOCKOUT_MINUTES; the right password is refused from there meanwhile.
  The client is the browser's device cookie when it has one for the account, else the address.
- **address**: FAWANG_LOGIN_ADDRESS_MAX_FAILURES wrong passwords from one address, whatever the
  accounts (a guesser trying one password on many accounts), hold the address for the same time.
- **account, from unknown clients**: after FAWANG_LOGIN_ACCOUNT_SLOWDOWN_FAILURES wrong passwords for
  one account from clients without its device cookie (a guesser spread over many addresses), sign-in to
  that account from unknown clients is slowed to one try every FAWANG_LOGIN_SLOWDOWN_SECONDS. Nobody
  is refused for longer than that, and the clerk's own browser is not slowed at all.

A successful sign-in gives the browser a signed device cookie naming the account (OWASP's "device
cookies"). Attempts refused by the throttle check no password and count nothing. Unknown usernames are
counted like real ones, so the answers do not reveal which accounts exist."""

from __future__ import annotations

import datetime as dt
import secrets
from dataclasses import dataclass

from django.conf import settings
from django.core import signing
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.crypto import salted_hmac

from fawang.core import ratelimit
from fawang.core.context import client_ip

DEVICE_COOKIE = "fawang_device"
DEVICE_COOKIE_DAYS = 180
DEVICE_COOKIE_ACCOUNTS = 5  # a shared window computer remembers its last few clerks
_DEVICE_SALT = "fawang.accounts.throttle.device"


@dataclass(frozen=True)
class SignInRefusal:
    """Why the throttle refused a sign-in attempt, and until when. `reason` is "client" (this account
    from this browser or address), "address" (any account from this address) or "slowed" (this account
    from a browser it has not signed in from, while it is being guessed at)."""

    reason: str
    until: dt.datetime

    @property
    def seconds_left(self) -> int:
        return max(1, int((self.until - timezone.now()).total_seconds() + 0.999))


def _account_key(username: str) -> str:
    # Keys and the cookie carry a keyed hash, not the username itself.
    return salted_hmac(_DEVICE_SALT, username).hexdigest()[:24]


def _window() -> int:
    return settings.FAWANG_LOGIN_WINDOW_MINUTES * 60


def _as_datetime(epoch: float) -> dt.datetime:
    return dt.datetime.fromtimestamp(epoch, tz=dt.UTC)


@dataclass(frozen=True)
class _Attempt:
    account: str  # keyed hash of the username
    address: str  # the client's address (fawang.core.context.client_ip)
    device: str | None  # the device cookie's id when it names this account

    @property
    def client(self) -> str:
        """The account × client pair: the device when the browser is known for the account."""
        return f"{self.account}:dev:{self.device}" if self.device else f"{self.account}:ip:{self.address}"


def _attempt(request: HttpRequest | None, username: str) -> _Attempt:
    account = _account_key(username)
    address = (client_ip(request) if request is not None else None) or "unknown"
    device = _device_for(request, account) if request is not None else None
    return _Attempt(account=account, address=address, device=device)


def _read_device_cookie(request: HttpRequest) -> dict | None:
    raw = request.COOKIES.get(DEVICE_COOKIE)
    if not raw:
        return None
    try:
        value = signing.loads(raw, salt=_DEVICE_SALT, max_age=dt.timedelta(days=DEVICE_COOKIE_DAYS))
    except signing.BadSignature:
        return None
    if not isinstance(value, dict) or not isinstance(value.get("accounts"), list):
        return None
    return value


def _device_for(request: HttpRequest, account: str) -> str | None:
    value = _read_device_cookie(request)
    if value is not None and account in value["accounts"]:
        return str(value.get("id", ""))[:32] or None
    return None


def sign_in_refusal(request: HttpRequest | None, username: str) -> SignInRefusal | None:
    """Whether the throttle refuses this attempt before any password is checked."""
    attempt = _attempt(request, username)
    if until := ratelimit.held_until("login-client", attempt.client):
        return SignInRefusal("client", _as_datetime(until))
    if attempt.device is None:
        if until := ratelimit.held_until("login-address", attempt.address):
            return SignInRefusal("address", _as_datetime(until))
        slowed = (
            ratelimit.attempts("login-account", attempt.account)
            >= settings.FAWANG_LOGIN_ACCOUNT_SLOWDOWN_FAILURES
        )
        if slowed:
            # One try per interval for the whole account from unknown clients: the first to come takes
            # the slot, the others wait out the rest of it.
            seconds = settings.FAWANG_LOGIN_SLOWDOWN_SECONDS
            if until := ratelimit.take_turn("login-slowed", attempt.account, seconds=seconds):
                return SignInRefusal("slowed", _as_datetime(until))
    return None


def record_failure(request: HttpRequest | None, username: str) -> SignInRefusal | None:
    """Count a wrong password; the refusal it triggers for the next attempts, if any."""
    attempt = _attempt(request, username)
    lock_seconds = settings.FAWANG_LOGIN_LOCKOUT_MINUTES * 60
    refusal = None
    failures = ratelimit.count_attempt("login-client", attempt.client, window_seconds=_window())
    if failures >= settings.FAWANG_LOGIN_MAX_FAILURES:
        ratelimit.forget("login-client", attempt.client)
        refusal = SignInRefusal(
            "client", _as_datetime(ratelimit.hold("login-client", attempt.client, seconds=lock_seconds))
        )
    if attempt.device is None:
        # A known browser's mistakes are its own: they neither hold the office's address nor slow
        # the account down for everybody else.
        ratelimit.count_attempt("login-account", attempt.account, window_seconds=_window())
        from_address = ratelimit.count_attempt("login-address", attempt.address, window_seconds=_window())
        if from_address >= settings.FAWANG_LOGIN_ADDRESS_MAX_FAILURES:
            ratelimit.forget("login-address", attempt.address)
            until = ratelimit.hold("login-address", attempt.address, seconds=lock_seconds)
            refusal = refusal or SignInRefusal("address", _as_datetime(until))
    return refusal


def record_success(request: HttpRequest | None, username: str) -> None:
    """The pair's count starts again; the address and account counts do not (signing in to one's own
    account must not wipe the trace of guesses at others)."""
    ratelimit.forget("login-client", _attempt(request, username).client)


def remember_device(request: HttpRequest, response: HttpResponse, username: str) -> None:
    """After a successful sign-in: the browser's device cookie now names this account too."""
    value = _read_device_cookie(request) or {"id": secrets.token_urlsafe(12), "accounts": []}
    account = _account_key(username)
    accounts = [account] + [a for a in value["accounts"] if a != account]
    value["accounts"] = accounts[:DEVICE_COOKIE_ACCOUNTS]
    response.set_cookie(
        DEVICE_COOKIE,
        signing.dumps(value, salt=_DEVICE_SALT),
        max_age=DEVICE_COOKIE_DAYS * 24 * 3600,
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Lax",
    )
