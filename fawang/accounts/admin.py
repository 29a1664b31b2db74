"""Back-office admin for accounts, and `JurisdictionScopedAdmin`, the mixin every admin uses so the
admin answers the same questions as `fawang.accounts.policy` (roles, not Django's per-model
permissions, decide; objects outside the jurisdiction do not exist)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.db.models import Model, QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from . import policy
from .enums import Role, UserKind
from .models import ApiToken, User, UserRole


def _plain(func: Any) -> Callable[..., Any]:
    # A function stored as a class attribute comes back bound to the admin instance; unwrap it so
    # `scope = policy.scope_service_points` works with or without staticmethod().
    return getattr(func, "__func__", func)


class JurisdictionScopedAdmin(admin.ModelAdmin):
    """Reuse for any model the policy scopes:

        @admin.register(ServicePoint)
        class ServicePointAdmin(JurisdictionScopedAdmin):
            scope = policy.scope_service_points   # (actor, queryset) -> queryset
            view_action = "network.view"
            change_action = "network.change"      # None: read-only for everyone

    The list, the change page and every permission go through `scope`, so an object outside the
    jurisdiction answers "does not exist" exactly like a missing one. Foreign keys listed in
    `scoped_foreign_keys` ({"field": scope_function}) only offer choices inside the jurisdiction."""

    scope: Callable[[Any, QuerySet], QuerySet]
    view_action: str = ""
    change_action: str | None = None
    scoped_foreign_keys: dict[str, Callable[[Any, QuerySet], QuerySet]] = {}

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return _plain(self.scope)(request.user, super().get_queryset(request))

    def _in_scope(self, request: HttpRequest, obj: Model | None) -> bool:
        return obj is None or self.get_queryset(request).filter(pk=obj.pk).exists()

    def _may(self, request: HttpRequest, action: str | None) -> bool:
        return bool(action) and policy.has_action(request.user, action)

    def has_module_permission(self, request: HttpRequest) -> bool:
        return self._may(request, self.view_action or self.change_action)

    def has_view_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return self._may(request, self.view_action or self.change_action) and self._in_scope(request, obj)

    def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
        return self._may(request, self.change_action)

    def has_change_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return self._may(request, self.change_action) and self._in_scope(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return self._may(request, self.change_action) and self._in_scope(request, obj)

    def formfield_for_foreignkey(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        scope = self.scoped_foreign_keys.get(db_field.name)
        if scope is not None:
            kwargs["queryset"] = _plain(scope)(request.user, db_field.remote_field.model.objects.all())
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


def _scope_regions(actor: Any, qs: QuerySet) -> QuerySet:
    if not policy.is_staff_actor(actor):
        return qs.none()
    if actor.is_superuser:
        return qs
    path = policy.jurisdiction_path(actor)
    return qs.filter(path__startswith=path) if path else qs.none()


class UserRoleInline(admin.TabularInline):
    model = UserRole
    extra = 1

    def formfield_for_choice_field(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        # Only the province hands out the provincial administrator role.
        if db_field.name == "role" and not policy.has_action(request.user, "audit.view_all"):
            kwargs["choices"] = [c for c in Role.choices if c[0] != Role.PROVINCIAL_ADMIN]
        return super().formfield_for_choice_field(db_field, request, **kwargs)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return policy.has_action(request.user, "user.manage")

    has_add_permission = has_change_permission = has_delete_permission = has_view_permission


class StaffAdminForm(forms.ModelForm):
    """Refuses a jurisdiction outside the administrator's own, whatever the POST contains."""

    actor: Any = None

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if self.actor is not None and not policy.jurisdiction_within(
            self.actor,
            region=data.get("jurisdiction_region"),
            institution=data.get("jurisdiction_institution"),
            service_point=data.get("service_point"),
        ):
            raise forms.ValidationError(
                gettext("The jurisdiction must lie inside your own."), code="jurisdiction_outside"
            )
        return data


@admin.register(User)
class UserAdmin(JurisdictionScopedAdmin, DjangoUserAdmin):
    scope = policy.scope_users
    view_action = "user.manage"
    change_action = "user.manage"
    scoped_foreign_keys = {
        "jurisdiction_region": _scope_regions,
        "jurisdiction_institution": policy.scope_institutions,
        "service_point": policy.scope_service_points,
    }
    inlines = [UserRoleInline]
    list_display = ("username", "display_name", "kind", "jurisdiction_region", "masked_phone", "is_active")
    list_filter = ("kind", "is_active")
    search_fields = ("username", "display_name")
    readonly_fields = ("masked_phone", "masked_id_number", "last_login", "date_joined", "locked_until")
    # Full phone and ID numbers are never in the admin form; revealing them is an audited service.
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        (_("Person"), {"fields": ("display_name", "kind", "masked_phone", "masked_id_number")}),
        (
            _("Jurisdiction"),
            {"fields": ("jurisdiction_region", "jurisdiction_institution", "service_point")},
        ),
        (_("Access"), {"fields": ("is_active", "is_staff", "locked_until", "last_login", "date_joined")}),
    )
    add_fieldsets = (
        (
            None,
            {
                "classes": ("wide",),
                "fields": (
                    "username",
                    "display_name",
                    "password1",
                    "password2",
                    "jurisdiction_region",
                    "jurisdiction_institution",
                    "service_point",
                ),
            },
        ),
    )

    @admin.display(description=_("mobile number"))
    def masked_phone(self, obj: User) -> str:
        return obj.masked_phone

    @admin.display(description=_("resident ID number"))
    def masked_id_number(self, obj: User) -> str:
        return obj.masked_id_number

    def get_form(self, request: HttpRequest, obj: Any = None, **kwargs: Any) -> Any:
        base = super().get_form(request, obj, **kwargs)
        # Mix the jurisdiction check into whichever form Django's UserAdmin picked (add or change).
        form = type("ScopedStaffForm", (StaffAdminForm, base), {"actor": request.user})
        return form

    def save_model(self, request: HttpRequest, obj: User, form: Any, change: bool) -> None:
        from fawang.audit.services import audit_record

        before = None
        if change:
            before = {f: form.initial.get(f) for f in form.changed_data if f != "password"}
        if not change:
            obj.kind = UserKind.STAFF
            obj.is_staff = True
        super().save_model(request, obj, form, change)
        after = {
            f: form.cleaned_data.get(f) for f in form.changed_data if f not in ("password1", "password2")
        }
        audit_record(
            actor=request.user,
            action="user.change" if change else "user.create",
            entity=obj,
            before=before,
            after=after,
        )


@admin.register(ApiToken)
class ApiTokenAdmin(JurisdictionScopedAdmin):
    """Tokens are created with `manage.py api_token_create` (shown once); here they are only listed
    and revoked."""

    view_action = "user.manage"
    change_action = None
    list_display = ("name", "prefix", "user", "created_at", "last_used_at", "expires_at", "revoked_at")
    fields = list_display
    readonly_fields = list_display

    @staticmethod
    def scope(actor: Any, qs: QuerySet) -> QuerySet:
        return qs.filter(user__in=policy.scope_users(actor, User.objects.all()))
