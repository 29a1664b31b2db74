"""Back-office admin for the service catalog: everyone on staff may read it (it is public anyway);
only provincial administrators change it, through service_item_save (audited)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from fawang.accounts import policy

from .models import LifeEvent, LifeEventItem, RoutingRule, ServiceItem, TimeLimit
from .services import catalog_can_change, service_item_save


class CatalogPermissions:
    def has_module_permission(self, request: HttpRequest) -> bool:
        return policy.has_action(request.user, "network.view")

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return policy.has_action(request.user, "network.view")

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return catalog_can_change(request.user)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return catalog_can_change(request.user)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        # Orders refer to items; an item is retired with is_active, never deleted.
        return False


class RoutingRuleInline(CatalogPermissions, admin.TabularInline):
    model = RoutingRule
    extra = 0


class TimeLimitInline(CatalogPermissions, admin.TabularInline):
    """The item's law table, shown read-only: a limit changes with the statute, through the data file
    and `catalog_load` (reviewed like code), never by a click that would move clocks started later
    without a citation check (docs/adr/0011)."""

    model = TimeLimit
    extra = 0
    fields = (
        "name",
        "label",
        "limit",
        "unit",
        "starts_on",
        "stops_on",
        "pauses_while_suspended",
        "legal_basis",
        "extends_on",
        "extension",
        "extension_basis",
    )
    readonly_fields = fields

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(ServiceItem)
class ServiceItemAdmin(CatalogPermissions, admin.ModelAdmin):
    list_display = (
        "code",
        "name",
        "name_en",
        "category",
        "time_limit",
        "time_limit_unit",
        "legal_basis",
        "is_active",
    )
    list_filter = ("category", "time_limit_unit", "is_active")
    search_fields = ("code", "name", "name_en", "legal_basis")
    inlines = [TimeLimitInline, RoutingRuleInline]

    def save_model(self, request: HttpRequest, obj: ServiceItem, form: Any, change: bool) -> None:
        changed = list(form.changed_data) if change else None
        before = {f: form.initial.get(f) for f in changed} if changed else None
        service_item_save(actor=request.user, item=obj, changed_fields=changed, before=before)


class LifeEventItemInline(CatalogPermissions, admin.TabularInline):
    model = LifeEventItem
    extra = 0
    fields = ("service_item", "sort_order")
    readonly_fields = fields

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(LifeEvent)
class LifeEventAdmin(CatalogPermissions, admin.ModelAdmin):
    """Shown read-only: life events and their items change through data/life_events.json and
    `manage.py catalog_load` (checked as a whole, with their translations), their wording in other
    languages in the translations back office."""

    list_display = ("code", "name", "audience", "sort_order", "is_active")
    list_filter = ("audience", "is_active")
    search_fields = ("code", "name")
    fields = ("code", "name", "audience", "description", "sort_order", "is_active")
    readonly_fields = fields
    inlines = [LifeEventItemInline]

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
