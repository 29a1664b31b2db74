"""Notary's reads: the matters list with today's fee and offices, an office's free times, the
application of an order, a certificate for the public page, the "at most one visit" figures."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from fawang.accounts import policy
from fawang.core.types import Actor
from fawang.network.models import Institution

from .models import Certificate, EnforcementCertificate, MatterFee, NotaryApplication, NotaryMatter, Slot


def fee_as_of(matter: NotaryMatter, day: dt.date) -> MatterFee | None:
    return (
        matter.fees.filter(effective_from__lte=day)
        .filter(Q(effective_to__isnull=True) | Q(effective_to__gte=day))
        .order_by("-effective_from")
        .first()
    )


def matters_list() -> QuerySet[NotaryMatter]:
    return NotaryMatter.objects.prefetch_related("fees", "offices")


def matter_get(code: str) -> NotaryMatter | None:
    return matters_list().filter(code=code).first()


def free_slots(office: Institution, *, now: dt.datetime | None = None) -> QuerySet[Slot]:
    return Slot.objects.filter(
        office=office, order__isnull=True, starts_at__gt=now or timezone.now()
    ).select_related("notary")


def application_of(order: Any) -> NotaryApplication | None:
    return (
        NotaryApplication.objects.select_related("matter", "office", "fee").filter(order_id=order.pk).first()
    )


def enforcement_certificate_public(number: str) -> EnforcementCertificate | None:
    """An enforcement certificate (执行证书) for the public verification page (no personal data)."""
    return (
        EnforcementCertificate.objects.select_related("application__matter", "application__office")
        .defer("pdf_b64")
        .filter(number=number)
        .first()
    )


def certificate_public(number: str) -> Certificate | None:
    """A certificate for the public verification page (what it shows holds no personal data)."""
    return (
        Certificate.objects.select_related("application__matter", "application__office")
        .defer("pdf_b64")
        .filter(number=number)
        .first()
    )


@dataclass(frozen=True)
class VisitFigures:
    office: str
    applications: int
    none: int
    one: int
    more: int

    @property
    def at_most_one_rate(self) -> float | None:
        return (self.none + self.one) / self.applications if self.applications else None


def visit_figures(actor: Actor) -> list[VisitFigures]:
    """Per office in the actor's reach: applications and how many took no visit, one, or more
    ("最多跑一次", counted per application)."""
    offices = policy.scope_institutions(actor, Institution.objects.filter(kind="notary_office"))
    rows = (
        NotaryApplication.objects.filter(office__in=offices)
        .values("office__name")
        .annotate(
            total=Count("pk"),
            none=Count("pk", filter=Q(visits=0)),
            one=Count("pk", filter=Q(visits=1)),
            more=Count("pk", filter=Q(visits__gt=1)),
        )
        .order_by("office__name")
    )
    return [VisitFigures(r["office__name"], r["total"], r["none"], r["one"], r["more"]) for r in rows]
