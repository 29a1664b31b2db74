"""Back-office admin for accounts, and `JurisdictionScopedAdmin`, the mixin every admin uses so the
admin answers the same questions as `fawang.accounts.policy` (roles, not Django's per-model
permissions, decide; objects outside the jurisdiction do not exist)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, cast

from django import forms
from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import SetPasswordMixin
from django.db.models import Model, QuerySet
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from fawang.core.errors import ValidationFailed
from fawang.core.types import Actor

from . import policy, services
from .access_audit import access_change_audited
from .enums import Role
from .models import ApiToken, User, UserRole


def _admin_user(request: HttpRequest) -> User:
    # The admin site lets only active staff in (AdminSite.has_permission) before any ModelAdmin
    # method runs, so `request.user` is never the anonymous user here.
    return cast(User, request.user)


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

    # (actor, queryset) -> queryset. A plain function assigned here reads to the type checker as a
    # method (its actor taken for `self`), hence `...`: `_plain` unwraps it at run time.
    scope: Callable[..., QuerySet]
    view_action: str = ""
    change_action: str | None = None
    scoped_foreign_keys: dict[str, Callable[[Actor, QuerySet], QuerySet]] = {}

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return _plain(self.scope)(request.user, super().get_queryset(request))

    def _in_scope(self, request: HttpRequest, obj: Model | None) -> bool:
        return obj is None or self.get_queryset(request).filter(pk=obj.pk).exists()

    def _may(self, request: HttpRequest, action: str | None) -> bool:
        return bool(action and policy.has_action(_admin_user(request), action))

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


def _scope_regions(actor: Actor, qs: QuerySet) -> QuerySet:
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
        if db_field.name == "role" and not policy.has_action(_admin_user(request), "audit.view_all"):
            kwargs["choices"] = [c for c in Role.choices if c[0] != Role.PROVINCIAL_ADMIN]
        return super().formfield_for_choice_field(db_field, request, **kwargs)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return policy.has_action(_admin_user(request), "user.manage")

    has_add_permission = has_change_permission = has_delete_permission = has_view_permission


class StaffAdminForm(forms.ModelForm):
    """Refuses a jurisdiction outside the administrator's own, whatever the POST contains."""

    actor: Actor = None

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        assert data is not None  # ModelForm.clean returns cleaned_data
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


