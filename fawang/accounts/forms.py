from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .backends import login_lock_status


class LockoutAuthenticationForm(AuthenticationForm):
    """Django's login form, saying plainly when an account is locked and until when."""

    error_messages = {
        **AuthenticationForm.error_messages,
        "locked": _("Too many failed attempts: this account is locked until %(time)s."),
    }

    def clean(self) -> dict[str, Any]:
        try:
            return super().clean()
        except forms.ValidationError:
            until = login_lock_status(self.cleaned_data.get("username") or "")
            if until is not None:
                raise forms.ValidationError(
                    self.error_messages["locked"],
                    code="locked",
                    params={"time": timezone.localtime(until).strftime("%H:%M")},
                ) from None
            raise
