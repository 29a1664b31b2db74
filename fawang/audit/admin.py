from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from fawang.accounts import policy
from fawang.accounts.admin import JurisdictionScopedAdmin

from .models import AuditEntry


@admin.register(AuditEntry)
class AuditEntryAdmin(JurisdictionScopedAdmin):
    """Read-only for everyone, superusers included: no add, change or delete, ever."""

    scope = policy.scope_audit_entries
    view_action = "audit.view"
    change_action = None
    list_display = ("created_at", "actor_label", "action", "entity_type", "entity_id", "channel", "ip")
    list_filter = ("action", "channel", "entity_type")
    search_fields = ("action", "entity_id", "actor_label")
    date_hierarchy = "created_at"
    fields = (*list_display, "before", "after")
    readonly_fields = fields
    actions = None

    def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
