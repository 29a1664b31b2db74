"""The quality review of legal aid (评查, issue 11 item 6; 法律援助法第五十七条: quality standards and
regular assessment, 第五十九条: the centre checks case files, 第五十八条: results are made public).

Each quarter a reviewer draws a random sample of each centre's closed cases: a configured share, at
least a configured minimum (all of them when fewer closed). The draw is a pure function of the closed
cases' ids and a recorded seed (`sample_draw`), so anyone can re-run it from the stored population and
seed and get the same cases (`sample_redraw`). Reviewers and peer practitioners then score each sampled
case against the rubric; a practitioner's record lists their reviews and the average score.

The share, the minimum and the rubric are configuration, not law: no statute sets them. Override them
in settings (`LEGAL_AID_QUALITY_SAMPLE = {"share_percent": .., "minimum": ..}`); each sample stores the
values it was drawn with and each review the rubric it was scored against."""

from __future__ import annotations

import datetime as dt
import math
import random
import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Avg, Count, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from fawang.accounts import policy
from fawang.accounts.enums import Role
from fawang.audit.services import audit_record
from fawang.core.calendar import TZ
from fawang.core.errors import ErrorCollector, FieldError, Forbidden, NotFound, ValidationFailed
from fawang.core.types import Actor
from fawang.network.models import Institution, Practitioner
from fawang.orders.engine import actor_label, order_event_add
from fawang.orders.models import ServiceOrder

from .enums import CaseLogError, CaseLogEvent, ReviewerKind
from .models import CaseClosing, QualityReview, QualitySample

DEFAULT_SHARE_PERCENT = 10  # configuration: one case in ten
DEFAULT_MINIMUM = 3  # configuration: at least three cases per centre and quarter
SCORE_MAX = 5  # each criterion is scored 0..5


@dataclass(frozen=True)
class Criterion:
    code: str
    label: Any
    weight: int  # the weights add up to 100


RUBRIC: tuple[Criterion, ...] = (
    Criterion("timeliness", gettext_lazy("Timeliness"), 25),
    Criterion("communication", gettext_lazy("Communication with the aided person"), 25),
    Criterion("legal_quality", gettext_lazy("Legal quality of the work"), 30),
    Criterion("documentation", gettext_lazy("Case file and documentation"), 20),
)
assert sum(c.weight for c in RUBRIC) == 100


def sample_settings() -> tuple[int, int]:
    configured = getattr(settings, "LEGAL_AID_QUALITY_SAMPLE", {}) or {}
    return (
        int(configured.get("share_percent", DEFAULT_SHARE_PERCENT)),
        int(configured.get("minimum", DEFAULT_MINIMUM)),
    )


# ---- the draw (pure) -------------------------------------------------------------------------------


def sample_size(population: int, *, share_percent: int, minimum: int) -> int:
    """The share of the population (rounded up), at least the minimum, at most all of it."""
    return min(population, max(minimum, math.ceil(population * share_percent / 100)))


def sample_draw(population: Sequence[int], *, seed: str, share_percent: int, minimum: int) -> list[int]:
    """The ids drawn from `population` with `seed`: the same population (in any order) and seed give
    the same ids, on any machine (Python's `random.Random` with a string seed is stable across runs
    and versions 3.2+)."""
    ordered = sorted(set(population))
    n = sample_size(len(ordered), share_percent=share_percent, minimum=minimum)
    return sorted(random.Random(seed).sample(ordered, n))


def sample_redraw(sample: QualitySample) -> list[int]:
    """Draw again from the stored population and seed: equal to `sample.sampled` unless it was altered."""
    return sample_draw(
        sample.population, seed=sample.seed, share_percent=sample.share_percent, minimum=sample.minimum
    )


def quarter_bounds(year: int, quarter: int) -> tuple[dt.datetime, dt.datetime]:
    """[start, end) of a calendar quarter in Beijing time."""
    start = dt.datetime(year, 3 * quarter - 2, 1, tzinfo=TZ)
    end = (
        dt.datetime(year + 1, 1, 1, tzinfo=TZ)
        if quarter == 4
        else dt.datetime(year, 3 * quarter + 1, 1, tzinfo=TZ)
    )
    return start, end


