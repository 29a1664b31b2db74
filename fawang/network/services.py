"""Writes to the service network: the guarded save/delete that the admin (and any other back-office
screen) goes through. The demo network's generator is in fawang.network.demo."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import models, transaction
from django.utils.translation import gettext as _

from fawang.accounts import policy
from fawang.regions.models import Region

from .models import Institution, RosterShift

# ---- guarded writes (admin and back-office screens) ------------------------------------------------


def _record_region(instance: models.Model) -> Region | None:
    if isinstance(instance, RosterShift):
        return instance.service_point.region if instance.service_point_id else None
    return getattr(instance, "region", None) if getattr(instance, "region_id", None) else None


def network_can_change(actor: Any, instance: models.Model) -> bool:
    """May `actor` change or delete this network record? Needs the `network.change` action and the
    record inside the actor's region subtree (an institution's own staff may change its record)."""
    if not policy.has_action(actor, "network.change"):
        return False
    if actor.is_superuser:
        return True
    region = _record_region(instance)
    if region is not None and policy.region_in_jurisdiction(actor, region.path):
        return True
    institution_id = (
        instance.pk if isinstance(instance, Institution) else getattr(instance, "institution_id", None)
    )
    return bool(institution_id and institution_id == actor.jurisdiction_institution_id)


def _audit(actor: Any, action: str, instance: models.Model, before: dict | None, after: dict | None) -> None:
    from fawang.audit.services import audit_record

    audit_record(actor=actor, action=action, entity=instance, before=before, after=after)


def _snapshot(instance: models.Model, fields: list[str] | None = None) -> dict[str, Any]:
    names = fields or [f.attname for f in instance._meta.concrete_fields]
    return {name: getattr(instance, name, None) for name in names}


def network_record_save(
    *, actor: Any, instance: models.Model, changed_fields: list[str] | None = None, before: dict | None = None
) -> models.Model:
    """Save a service point, institution, practitioner or roster shift on behalf of `actor`, refusing
    anything outside the actor's jurisdiction, and write the audit entry in the same transaction."""
    if not network_can_change(actor, instance):
        raise PermissionDenied(_("This record is outside your jurisdiction."))
    is_new = instance.pk is None
    with transaction.atomic():
        if is_new or not changed_fields:
            instance.save()
        else:
            update_fields = [instance._meta.get_field(f).name for f in changed_fields]
            if any(f.name == "updated_at" for f in instance._meta.concrete_fields):
                update_fields.append("updated_at")
            instance.save(update_fields=update_fields)
        _audit(
            actor,
            f"{instance._meta.model_name}.{'create' if is_new else 'update'}",
            instance,
            None if is_new else before,
            _snapshot(instance, None if is_new else changed_fields),
        )
    return instance


def network_record_delete(*, actor: Any, instance: models.Model) -> None:
    if not network_can_change(actor, instance):
        raise PermissionDenied(_("This record is outside your jurisdiction."))
    with transaction.atomic():
        before = _snapshot(instance)
        _audit(actor, f"{instance._meta.model_name}.delete", instance, before, None)
        instance.delete()
