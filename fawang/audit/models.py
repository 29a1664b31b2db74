"""The audit trail: one row per create, update or state change, append-only for everyone.

Append-only is enforced three times over, because each layer can be bypassed by the one below it:
the manager (queryset update/delete raise), the model (saving an existing row or deleting raises)
and the database (a trigger refuses UPDATE and DELETE; see migration 0002 and ADR 0005)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from fawang.core.json import UnicodeJSONEncoder


class AuditTrailIsAppendOnly(Exception):
    """Raised when code tries to change or remove an audit entry."""


class AuditEntryQuerySet(models.QuerySet):
    def update(self, **kwargs: Any) -> int:
        raise AuditTrailIsAppendOnly("audit entries cannot be updated")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise AuditTrailIsAppendOnly("audit entries cannot be deleted")

    # bulk_update goes through update(); _raw_delete is what the deletion collector uses for fast
    # deletes, so close it too.
    def _raw_delete(self, using: str) -> int:
        raise AuditTrailIsAppendOnly("audit entries cannot be deleted")


class AuditEntry(models.Model):
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("actor account"),
        null=True,
        blank=True,
        # The actor's account may be deactivated but never deleted while it has audit rows.
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,  # the "audit_actor" index below starts with the actor
    )
    actor_label = models.CharField(_("actor"), max_length=128, blank=True)  # kept even if renamed
    action = models.CharField(_("action"), max_length=64)  # "order.accept"
    entity_type = models.CharField(_("entity type"), max_length=64)  # "orders.serviceorder"
    entity_id = models.CharField(_("entity id"), max_length=64)
    before = models.JSONField(_("before"), encoder=UnicodeJSONEncoder, null=True, blank=True)
    after = models.JSONField(_("after"), encoder=UnicodeJSONEncoder, null=True, blank=True)
    channel = models.CharField(_("channel"), max_length=16, blank=True)
    ip = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    created_at = models.DateTimeField(_("time"), auto_now_add=True, db_index=True)

    objects = AuditEntryQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit entries")
        indexes = [
            models.Index(fields=["entity_type", "entity_id", "created_at"], name="audit_entity"),
            models.Index(fields=["actor", "created_at"], name="audit_actor"),
            # The admin filters by action (equality only: no LIKE index, which db_index=True adds).
            models.Index(fields=["action"], name="audit_action"),
        ]

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.actor_label} {self.action} {self.entity_type}#{self.entity_id}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None and not self._state.adding:
            raise AuditTrailIsAppendOnly("audit entries cannot be changed")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise AuditTrailIsAppendOnly("audit entries cannot be deleted")