def weighted_total(scores: dict[str, int], rubric: Sequence[Criterion] = RUBRIC) -> Decimal:
    """Out of 100: each criterion's score over SCORE_MAX times its weight."""
    points = sum(scores[c.code] * c.weight for c in rubric)
    return (Decimal(points) / SCORE_MAX).quantize(Decimal("0.1"))


# ---- reads -----------------------------------------------------------------------------------------


def scope_centres(actor: Actor) -> QuerySet[Institution]:
    """The centres whose cases the actor may sample or read reviews of: in their jurisdiction."""
    return policy.scope_institutions(actor, Institution.objects.all()).select_related("region")


def samples_for(actor: Actor) -> QuerySet[QualitySample]:
    if not policy.has_action(actor, "quality_review.view"):
        return QualitySample.objects.none()
    centres = scope_centres(actor).values("pk")
    return (
        QualitySample.objects.filter(centre__in=centres)
        .select_related("centre")
        .annotate(review_count=Count("reviews"))
    )


def access_sample(actor: Actor, pk: int) -> QualitySample:
    sample = samples_for(actor).filter(pk=pk).first()
    if sample is None:
        raise NotFound("not_found", _("No such sample."), "sample")
    return sample


def access_practitioner(actor: Actor, pk: int) -> Practitioner:
    found = None
    if policy.has_action(actor, "quality_review.view"):
        qs = policy.scope_practitioners(actor, Practitioner.objects.select_related("institution"))
        found = qs.filter(pk=pk).first()
    if found is None:
        raise NotFound("not_found", _("No such practitioner."), "practitioner")
    return found


def practitioner_record(practitioner: Practitioner) -> dict[str, Any]:
    """A practitioner's quality reviews (newest first) and their average total."""
    reviews = QualityReview.objects.filter(practitioner=practitioner).select_related("order", "sample")
    average = reviews.aggregate(avg=Avg("total"))["avg"]
    return {
        "reviews": list(reviews.order_by("-created_at", "-pk")),
        "average": Decimal(average).quantize(Decimal("0.1")) if average is not None else None,
        "count": reviews.count(),
    }


# ---- writes ----------------------------------------------------------------------------------------


def quality_sample_create(
    *,
    actor: Actor,
    centre: Institution,
    year: int,
    quarter: int,
    seed: str | None = None,
    now: dt.datetime | None = None,
) -> QualitySample:
    """Draw the quarter's sample of a centre's closed cases (closed: the outcome recorded in the
    quarter). Once per centre and quarter; the seed is random unless given, and stored."""
    policy.require_action(actor, "quality_review.sample")
    if not scope_centres(actor).filter(pk=centre.pk).exists():
        raise NotFound("not_found", _("No such legal aid centre."), "centre")
    now = now or timezone.now()
    errors = ErrorCollector()
    if quarter not in (1, 2, 3, 4):
        errors.add("quarter", "invalid_choice", _("A quarter is 1, 2, 3 or 4."))
    elif not 2000 <= year <= 2100:
        errors.add("year", "out_of_range", _("Give a year from 2000 to 2100."))
    elif quarter_bounds(year, quarter)[1] > now:
        errors.add("quarter", "quarter_not_over", _("Sample a quarter once it is over."))
    errors.raise_if_any()
    start, end = quarter_bounds(year, quarter)
    population = list(
        CaseClosing.objects.filter(centre=centre, closed_at__gte=start, closed_at__lt=end)
        .order_by("order_id")
        .values_list("order_id", flat=True)
    )
    if not population:
        raise ValidationFailed(
            [
                FieldError(
                    CaseLogError.NO_CLOSED_CASES,
                    _("No case of this centre closed in that quarter."),
                    "quarter",
                )
            ]
        )
    share, minimum = sample_settings()
    seed = (seed or "").strip() or secrets.token_hex(16)
    sampled = sample_draw(population, seed=seed, share_percent=share, minimum=minimum)
    try:
        with transaction.atomic():
            sample = QualitySample.objects.create(
                centre=centre,
                year=year,
                quarter=quarter,
                share_percent=share,
                minimum=minimum,
                seed=seed,
                population=population,
                sampled=sampled,
                drawn_by=actor,
            )
            audit_record(
                actor=actor,
                action="legal_aid.quality_sample_create",
                entity=sample,
                before=None,
                after={
                    "centre": centre.pk,
                    "quarter": f"{year}Q{quarter}",
                    "seed": seed,
                    "share_percent": share,
                    "minimum": minimum,
                    "population": len(population),
                    "sampled": sampled,
                },
            )
    except IntegrityError:
        raise ValidationFailed(
            [
                FieldError(
                    CaseLogError.SAMPLE_EXISTS, _("This centre's quarter is sampled already."), "quarter"
                )
            ]
        ) from None
    return sample


