from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class IdempotencyRecord(models.Model):
    """One `Idempotency-Key` a client sent with a POST, and the response it got (ADR 0010).

    The row is inserted *before* the handler runs, so the unique (scope, key) constraint is what stops
    two simultaneous retries from both creating an order: the second one finds the row still in flight
    (`response_status` empty) and is told so. Rows are kept 24 hours, then purged."""

    scope = models.CharField(max_length=64)  # whose key: "user:<id>" or "anonymous"
    key = models.CharField(max_length=255)
    method = models.CharField(max_length=8)
    path = models.CharField(max_length=255)
    request_hash = models.CharField(max_length=64)  # SHA-256 of method, path and body
    response_status = models.PositiveSmallIntegerField(null=True, blank=True)  # empty while in flight
    response_body = models.JSONField(null=True, blank=True)
    created_at = models.DateTimeField(db_index=True)
    completed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("idempotency record")
        verbose_name_plural = _("idempotency records")
        constraints = [models.UniqueConstraint(fields=["scope", "key"], name="idempotency_scope_key_unique")]

    def __str__(self) -> str:
        return f"{self.scope} {self.key}"

    @property
    def in_flight(self) -> bool:
        return self.response_status is None
