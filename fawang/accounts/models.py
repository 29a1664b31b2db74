from __future__ import annotations

from typing import Any, ClassVar, Self

from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from fawang.core.fields import EncryptedTextField
from fawang.core.identity import mask_mobile, mask_resident_id

from .enums import Role, UserKind


class User(AbstractUser):
    """One account model for staff and citizens. Staff log in with a username and password; citizens
    are identified by a verified mobile number. Personal numbers are stored encrypted, with a
    blind index for lookup (see fawang.core.identity)."""

    kind = models.CharField(
        _("account type"), max_length=16, choices=UserKind.choices, default=UserKind.CITIZEN
    )
    display_name = models.CharField(pgettext_lazy("person", "name"), max_length=64, blank=True)
    phone = EncryptedTextField(_("mobile number"), blank=True, default="")
    phone_index = models.CharField(
        _("mobile number index"), max_length=64, blank=True, default="", db_index=True
    )
    phone_verified_at = models.DateTimeField(_("mobile number verified at"), null=True, blank=True)
    id_number = EncryptedTextField(_("resident ID number"), blank=True, default="")
    id_number_index = models.CharField(
        _("resident ID number index"), max_length=64, blank=True, default="", db_index=True
    )
    preferred_language = models.CharField(_("preferred language"), max_length=8, default="zh-hans")
    # Jurisdiction: a region subtree and/or one institution. Nobody sees outside it.
    jurisdiction_region = models.ForeignKey(
        "regions.Region",
        verbose_name=_("jurisdiction region"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    jurisdiction_institution = models.ForeignKey(
        "network.Institution",
        verbose_name=_("jurisdiction institution"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="staff",
    )
    service_point = models.ForeignKey(
        "network.ServicePoint",
        verbose_name=_("service point"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="staff",
    )

    objects: ClassVar[UserManager[Self]] = UserManager()

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [
            models.UniqueConstraint(
                fields=["phone_index"],
                condition=models.Q(kind=UserKind.CITIZEN) & ~models.Q(phone_index=""),
                name="citizen_phone_unique",
            )
        ]

    def __str__(self) -> str:
        return self.display_name or self.username

    @property
    def is_citizen(self) -> bool:
        return self.kind == UserKind.CITIZEN

    @property
    def masked_phone(self) -> str:
        return mask_mobile(self.phone)

    @property
    def masked_id_number(self) -> str:
        return mask_resident_id(self.id_number)

    @property
    def role_set(self) -> frozenset[str]:
        """Roles, read once per request object (prefetch `roles` in lists)."""
        cached = getattr(self, "_role_set", None)
        if cached is None:
            cached = frozenset(r.role for r in self.roles.all()) if self.pk else frozenset()
            self._role_set = cached
        return cached

    def has_role(self, *roles: str) -> bool:
        return bool(self.role_set.intersection(roles))

    @property
    def practitioner_pk(self) -> int | None:
        """The id of the practitioner this account logs in as (`network.Practitioner.user`), or None;
        read once per request object, like `role_set`."""
        if not hasattr(self, "_practitioner_pk"):
            # network.Practitioner, which accounts (below network) does not name, not even for mypy.
            practitioner_model: Any = self._meta.get_field("practitioner").related_model
            self._practitioner_pk = (
                practitioner_model.objects.filter(user_id=self.pk).values_list("pk", flat=True).first()
                if self.pk
                else None
            )
        return self._practitioner_pk


class UserRole(models.Model):
    user = models.ForeignKey(User, verbose_name=_("user"), on_delete=models.CASCADE, related_name="roles")
    role = models.CharField(_("role"), max_length=32, choices=Role.choices)

    class Meta:
        verbose_name = _("role")
        verbose_name_plural = _("roles")
        constraints = [models.UniqueConstraint(fields=["user", "role"], name="user_role_unique")]

    def __str__(self) -> str:
        # The role's label, not its code: this is the row's title in the admin's role inline.
        return f"{self.user}: {self.get_role_display()}"


class ApiToken(models.Model):
    """A bearer token for the API. Only its SHA-256 is stored; the token is shown once."""

    user = models.ForeignKey(
        User, verbose_name=_("user"), on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(_("name"), max_length=64)
    key_hash = models.CharField(_("key hash"), max_length=64, unique=True)
    prefix = models.CharField(_("prefix"), max_length=8)  # shown in lists so a token can be recognised
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("last used at"), null=True, blank=True)
    expires_at = models.DateTimeField(_("expires at"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"


class PhoneVerification(models.Model):
    """The pending sign-in code for one phone (by blind index), with its send-rate window. One row per
    phone, locked with select_for_update while a code is sent or checked, so concurrent requests cannot
    slip past the rate limit or the attempt counter."""

    phone_index = models.CharField(max_length=64, unique=True)
    code_hash = models.CharField(max_length=64, blank=True)  # HMAC of the code; "" when none is valid
    expires_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)  # wrong guesses against the current code
    last_sent_at = models.DateTimeField(null=True, blank=True)
    window_started_at = models.DateTimeField(null=True, blank=True)  # start of the hourly send window
    sent_in_window = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("mobile number verification")
        verbose_name_plural = _("mobile number verifications")

    def __str__(self) -> str:
        return f"verification {self.phone_index[:8]}…"
