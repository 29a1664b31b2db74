from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from .backends import sign_in_refusal_of


class ThrottledAuthenticationForm(AuthenticationForm):
    """Django's login form, saying plainly when the sign-in throttle (ADR 0012) refused the attempt:
    why, and until when, instead of "wrong password"."""

    error_messages = {
        **AuthenticationForm.error_messages,
        "throttled_client": _(
            "Too many wrong passwords for this account from this computer or network: sign-in from here "
            "is paused until %(time)s. If you have forgotten the password, ask your administrator to "
            "reset it."
        ),
        "throttled_address": _(
            "Too many failed sign-in attempts from your network: sign-in from here is paused until %(time)s."
        ),
        "throttled_slowed": _(
            "This account has had many failed sign-in attempts from elsewhere, so sign-in from a computer "
            "it has not used before is slowed down: wait %(seconds)s seconds and try again. The computer "
            "you usually sign in from is not affected."
        ),
    }

    def clean(self) -> dict[str, Any]:
        try:
            return super().clean()
        except forms.ValidationError:
            refusal = sign_in_refusal_of(self.request)
            if refusal is None:
                raise
            raise forms.ValidationError(
                self.error_messages[f"throttled_{refusal.reason}"],
                code=f"throttled_{refusal.reason}",
                params={
                    "time": date_format(timezone.localtime(refusal.until), "TIME_FORMAT"),
                    "seconds": refusal.seconds_left,
                },
            ) from None
