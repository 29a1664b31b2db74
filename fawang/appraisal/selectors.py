"""Judicial appraisal's reads: who sees an entrustment (the staff the engine's policy lets see its
order — the institution, the justice bureau where it is registered — and the officers of the body that
entrusted it), the lists of each, the registry, the reports and complaints of the jurisdiction."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from fawang.accounts import policy
from fawang.core.types import Actor
from fawang.network.enums import InstitutionKind, PractitionerKind
from fawang.orders.models import ServiceOrder

from .enums import WORKFLOW
from .models import AppraiserRegistration, Complaint, ConductReport, Entrustment
from .services import COMPLAINTS, body_of


def entrustments_for(actor: Actor) -> QuerySet[Entrustment]:
    """The entrustments the actor may read: their body's, and those whose order they may see; the
    green channel first, then the newest."""
    if not policy.is_staff_actor(actor):
        return Entrustment.objects.none()
    visible = policy.scope_orders(actor, ServiceOrder.objects.filter(workflow=WORKFLOW)).values("pk")
    q = Q(order__in=visible)
    body = body_of(actor)
    if body is not None:
        q |= Q(body=body)
    return (
        Entrustment.objects.filter(q)
        .select_related("order", "institution", "body")
        .order_by("-green_channel", "-order__submitted_at")
    )


def can_see_entrustment(actor: Actor, entrustment: Entrustment) -> bool:
    if policy.can_see_order(actor, entrustment.order):
        return True
    body = body_of(actor)
    return body is not None and body.pk == entrustment.body_id


def entrustment_get(actor: Actor, tracking_no: str) -> Entrustment | None:
    """One entrustment by its tracking number if the actor may read it (None otherwise, alike)."""
    found = (
        Entrustment.objects.select_related("order", "institution", "body", "order__service_item")
        .filter(order__tracking_no=(tracking_no or "")[:32].strip().upper())
        .first()
    )
    if found is None or not can_see_entrustment(actor, found):
        return None
    return found


def registry() -> list[dict[str, Any]]:
    """The public registry (名册): active appraisal institutions, their categories and appraisers with
    licence number, status and categories."""
    from fawang.network.models import Institution, Practitioner

    institutions = list(
        Institution.objects.filter(kind=InstitutionKind.APPRAISAL_INSTITUTION, is_active=True)
        .select_related("region")
        .order_by("region__code", "name")
    )
    people: dict[int, list[Any]] = {}
    regs = {
        r.practitioner_id: r
        for r in AppraiserRegistration.objects.filter(
            practitioner__institution__in=[i.pk for i in institutions]
        )
    }
    for p in Practitioner.objects.filter(
        kind=PractitionerKind.APPRAISER, institution__in=[i.pk for i in institutions]
    ).order_by("name"):
        people.setdefault(p.institution_id, []).append({"p": p, "reg": regs.get(p.pk)})
    return [{"institution": i, "appraisers": people.get(i.pk, [])} for i in institutions]


def reports_for(actor: Actor) -> QuerySet[ConductReport]:
    """Conduct reports about institutions of the jurisdiction (those who handle complaints read them),
    and the actor's own."""
    q = Q(reported_by=actor) if policy.is_staff_actor(actor) else Q(pk__in=[])
    if policy.has_action(actor, COMPLAINTS):
        path = policy.jurisdiction_path(actor)  # type: ignore[arg-type]
        if actor.is_superuser:  # type: ignore[union-attr]
            q = Q()
        elif path:
            q |= Q(region_path__startswith=path)
    return ConductReport.objects.filter(q).select_related("institution", "entrustment__order")


def complaints_for(actor: Actor) -> QuerySet[Complaint]:
    if not policy.has_action(actor, COMPLAINTS):
        return Complaint.objects.none()
    if actor.is_superuser:  # type: ignore[union-attr]
        return Complaint.objects.select_related("institution", "referred_order")
    path = policy.jurisdiction_path(actor)  # type: ignore[arg-type]
    if not path:
        return Complaint.objects.none()
    return Complaint.objects.filter(region_path__startswith=path).select_related(
        "institution", "referred_order"
    )
