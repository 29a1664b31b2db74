"""Back-office admin for the service network. Every list and change page is scoped through
fawang.accounts.policy exactly like the selectors, and every save or delete goes through
network_record_save/delete, which refuse records outside the actor's jurisdiction: a Ganzi clerk
neither sees nor changes Chengdu's network here."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db import models
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from fawang.accounts import policy
from fawang.accounts.enums import UserKind
from fawang.accounts.models import User
from fawang.regions.models import Region

from .models import Institution, Practitioner, RosterShift, ServicePoint
from .services import network_can_change, network_record_delete, network_record_save


class JurisdictionScopedAdmin(admin.ModelAdmin):
    """Permissions come from the policy's actions (`network.view`, `network.change`) and the actor's
    jurisdiction, not from Django's per-model permission rows, so there is one source of truth."""

    scope = staticmethod(policy.scope_service_points)
    list_per_page = 50

    def get_queryset(self, request: HttpRequest) -> models.QuerySet:
        return self.scope(request.user, super().get_queryset(request))

    def has_module_permission(self, request: HttpRequest) -> bool:
        return policy.has_action(request.user, "network.view")

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        if not policy.has_action(request.user, "network.view"):
            return False
        return obj is None or self.get_queryset(request).filter(pk=obj.pk).exists()

    def has_add_permission(self, request: HttpRequest) -> bool:
        return policy.has_action(request.user, "network.change")

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        if not policy.has_action(request.user, "network.change"):
            return False
        return obj is None or network_can_change(request.user, obj)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self.has_change_permission(request, obj)

    def formfield_for_foreignkey(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        # Choices are limited to the jurisdiction, so an id typed into a raw-id box from elsewhere is
        # refused by the form with the field named ("Select a valid choice").
        from .selectors import institutions_for_actor, practitioners_for_actor, service_points_for_actor

        actor = request.user
        target = db_field.related_model
        if target is Region:
            path = policy.jurisdiction_path(actor)
            if actor.is_superuser:
                kwargs["queryset"] = Region.objects.all()
            else:
                kwargs["queryset"] = (
                    Region.objects.filter(path__startswith=path) if path else Region.objects.none()
                )
        elif target is ServicePoint:
            kwargs["queryset"] = service_points_for_actor(actor)
        elif target is Institution:
            kwargs["queryset"] = institutions_for_actor(actor)
        elif target is Practitioner:
            kwargs["queryset"] = practitioners_for_actor(actor)
        elif target is User and not actor.is_superuser:
            path = policy.jurisdiction_path(actor)
            kwargs["queryset"] = (
                User.objects.filter(kind=UserKind.STAFF, jurisdiction_region__path__startswith=path)
                if path
                else User.objects.none()
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        m2m = {f.name for f in obj._meta.many_to_many}
        changed = [f for f in form.changed_data if f not in m2m] if change else None
        before = {f: form.initial.get(f) for f in changed} if changed else None
        network_record_save(actor=request.user, instance=obj, changed_fields=changed, before=before)

    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        network_record_delete(actor=request.user, instance=obj)

    def delete_queryset(self, request: HttpRequest, queryset: models.QuerySet) -> None:
        for obj in queryset:
            network_record_delete(actor=request.user, instance=obj)


@admin.register(ServicePoint)
class ServicePointAdmin(JurisdictionScopedAdmin):
    scope = staticmethod(policy.scope_service_points)
    list_display = ("name", "code", "kind", "level", "region", "is_active")
    list_filter = ("kind", "level", "is_active")
    search_fields = ("name", "code", "region__name")
    raw_id_fields = ("region",)
    filter_horizontal = ("service_items",)
    list_select_related = ("region",)


@admin.register(Institution)
class InstitutionAdmin(JurisdictionScopedAdmin):
    scope = staticmethod(policy.scope_institutions)
    list_display = ("name", "code", "kind", "region", "serves_region", "is_active")
    list_filter = ("kind", "is_active")
    search_fields = ("name", "code", "licence_no", "region__name")
    raw_id_fields = ("region", "serves_region", "service_point")
    filter_horizontal = ("service_items",)
    list_select_related = ("region", "serves_region")


@admin.register(Practitioner)
class PractitionerAdmin(JurisdictionScopedAdmin):
    scope = staticmethod(policy.scope_practitioners)
    list_display = ("name", "kind", "licence_no", "institution", "region", "languages_display", "status")
    list_filter = ("kind", "status")
    search_fields = ("name", "licence_no", "institution__name")
    raw_id_fields = ("institution", "region", "user")
    list_select_related = ("institution", "region")

    @admin.display(description=_("languages"))
    def languages_display(self, obj: Practitioner) -> str:
        return ", ".join(obj.languages)


def _scope_roster(actor: Any, qs: models.QuerySet) -> models.QuerySet:
    """A roster shift is visible where its service point is."""
    return qs.filter(service_point__in=policy.scope_service_points(actor, ServicePoint.objects.all()))


@admin.register(RosterShift)
class RosterShiftAdmin(JurisdictionScopedAdmin):
    scope = staticmethod(_scope_roster)
    list_display = ("date", "shift", "duty", "service_point", "practitioner", "staff")
    list_filter = ("duty", "shift", "date")
    search_fields = ("service_point__name", "practitioner__name", "staff__display_name")
    raw_id_fields = ("service_point", "practitioner", "staff")
    list_select_related = ("service_point", "practitioner", "staff")
    date_hierarchy = "date"
