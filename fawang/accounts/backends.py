"""Password sign-in, throttled by client, address and account (fawang/accounts/throttle.py, ADR 0012).

A refused attempt leaves the reason on the request (`request.fawang_sign_in_refusal`) for the login
form to explain; nothing about the account itself is ever locked, so no stranger can lock a clerk out."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.backends import ModelBackend
from django.http import HttpRequest

from . import throttle
from .models import User


def sign_in_refusal_of(request: HttpRequest | None) -> throttle.SignInRefusal | None:
    """Why the last authenticate() on this request was refused by the throttle, if it was."""
    return getattr(request, "fawang_sign_in_refusal", None)


class ThrottledModelBackend(ModelBackend):
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
        if refusal := throttle.sign_in_refusal(request, username):
            self._refuse(request, refusal)
            return None
        try:
            user = User._default_manager.get_by_natural_key(username)
        except User.DoesNotExist:
            User().set_password(password)  # same work as a real check: no timing hint of existence
            user = None
        if user is None or not user.check_password(password) or not self.user_can_authenticate(user):
            # Inactive accounts and unknown names count like wrong passwords: the answers look alike.
            if refusal := throttle.record_failure(request, username):
                self._refuse(request, refusal)
            return None
        throttle.record_success(request, username)
        return user

    # The session's user is loaded with its institution: the policy reads the institution's kind on
    # most staff pages (the navigation asks whether the actor keeps a commission's roster:
    # policy.INSTITUTION_KIND_ONLY), and the join costs less than a second query on every request.
    def get_user(self, user_id: Any) -> User | None:
        try:
            user = User._default_manager.select_related("jurisdiction_institution").get(pk=user_id)
        except User.DoesNotExist:
            return None
        return user if self.user_can_authenticate(user) else None

    async def aget_user(self, user_id: Any) -> User | None:
        try:
            user = await User._default_manager.select_related("jurisdiction_institution").aget(pk=user_id)
        except User.DoesNotExist:
            return None
        return user if self.user_can_authenticate(user) else None

    @staticmethod
    def _refuse(request: HttpRequest | None, refusal: throttle.SignInRefusal) -> None:
        if request is not None:
            request.fawang_sign_in_refusal = refusal  # type: ignore[attr-defined]
