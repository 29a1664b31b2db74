"""Who is calling the API. Staff endpoints take `auth=api_staff_auth` (a bearer token, or the web
session with its CSRF token); public endpoints take `auth=OptionalCitizenAuth()` and read
`request.auth`, which is the citizen (or staff) user when one is recognised and AnonymousUser
otherwise."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest
from django.utils import timezone, translation
from ninja.security import APIKeyCookie, HttpBearer
from ninja.utils import check_csrf

from fawang.accounts.enums import UserKind
from fawang.accounts.models import ApiToken, User
from fawang.accounts.services import token_hash

# Writing last_used_at on every request would turn each API read into a write; once a minute is
# enough to tell a live token from a forgotten one.
LAST_USED_RESOLUTION = dt.timedelta(minutes=1)


def user_for_token(raw: str) -> User | None:
    """The active user a bearer token belongs to, or None (unknown, revoked, expired)."""
    if not raw:
        return None
    now = timezone.now()
    token = (
        # With the user's institution, as the session's user is (fawang.accounts.backends.get_user).
        ApiToken.objects.select_related("user__jurisdiction_institution")
        .filter(key_hash=token_hash(raw.strip()), revoked_at__isnull=True)
        .first()
    )
    if token is None or (token.expires_at is not None and token.expires_at <= now):
        return None
    if not token.user.is_active:
        return None
    if token.last_used_at is None or now - token.last_used_at >= LAST_USED_RESOLUTION:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user


def in_account_language(request: HttpRequest, user: Any) -> Any:
    """Answer a recognised caller in their account's language, as pages do (ADR 0013: the account,
    then the cookie, then Accept-Language; the middleware that applies the account's choice to pages
    leaves /api/ alone, and a token's account is known only here). Returns `user`."""
    code = getattr(user, "preferred_language", "") or ""
    if code:
        try:
            language = translation.get_supported_language_variant(code)
        except LookupError:
            return user
        translation.activate(language)
        request.LANGUAGE_CODE = language
    return user


def _is_staff(user: Any) -> bool:
    return isinstance(user, User) and user.is_active and user.kind == UserKind.STAFF


class StaffTokenAuth(HttpBearer):
    """`Authorization: Bearer fw_…` for a staff account (made with `manage.py api_token_create`)."""

    def authenticate(self, request: HttpRequest, token: str) -> User | None:
        user = user_for_token(token)
        return in_account_language(request, user) if _is_staff(user) else None


class SessionStaffAuth(APIKeyCookie):
    """The web session of a signed-in staff member; unsafe methods need the CSRF token."""

    param_name = settings.SESSION_COOKIE_NAME

    def authenticate(self, request: HttpRequest, key: str | None) -> User | None:
        user = getattr(request, "user", None)
        return in_account_language(request, user) if _is_staff(user) else None


api_staff_auth = [StaffTokenAuth(), SessionStaffAuth()]


class OptionalCitizenAuth:
    """Never refuses: anonymous callers get AnonymousUser. A bearer token or a session is recognised
    (a session only with a valid CSRF token on unsafe methods, so another site cannot act as the
    citizen); an invalid token is treated as anonymous rather than trusted."""

    openapi_type = "http"
    openapi_scheme = "bearer"

    def __call__(self, request: HttpRequest) -> Any:
        header = request.headers.get("Authorization", "")
        if header.lower().startswith("bearer "):
            user = user_for_token(header[7:])
            if user is not None:
                return in_account_language(request, user)
        user = getattr(request, "user", None)
        signed_in = isinstance(user, User) and user.is_active and user.is_authenticated
        if signed_in and check_csrf(request) is None:
            return in_account_language(request, user)
        return AnonymousUser()
