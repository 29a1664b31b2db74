"""How long a sign-in lasts: a working day at most, and not beyond an idle spell.

A clerk's browser at a window or a hotline desk is shared and left unattended; a session that lived 14
days (Django's default) outlived the shift by two weeks. Every sign-in now ends
FAWANG_SESSION_MAX_HOURS after it began and after FAWANG_SESSION_IDLE_MINUTES without a request,
whichever comes first; the next page then asks to sign in again and says why."""

from __future__ import annotations

import time
from collections.abc import Callable

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _

SIGNED_IN_AT = "fawang_signed_in_at"
SEEN_AT = "fawang_seen_at"
# The last-seen time is written at most this often, so reading a page does not write the session.
_SEEN_RESOLUTION_SECONDS = 60


class SessionLifetimeMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            self._check(request)
        return self.get_response(request)

    def _check(self, request: HttpRequest) -> None:
        session = request.session
        now = time.time()
        signed_in_at = session.get(SIGNED_IN_AT)
        seen_at = session.get(SEEN_AT)
        if signed_in_at is None or seen_at is None:  # just signed in (or a session older than this rule)
            session[SIGNED_IN_AT] = session[SEEN_AT] = now
            return
        idle = now - float(seen_at) > settings.FAWANG_SESSION_IDLE_MINUTES * 60
        too_long = now - float(signed_in_at) > settings.FAWANG_SESSION_MAX_HOURS * 3600
        if idle or too_long:
            logout(request)  # flushes the session; request.user is anonymous from here on
            if idle:
                text = _(
                    "You were signed out after %(minutes)s minutes without activity. Please sign in again."
                )
                messages.info(request, text % {"minutes": settings.FAWANG_SESSION_IDLE_MINUTES})
            else:
                text = _("You were signed out after %(hours)s hours. Please sign in again.")
                messages.info(request, text % {"hours": settings.FAWANG_SESSION_MAX_HOURS})
            return
        if now - float(seen_at) >= _SEEN_RESOLUTION_SECONDS:
            session[SEEN_AT] = now
