"""Back office: service orders with their timelines, time-limit clocks and supervision orders, to look
things up. Read-only for everyone, superusers included: every change goes through the services from
the staff pages. Scoped like the selectors (`policy.scope_orders`), personal data masked, lists paged
and filtered only by short lists (never by region: Sichuan has 3,316 of them)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from fawang.accounts import policy
from fawang.accounts.admin import JurisdictionScopedAdmin
from fawang.core.identity import (
    mask_mobile,
    mask_resident_id,
)
from fawang.core.types import Actor

from .models import OrderClock, OrderEvent, ServiceOrder, SupervisionOrder
from .tracking import normalise_tracking_number, tracking_number_is_valid


def mask_name(name: str) -> str:
    """陈小明 → 陈**: the family name only."""
    return name[:1] + "*" * (len(name) - 1) if name else ""


def scope_by_order(actor: Actor, qs: QuerySet) -> QuerySet:
    """Rows of an order are visible where the order is."""
    return qs.filter(order__in=policy.scope_orders(actor, ServiceOrder.objects.all()))


def search_by_order(queryset: QuerySet, term: str, *, prefix: str = "") -> QuerySet | None:
    """A tracking number, exactly; None when the term is not one. Not a phone number: the admin's
    search is a GET, and a number in a URL lands in the web server's access log."""
    term = term.strip()
    if tracking_number_is_valid(term):
        return queryset.filter(**{f"{prefix}tracking_no": normalise_tracking_number(term)})
    return None


class ReadOnlyAdmin(JurisdictionScopedAdmin):
    """Look, never touch: no add, change or delete, no bulk actions; counts are not recomputed on every
    page (`show_full_result_count`)."""

    view_action = "order.view"
    change_action = None
    actions = None
    list_per_page = 50
    show_full_result_count = False

    def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class _ReadOnlyInline(admin.TabularInline):
    extra = 0
    max_num = 0
    can_delete = False
    show_change_link = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class OrderEventInline(_ReadOnlyInline):
    model = OrderEvent
    fields = ("created_at", "kind", "from_status", "to_status", "actor", "reason", "is_public")
    readonly_fields = fields
    ordering = ("created_at", "pk")

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return super().get_queryset(request).select_related("actor")


class OrderClockInline(_ReadOnlyInline):
    model = OrderClock
    fields = ("label", "limit", "unit", "legal_basis", "started_at", "due_at", "overdue_at", "stopped_at")
    readonly_fields = fields


class SupervisionOrderInline(_ReadOnlyInline):
    model = SupervisionOrder
    fk_name = "order"
    fields = ("created_at", "kind", "status", "issued_to_region", "deadline", "reason", "response")
    readonly_fields = fields

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return super().get_queryset(request).select_related("issued_to_region")


@admin.register(ServiceOrder)
class ServiceOrderAdmin(ReadOnlyAdmin):
    scope = policy.scope_orders
    list_display = (
        "tracking_no",
        "status",
        "service_item",
        "channel",
        "region",
        "applicant_name_masked",
        "applicant_phone_masked",
        "submitted_at",
        "due_at",
    )
    list_filter = ("status", "channel", "applicant_kind", "due_is_provisional")
    list_select_related = ("service_item", "region")
    search_fields = ("=tracking_no",)
    search_help_text = _(
        "A tracking number (phone numbers are looked up on the staff pages: a search here is in the URL)."
    )
    date_hierarchy = "submitted_at"
    ordering = ("-submitted_at",)
    fields = (
        "tracking_no",
        "status",
        "stage",
        "awaiting",
        "channel",
        "service_item",
        "applicant_kind",
        "applicant_name_masked",
        "applicant_phone_masked",
        "applicant_id_number_masked",
        "enterprise_name",
        "region",
        "language",
        "description",
        "assigned_point",
        "assigned_institution",
        "assigned_practitioner",
        "routing_reason",
        "submitted_at",
        "accepted_at",
        "due_at",
        "resolved_at",
        "closed_at",
        "resolution",
    )
    readonly_fields = fields
    inlines = [OrderClockInline, SupervisionOrderInline, OrderEventInline]

    def get_search_results(self, request: HttpRequest, queryset: QuerySet, search_term: str) -> Any:
        found = search_by_order(queryset, search_term)
        if found is not None:
            return found, False
        return super().get_search_results(request, queryset, search_term)

    @admin.display(description=_("applicant name"))
    def applicant_name_masked(self, obj: ServiceOrder) -> str:
        return mask_name(obj.applicant_name)

    @admin.display(description=_("applicant mobile number"))
    def applicant_phone_masked(self, obj: ServiceOrder) -> str:
        return mask_mobile(obj.applicant_phone)

    @admin.display(description=_("applicant ID number"))
    def applicant_id_number_masked(self, obj: ServiceOrder) -> str:
        return mask_resident_id(obj.applicant_id_number)


class OrderRowsAdmin(ReadOnlyAdmin):
    """Rows that belong to one order: scoped and searched through it."""

    scope = scope_by_order
    search_fields = ("=order__tracking_no",)
    search_help_text = _(
        "A tracking number (phone numbers are looked up on the staff pages: a search here is in the URL)."
    )

    def get_search_results(self, request: HttpRequest, queryset: QuerySet, search_term: str) -> Any:
        found = search_by_order(queryset, search_term, prefix="order__")
        if found is not None:
            return found, False
        return super().get_search_results(request, queryset, search_term)


@admin.register(OrderEvent)
class OrderEventAdmin(OrderRowsAdmin):
    list_display = ("created_at", "order", "kind", "from_status", "to_status", "actor", "is_public")
    list_filter = ("kind", "is_public")
    list_select_related = ("order", "actor")
    date_hierarchy = "created_at"
    ordering = ("-created_at", "-pk")
    fields = (
        "order",
        "created_at",
        "kind",
        "from_status",
        "to_status",
        "actor",
        "reason",
        "is_public",
        "data",
    )
    readonly_fields = fields


@admin.register(OrderClock)
class OrderClockAdmin(OrderRowsAdmin):
    list_display = ("order", "label", "limit", "unit", "started_at", "due_at", "overdue_at", "stopped_at")
    list_filter = ("unit", "due_is_provisional")
    list_select_related = ("order",)
    ordering = ("-started_at", "-pk")
    fields = (
        "order",
        "name",
        "label",
        "limit",
        "unit",
        "legal_basis",
        "pauses_while_suspended",
        "started_at",
        "paused_at",
        "paused_working_days",
        "warn_at",
        "warned_at",
        "due_at",
        "due_is_provisional",
        "overdue_at",
        "stopped_at",
    )
    readonly_fields = fields
