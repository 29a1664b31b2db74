"""双随机、一公开 (附件1): a random, reproducible sample of an office's certificates of a period, each
given to an inspector drawn at random from those who may inspect in the drawer's jurisdiction; the
inspectors record whether each conforms; the results are published per office on a public page.

Reproducible: the draw is `random.Random(f"{seed}|{office}|{start}|{end}")` over the ascending
certificate ids (population) and the ascending inspector ids, both stored with the inspection."""

from __future__ import annotations

import datetime as dt
import math
import random

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from fawang.accounts import policy
from fawang.accounts.models import User
from fawang.audit.services import audit_record
from fawang.core.errors import Conflict, FieldError, ValidationFailed
from fawang.core.types import Actor
from fawang.network.models import Institution

from .models import Certificate, Inspection, InspectionResult

ACTION = "notary.inspect"


def inspectors_for(actor: Actor) -> list[int]:
    """Who may be drawn: active staff holding the inspection action within the drawer's reach."""
    users = User.objects.filter(is_active=True, kind="staff").prefetch_related("roles")
    path = policy.jurisdiction_path(actor) if policy.is_staff_actor(actor) else None
    if not getattr(actor, "is_superuser", False):
        if not path:
            return []
        users = users.filter(jurisdiction_region__path__startswith=path)
    return sorted(u.pk for u in users if policy.has_action(u, ACTION))


def draw(
    population: list[int], inspectors: list[int], *, seed: str, key: str, share_percent: int, minimum: int
) -> list[list[int]]:
    """The sample: max(minimum, share% of the population rounded up), at most the population."""
    rng = random.Random(f"{seed}|{key}")
    size = min(len(population), max(minimum, math.ceil(len(population) * share_percent / 100)))
    chosen = sorted(rng.sample(population, size))
    return [[certificate, rng.choice(inspectors)] for certificate in chosen]


def inspection_draw(
    *,
    actor: Actor,
    office: Institution,
    period_start: dt.date,
    period_end: dt.date,
    share_percent: int = 10,
    minimum: int = 3,
    seed: str,
) -> Inspection:
    policy.require_action(actor, ACTION)
    if not policy.region_in_jurisdiction(actor, office.region.path):
        raise ValidationFailed(
            [FieldError("forbidden", _("This office is outside your jurisdiction."), "office")]
        )
    errors = []
    if period_end < period_start:
        errors.append(
            FieldError("invalid", _("The end date may not come before the start date."), "period_end")
        )
    if not 1 <= share_percent <= 100:
        errors.append(FieldError("invalid", _("Give a share from 1 to 100 per cent."), "share_percent"))
    if not (seed or "").strip():
        errors.append(FieldError("required", _("Give the seed announced for the draw."), "seed"))
    inspectors = inspectors_for(actor)
    if not inspectors:
        errors.append(FieldError("invalid", _("Nobody in your jurisdiction may inspect."), "office"))
    if errors:
        raise ValidationFailed(errors)
    start = timezone.make_aware(dt.datetime.combine(period_start, dt.time.min))
    end = timezone.make_aware(dt.datetime.combine(period_end + dt.timedelta(days=1), dt.time.min))
    population = sorted(
        Certificate.objects.filter(
            application__office=office, issued_at__gte=start, issued_at__lt=end
        ).values_list("pk", flat=True)
    )
    key = f"{office.pk}|{period_start.isoformat()}|{period_end.isoformat()}"
    sampled = draw(
        population, inspectors, seed=seed.strip(), key=key, share_percent=share_percent, minimum=minimum
    )
    try:
        with transaction.atomic():
            inspection = Inspection.objects.create(
                office=office,
                period_start=period_start,
                period_end=period_end,
                share_percent=share_percent,
                minimum=minimum,
                seed=seed.strip(),
                population=population,
                sampled=sampled,
                drawn_by=actor,
            )
            audit_record(
                actor=actor,
                action="notary.inspection_draw",
                entity=inspection,
                before=None,
                after={"office": office.pk, "population": len(population), "sampled": sampled, "seed": seed},
            )
    except IntegrityError:
        raise Conflict("already_drawn", _("This office's period is already drawn."), "office") from None
    return inspection


def inspection_record(
    *, actor: Actor, inspection: Inspection, certificate_id: int, conforms: bool, findings: str = ""
) -> InspectionResult:
    """The inspector drawn for the certificate records the result (once)."""
    policy.require_action(actor, ACTION)
    drawn = dict((c, u) for c, u in inspection.sampled)
    if certificate_id not in drawn:
        raise ValidationFailed(
            [FieldError("invalid", _("This certificate is not in the sample."), "certificate")]
        )
    if drawn[certificate_id] != getattr(actor, "pk", None):
        raise ValidationFailed(
            [FieldError("forbidden", _("Another inspector was drawn for this certificate."), "certificate")]
        )
    if not conforms and len((findings or "").strip()) < 5:
        raise ValidationFailed([FieldError("required", _("Describe what does not conform."), "findings")])
    try:
        with transaction.atomic():
            result = InspectionResult.objects.create(
                inspection=inspection,
                certificate_id=certificate_id,
                inspector=actor,
                conforms=conforms,
                findings=(findings or "").strip()[:2000],
            )
            audit_record(
                actor=actor,
                action="notary.inspection_record",
                entity=result,
                before=None,
                after={"certificate": certificate_id, "conforms": conforms},
            )
    except IntegrityError:
        raise Conflict("already_recorded", _("This result is already recorded."), "certificate") from None
    return result


def inspection_publish(*, actor: Actor, inspection: Inspection) -> Inspection:
    """Publish once every sampled certificate has its result (一公开)."""
    policy.require_action(actor, ACTION)
    if inspection.results.count() < len(inspection.sampled):
        raise Conflict("results_missing", _("Record every sampled certificate before publishing."), None)
    with transaction.atomic():
        won = Inspection.objects.filter(pk=inspection.pk, published_at__isnull=True).update(
            published_at=timezone.now()
        )
        if won != 1:
            raise Conflict("already_published", _("This inspection is already published."), None)
        audit_record(
            actor=actor, action="notary.inspection_publish", entity=inspection, before=None, after={}
        )
    inspection.refresh_from_db()
    return inspection
