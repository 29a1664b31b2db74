from __future__ import annotations

import re
from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from fawang.accounts import policy
from fawang.accounts.admin import JurisdictionScopedAdmin
from fawang.core.identity import mask_mobile

from .models import SmsMessage


@admin.register(SmsMessage)
class SmsMessageAdmin(JurisdictionScopedAdmin):
    """What the SMS backend recorded, for the province to check wording and volume; numbers masked."""

    view_action = "audit.view_all"
    change_action = None
    list_display = ("created_at", "masked_phone", "template", "status", "text_shown")
    list_filter = ("template", "status")
    fields = list_display
    readonly_fields = list_display

    @staticmethod
    def scope(actor: Any, qs: QuerySet) -> QuerySet:
        return (
            qs if policy.is_province_wide(actor) and policy.has_action(actor, "audit.view_all") else qs.none()
        )

    @admin.display(description=_("mobile number"))
    def masked_phone(self, obj: SmsMessage) -> str:
        return mask_mobile(obj.phone)

    @admin.display(description=_("text"))
    def text_shown(self, obj: SmsMessage) -> str:
        # A live sign-in code would let whoever reads this list sign in as the citizen.
        if obj.template == "login.code":
            return re.sub(r"\d{6}", "••••••", obj.text)
        return obj.text