class StaffCreationForm(forms.ModelForm):
    """The user admin's add form. It only shapes the input: `services.staff_create_check` decides
    (roles, jurisdiction inside the administrator's own, password strength ...), and each error it
    names is shown on its field; `UserAdmin.save_model` then creates the account through
    `services.staff_create`, which writes the audit entry."""

    password1, password2 = SetPasswordMixin.create_password_fields()
    roles = forms.MultipleChoiceField(
        label=_("roles"), choices=Role.choices, required=False, widget=forms.CheckboxSelectMultiple
    )
    actor: Actor = None

    # The service's field names, where the form calls them otherwise.
    FIELD_OF = {"password": "password2"}

    class Meta:
        model = User
        fields = (
            "username",
            "display_name",
            "jurisdiction_region",
            "jurisdiction_institution",
            "service_point",
        )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Only the province hands out the provincial administrator role (as in the role inline).
        if not policy.has_action(self.actor, "audit.view_all"):
            # The field declared above (Field itself has no `choices`).
            cast(forms.MultipleChoiceField, self.fields["roles"]).choices = [
                c for c in Role.choices if c[0] != Role.PROVINCIAL_ADMIN
            ]

    def staff_fields(self) -> dict[str, Any]:
        """The arguments of `services.staff_create`, from the cleaned form."""
        data = self.cleaned_data
        return {
            "username": data.get("username") or "",
            "password": data.get("password1") or "",
            "display_name": data.get("display_name") or "",
            "roles": data.get("roles") or [],
            "jurisdiction_region": data.get("jurisdiction_region"),
            "jurisdiction_institution": data.get("jurisdiction_institution"),
            "service_point": data.get("service_point"),
        }

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        assert data is not None  # ModelForm.clean returns cleaned_data
        password1, password2 = data.get("password1"), data.get("password2")
        if password1 and password2 and password1 != password2:
            self.add_error(
                "password2",
                forms.ValidationError(
                    SetPasswordMixin.error_messages["password_mismatch"], code="password_mismatch"
                ),
            )
        try:
            services.staff_create_check(actor=self.actor, **self.staff_fields())
        except ValidationFailed as exc:
            for error in exc.errors:
                name = self.FIELD_OF.get(error.field or "", error.field)
                if name in self.errors:  # the field's own check already said what is wrong
                    continue
                self.add_error(name if name in self.fields else None, str(error.message))
        return data

    def validate_unique(self) -> None:
        """The service reports a taken username (on the username field); saying it twice helps nobody."""


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
    list_select_related = ("jurisdiction_region",)
    # A text box for the code, not a <select> of Sichuan's 3,316 regions and ~7,000 places: that made
    # the user page 690 KB.
    raw_id_fields = ("jurisdiction_region", "jurisdiction_institution", "service_point")
    search_fields = ("username", "display_name")
    readonly_fields = ("masked_phone", "masked_id_number", "last_login", "date_joined")
    # Full phone and ID numbers are never in the admin form; revealing them is an audited service.
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        (_("Person"), {"fields": ("display_name", "kind", "masked_phone", "masked_id_number")}),
        (
            _("Jurisdiction"),
            {"fields": ("jurisdiction_region", "jurisdiction_institution", "service_point")},
        ),
        (_("Access"), {"fields": ("is_active", "is_staff", "last_login", "date_joined")}),
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
                    "roles",
                    "jurisdiction_region",
                    "jurisdiction_institution",
                    "service_point",
                ),
            },
        ),
    )
    add_form = StaffCreationForm

    @admin.display(description=_("mobile number"))
    def masked_phone(self, obj: User) -> str:
        return obj.masked_phone

    @admin.display(description=_("resident ID number"))
    def masked_id_number(self, obj: User) -> str:
        return obj.masked_id_number

    def get_form(
        self, request: HttpRequest, obj: User | None = None, change: bool = False, **kwargs: Any
    ) -> Any:
        base = super().get_form(request, obj, change=change, **kwargs)
        if obj is None:
            # The add form: staff_create's own checks, for this administrator.
            return type("ScopedStaffCreationForm", (base,), {"actor": request.user})
        # The change form: the jurisdiction check mixed into Django's UserAdmin form.
        return type("ScopedStaffForm", (StaffAdminForm, base), {"actor": request.user})

    def get_inline_instances(self, request: HttpRequest, obj: Any = None) -> list[Any]:
        # A new account's roles are a field of the add form, checked and saved by staff_create.
        return super().get_inline_instances(request, obj) if obj is not None else []

    def save_model(self, request: HttpRequest, obj: User, form: Any, change: bool) -> None:
        if not change:
            user = services.staff_create(actor=_admin_user(request), **form.staff_fields())
            # The admin goes on with `obj` (its log entry, the redirect): make it the saved account.
            obj.pk = user.pk
            obj.refresh_from_db()
            return
        super().save_model(request, obj, form, change)

    def changeform_view(
        self,
        request: HttpRequest,
        object_id: str | None = None,
        form_url: str = "",
        extra_context: dict[str, Any] | None = None,
    ) -> HttpResponse:
        """A change posted here (the account's fields and its role rows together) is one audit entry
        with what changed before and after, roles included; nothing changed, no entry."""
        user = (
            self.get_object(request, unquote(object_id)) if object_id and request.method == "POST" else None
        )
        if user is None:  # the add form (staff_create audits), a page view, or not found: Django answers
            return super().changeform_view(request, object_id, form_url, extra_context)
        with access_change_audited(actor=_admin_user(request), user=user):
            return super().changeform_view(request, object_id, form_url, extra_context)


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
    def scope(actor: Actor, qs: QuerySet) -> QuerySet:
        return qs.filter(user__in=policy.scope_users(actor, User.objects.all()))