def reviewer_kind(actor: Actor) -> str:
    """A practitioner who is not also a reviewer (one who may draw samples) scores as a peer."""
    if policy.has_action(actor, "quality_review.sample"):
        return ReviewerKind.REVIEWER
    return (
        ReviewerKind.PEER
        if actor is not None and Role.PRACTITIONER in actor.role_set
        else ReviewerKind.REVIEWER
    )


def quality_review_submit(
    *,
    actor: Actor,
    sample: QualitySample,
    order: ServiceOrder,
    scores: dict[str, Any],
    comment: str = "",
) -> QualityReview:
    """Score one sampled case against the rubric. Each criterion 0..5; one review per reviewer and
    case; nobody reviews a case they handled. Audited, and a staff-only event on the order."""
    if not policy.can_act_on_order(actor, "quality_review.score", order):
        raise NotFound("order_not_found", _("No such service order."), "tracking_no")
    if order.pk not in sample.sampled:
        raise NotFound(CaseLogError.NOT_SAMPLED, _("This case is not in the sample."), "tracking_no")
    closing = CaseClosing.objects.filter(order=order).first()
    practitioner_id = closing.practitioner_id if closing else None
    assert actor is not None
    if practitioner_id is not None and practitioner_id == actor.practitioner_pk:
        raise Forbidden(CaseLogError.OWN_CASE, _("Nobody reviews a case they handled."), None)
    errors = ErrorCollector()
    clean: dict[str, int] = {}
    for criterion in RUBRIC:
        raw = scores.get(criterion.code)
        try:
            value = int(raw) if raw not in (None, "") else None
        except (TypeError, ValueError):
            value = None
        if value is None or not 0 <= value <= SCORE_MAX:
            errors.add(
                f"score_{criterion.code}",
                "out_of_range",
                _("Score %(criterion)s from 0 to %(max)s.")
                % {"criterion": criterion.label, "max": SCORE_MAX},
            )
        else:
            clean[criterion.code] = value
    comment = (comment or "").strip()
    if len(comment) > 2000:
        errors.add("comment", "max_length", _("At most %(n)s characters.") % {"n": 2000})
    errors.raise_if_any()
    total = weighted_total(clean)
    kind = reviewer_kind(actor)
    try:
        with transaction.atomic():
            review = QualityReview.objects.create(
                sample=sample,
                order=order,
                practitioner_id=practitioner_id,
                reviewer=actor,
                reviewer_label=actor_label(actor),
                reviewer_kind=kind,
                rubric=[{"code": c.code, "weight": c.weight} for c in RUBRIC],
                scores=clean,
                total=total,
                comment=comment,
            )
            order_event_add(
                order,
                CaseLogEvent.QUALITY_REVIEWED,
                actor=actor,
                data={"review": review.pk, "total": str(total), "reviewer_kind": kind},
            )
            audit_record(
                actor=actor,
                action="legal_aid.quality_review_submit",
                entity=review,
                before=None,
                after={"order": order.tracking_no, "scores": clean, "total": str(total), "kind": kind},
            )
    except IntegrityError:
        raise ValidationFailed(
            [FieldError(CaseLogError.ALREADY_SCORED, _("You have scored this case already."), None)]
        ) from None
    return review
