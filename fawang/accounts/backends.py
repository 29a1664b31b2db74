"""Password login with lockout: after FAWANG_LOGIN_MAX_FAILURES failures in a row the account is
locked for FAWANG_LOGIN_LOCKOUT_MINUTES, and while locked even the right password is refused."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.contrib.auth.backends import ModelBackend
from django.db.models import F, Q
from django.http import HttpRequest
from django.utils import timezone

from .models import User


def login_lock_status(username: str) -> dt.datetime | None:
    """When the account's lock ends (aware datetime), or None when it may log in. Unknown usernames
    answer None, like unlocked ones, so the login page does not reveal which accounts exist."""
    locked_until = (
        User.objects.filter(username=username, locked_until__gt=timezone.now())
        .values_list("locked_until", flat=True)
        .first()
    )
    return locked_until


def _record_failure(user: User) -> None:
    limit = settings.FAWANG_LOGIN_MAX_FAILURES
    now = timezone.now()
    # Both updates are conditional single statements, so concurrent failures all count and exactly
    # the one that reaches the limit sets the lock.
    User.objects.filter(pk=user.pk).update(failed_login_count=F("failed_login_count") + 1)
    User.objects.filter(pk=user.pk, failed_login_count__gte=limit).update(
        failed_login_count=0,
        locked_until=now + dt.timedelta(minutes=settings.FAWANG_LOGIN_LOCKOUT_MINUTES),
    )


def _record_success(user: User) -> None:
    User.objects.filter(pk=user.pk).filter(
        Q(failed_login_count__gt=0) | Q(locked_until__isnull=False)
    ).update(failed_login_count=0, locked_until=None)


class LockoutModelBackend(ModelBackend):
    def authenticate(
        self,
        request: HttpRequest | None,
        username: str | None = None,
        password: str | None = None,
        **kwargs: Any,
    ) -> User | None:
        if username is None:
            username = kwargs.get(User.USERNAME_FIELD)
        if username is None or password is None:
            return None
        try:
            user = User._default_manager.get_by_natural_key(username)
        except User.DoesNotExist:
            User().set_password(password)  # same work as a real check: no timing hint of existence
            return None
        if user.locked_until is not None and user.locked_until > timezone.now():
            if request is not None:
                request.fawang_locked_until = user.locked_until  # type: ignore[attr-defined]
            return None
        if not user.check_password(password):
            if self.user_can_authenticate(user):
                _record_failure(user)
                if request is not None and (until := login_lock_status(username)):
                    request.fawang_locked_until = until  # type: ignore[attr-defined]
            return None
        if not self.user_can_authenticate(user):
            return None
        _record_success(user)
        user.failed_login_count, user.locked_until = 0, None
        return user
