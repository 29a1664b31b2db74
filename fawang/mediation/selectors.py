"""People's mediation's reads: committees (with their counties), a committee's cases for its staff."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from fawang.accounts import policy
from fawang.network.enums import InstitutionKind, PractitionerKind
from fawang.network.models import Institution, Practitioner
from fawang.orders.models import ServiceOrder
from fawang.regions.models import Region

from .enums import WORKFLOW


def committees(*, county: str | None = None) -> QuerySet[Institution]:
    qs = Institution.objects.filter(kind=InstitutionKind.MEDIATION_COMMITTEE, is_active=True).select_related(
        "region"
    )
    if county:
        qs = qs.filter(
            region__path__startswith=Region.objects.filter(code=county).values_list("path", flat=True).first()
            or "-"
        )
    return qs.order_by("region__code", "name")


def counties_with_committees() -> list[Region]:
    paths = set(committees().values_list("region__path", flat=True))
    codes = {p.strip("/").split("/")[2] for p in paths if len(p.strip("/").split("/")) >= 3}
    return list(Region.objects.filter(code__in=codes).order_by("code"))


def mediators_of(committee_id: int) -> list[Practitioner]:
    return list(
        Practitioner.objects.filter(
            institution_id=committee_id, kind=PractitionerKind.MEDIATOR, status="active"
        ).order_by("name")
    )


def arbitration_commissions() -> list[Institution]:
    return list(
        Institution.objects.filter(kind=InstitutionKind.ARBITRATION_COMMISSION, is_active=True).order_by(
            "name"
        )[:200]
    )


def cases_for_staff(actor: Any) -> QuerySet[ServiceOrder]:
    """The mediations that sit with the actor's place (committee, mediator, township), open first."""
    return (
        policy.scope_orders_with(actor, ServiceOrder.objects.filter(workflow=WORKFLOW))
        .select_related("mediation__committee", "mediation__mediator")
        .prefetch_related("clocks")
        .order_by("-submitted_at")
    )
