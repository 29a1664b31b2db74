"""Writing the audit trail. Callers pass what changed; personal numbers are masked here, once, so no
caller can forget it and the trail never becomes a second copy of the plaintext."""

from __future__ import annotations

import datetime as dt
import decimal
import ipaddress
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.db import models
from django.utils import timezone

from fawang.core.bulk import insert_rows
from fawang.core.context import current_meta
from fawang.core.identity import mask_mobile, mask_resident_id

from .models import AuditEntry

_PHONE_FIELDS = {"phone", "applicant_phone", "mobile"}
_ID_FIELDS = {"id_number", "applicant_id_number"}


def _is_phone(key: str) -> bool:
    return key in _PHONE_FIELDS or key.endswith("_phone")


def _is_id_number(key: str) -> bool:
    return key in _ID_FIELDS or key.endswith("_id_number")


def _jsonable(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, set, frozenset)):
        return [_jsonable(v) for v in value]
    if isinstance(value, (dt.datetime, dt.date, dt.time)):
        return value.isoformat()
    if isinstance(value, (decimal.Decimal, uuid.UUID)):
        return str(value)
    if isinstance(value, models.Model):
        return str(value.pk)
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    return str(value)


def mask_personal_fields(data: dict[str, Any] | None) -> dict[str, Any] | None:
    """Phones and ID numbers masked, blind indexes dropped (a stable hash of a number still identifies
    the person across rows), nested dicts handled the same way."""
    if data is None:
        return None
    out: dict[str, Any] = {}
    for key, value in data.items():
        key = str(key)
        if key.endswith("_index"):
            continue
        if isinstance(value, dict):
            out[key] = mask_personal_fields(value)
        elif _is_phone(key) and isinstance(value, str):
            out[key] = mask_mobile(value)
        elif _is_id_number(key) and isinstance(value, str):
            out[key] = mask_resident_id(value)
        else:
            out[key] = _jsonable(value)
    return out


def _valid_ip(value: str | None) -> str | None:
    # The address comes from X-Forwarded-For, which a client can fill with anything; an inet column
    # would refuse garbage and take the caller's whole transaction down with it.
    if not value:
        return None
    try:
        return str(ipaddress.ip_address(value))
    except ValueError:
        return None


def _actor_label(actor: Any) -> str:
    if actor is None:
        return "system"
    label = getattr(actor, "display_name", "") or getattr(actor, "username", "") or str(actor)
    return str(label)[:128]


@dataclass(frozen=True)
class AuditItem:
    """One entry for `audit_record_many`: the same arguments as `audit_record`."""

    actor: Any
    action: str
    entity: models.Model
    before: dict[str, Any] | None
    after: dict[str, Any] | None


def _values(item: AuditItem, channel: str, ip: str | None) -> dict[str, Any]:
    """An entry's columns (by attname), masked; `created_at` is the caller's."""
    actor = item.actor
    actor_id = getattr(actor, "pk", None)
    return {
        "actor_id": actor_id,
        "actor_label": _actor_label(actor) if actor_id is not None or actor is None else "anonymous",
        "action": item.action,
        "entity_type": item.entity._meta.label_lower,
        "entity_id": str(item.entity.pk),
        "before": mask_personal_fields(item.before),
        "after": mask_personal_fields(item.after),
        "channel": channel,
        "ip": ip,
    }


def audit_record(
    *,
    actor: Any,
    action: str,
    entity: models.Model,
    before: dict[str, Any] | None,
    after: dict[str, Any] | None,
) -> AuditEntry:
    """Append one audit entry in the caller's transaction. `actor` may be None (the system, or an
    anonymous applicant); channel and IP come from `fawang.core.context.current_meta()`."""
    meta = current_meta()
    entry = AuditEntry(
        **_values(AuditItem(actor, action, entity, before, after), meta.channel or "", _valid_ip(meta.ip))
    )
    entry.save(force_insert=True)
    return entry


def audit_record_many(items: Sequence[AuditItem]) -> list[int]:
    """Append several entries in one INSERT (batch work such as the deadline sweep), masked exactly as
    `audit_record` masks them; channel and IP from the current context as there. Returns their ids.
    The rows go as plain values, not model instances (`fawang.core.bulk`): the sweep writes two per
    order it acts on."""
    if not items:
        return []
    meta = current_meta()
    channel, ip, now = meta.channel or "", _valid_ip(meta.ip), timezone.now()
    rows = [{**_values(item, channel, ip), "created_at": now} for item in items]
    return insert_rows(AuditEntry, rows)
