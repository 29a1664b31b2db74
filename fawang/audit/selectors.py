from __future__ import annotations

from typing import Any

from django.db import models
from django.db.models import QuerySet

from fawang.accounts import policy

from .models import AuditEntry


def audit_entries_for_actor(actor: Any, entity: models.Model | None = None) -> QuerySet[AuditEntry]:
    """The audit trail the actor may read (see `policy.scope_audit_entries`), newest first,
    optionally for one entity."""
    qs = AuditEntry.objects.select_related("actor")
    if entity is not None:
        qs = qs.filter(entity_type=entity._meta.label_lower, entity_id=str(entity.pk))
    return policy.scope_audit_entries(actor, qs)
