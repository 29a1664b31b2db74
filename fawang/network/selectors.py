"""Reads over the service network, always scoped to what the actor may see (fawang.accounts.policy)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import QuerySet

from fawang.accounts import policy

from .enums import PractitionerStatus
from .models import Institution, Practitioner, RosterShift, ServicePoint


def service_points_for_actor(actor: Any, *, kind: str | None = None) -> QuerySet[ServicePoint]:
    qs = ServicePoint.objects.select_related("region")
    if kind:
        qs = qs.filter(kind=kind)
    return policy.scope_service_points(actor, qs)


def institutions_for_actor(actor: Any, *, kind: str | None = None) -> QuerySet[Institution]:
    qs = Institution.objects.select_related("region", "serves_region")
    if kind:
        qs = qs.filter(kind=kind)
    return policy.scope_institutions(actor, qs)


def _speaks(qs: QuerySet[Practitioner], language: str) -> QuerySet[Practitioner]:
    # `languages` is a JSON list of codes. JSON containment (`__contains`) is not available on SQLite,
    # so match the quoted code in the JSON text, which both databases answer the same way.
    return qs.filter(languages__icontains=f'"{language}"')


def practitioners_for_actor(
    actor: Any, language: str | None = None, kind: str | None = None, *, active_only: bool = False
) -> QuerySet[Practitioner]:
    """Practitioners in the actor's jurisdiction, optionally only those who speak `language`
    (zh/bo/ii/en) or are of one `kind`."""
    qs = Practitioner.objects.select_related("institution", "region")
    if language:
        qs = _speaks(qs, language)
    if kind:
        qs = qs.filter(kind=kind)
    if active_only:
        qs = qs.filter(status=PractitionerStatus.ACTIVE)
    return policy.scope_practitioners(actor, qs)


def roster_on_duty(
    *, service_point: ServicePoint, date: dt.date, shift: str | None = None
) -> QuerySet[RosterShift]:
    """Who is on duty at a point on a day (and shift). Not actor-scoped: routing asks it on behalf of
    the system, and a point's roster is not personal data beyond the names it shows."""
    qs = RosterShift.objects.filter(service_point=service_point, date=date).select_related(
        "practitioner", "staff"
    )
    if shift:
        qs = qs.filter(shift=shift)
    return qs.order_by("shift", "duty", "practitioner__licence_no")
