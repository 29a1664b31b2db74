"""Reads for evaluations, reviews and return visits, scoped through fawang.accounts.policy."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import Count, F, Q, QuerySet, Sum

from fawang.accounts import policy
from fawang.core import keyset

from .enums import REVIEW_ACTIVE_STATUSES, SATISFIED_LEVELS, EvaluationLevel, ReturnVisitStatus
from .models import Evaluation, RatingTally, ReturnVisit, Review

_REVIEW_RELATED = ("order", "evaluation", "supervisor_region")


def reviews_for_supervisor(actor: Any, *, active_only: bool = False) -> QuerySet[Review]:
    """Reviews of bad ratings for every supervisor whose jurisdiction covers the handler's region
    (a Chengdu supervisor sees Wuhou's, a Ganzi supervisor does not). Overdue first, then by deadline."""
    if not policy.has_action(actor, "order.supervise"):
        return Review.objects.none()
    qs = policy.scope_jurisdiction(
        actor,
        Review.objects.select_related(*_REVIEW_RELATED),
        region_path="handler_region_path",
    )
    if active_only:
        qs = qs.filter(status__in=REVIEW_ACTIVE_STATUSES)
    return qs.order_by(F("overdue_at").asc(nulls_last=True), "deadline_at", "id")


REVIEW_CURSOR_SALT = "fawang.feedback.reviews"
# Overdue ones first (by when they fell overdue), then the rest by deadline (`review_overdue_due`).
REVIEW_SEGMENTS = (
    keyset.Segment(Q(overdue_at__isnull=False), ("overdue_at", "deadline_at", "id")),
    keyset.Segment(Q(overdue_at__isnull=True), ("deadline_at", "id")),
)


def review_page_for_supervisor(
    actor: Any, *, cursor: str | None, size: int, active_only: bool = False
) -> keyset.Page[Review]:
    """A page of `reviews_for_supervisor` read by keyset; BadCursor for a cursor it did not give."""
    return keyset.read_page(
        reviews_for_supervisor(actor, active_only=active_only),
        lambda _now: REVIEW_SEGMENTS,
        token=cursor,
        size=size,
        salt=REVIEW_CURSOR_SALT,
        rows=Review.objects.select_related(*_REVIEW_RELATED),
    )


def review_get_for_supervisor(actor: Any, review_id: int) -> Review:
    """One review by id, answering "not found" alike for missing and outside the jurisdiction."""
    from django.utils.translation import gettext as _

    from fawang.core.errors import NotFound

    review = reviews_for_supervisor(actor).filter(pk=review_id).first()
    if review is None:
        raise NotFound("review_not_found", _("No such review."), "review")
    return review


def can_make_return_visits(actor: Any) -> bool:
    """Who calls applicants back (回访): hotline agents and provincial administrators (policy.ROLE_TABLE's
    `return_visit.make`). The queue below,
    `services.return_visit_record` and the hotline pages all ask this one question."""
    return policy.has_action(actor, "return_visit.make")


_RETURN_VISIT_RELATED = ("order", "assigned_region")


def return_visits_for_actor(actor: Any, *, pending_only: bool = True) -> QuerySet[ReturnVisit]:
    """The return-visit queue of hotline agents (and provincial administrators), limited to orders
    their jurisdiction covers, earliest due first."""
    if not can_make_return_visits(actor):
        return ReturnVisit.objects.none()
    qs = policy.scope_jurisdiction(
        actor,
        ReturnVisit.objects.select_related(*_RETURN_VISIT_RELATED),
        # The order's jurisdiction, as policy.scope_orders reads it; its two paths are the visit's
        # copies (no join for the roles that reach by region).
        region_path="region_path",
        handler_region_path="handler_region_path",
        institution="order__assigned_institution",
        practitioner="order__assigned_practitioner",
    )
    if pending_only:
        qs = qs.filter(status=ReturnVisitStatus.PENDING)
    return qs.order_by("due_at", "id")


RETURN_VISIT_CURSOR_SALT = "fawang.feedback.return_visits"
RETURN_VISIT_SEGMENTS = (keyset.Segment(Q(), ("due_at", "id")),)  # `return_visit_pending_places`


def return_visit_page_for_actor(actor: Any, *, cursor: str | None, size: int) -> keyset.Page[ReturnVisit]:
    """A page of the pending return visits (`return_visits_for_actor`), earliest due first, read by
    keyset; BadCursor for a cursor it did not give."""
    return keyset.read_page(
        return_visits_for_actor(actor),
        lambda _now: RETURN_VISIT_SEGMENTS,
        token=cursor,
        size=size,
        salt=RETURN_VISIT_CURSOR_SALT,
        rows=ReturnVisit.objects.select_related(*_RETURN_VISIT_RELATED),
    )


@dataclass(frozen=True)
class SatisfactionSummary:
    counts: dict[int, int]  # level → number of ratings, every level present
    total: int
    satisfied: int  # levels 1–3
    rate: Decimal | None  # satisfied / total as a percentage with one decimal; None without ratings

    @property
    def labelled_counts(self) -> list[tuple[int, str, int]]:
        return [(level, str(EvaluationLevel(level).label), n) for level, n in self.counts.items()]


def satisfaction_summary(actor: Any, since: dt.datetime, until: dt.datetime) -> SatisfactionSummary:
    """Ratings given in [since, until) on orders the actor may see: counts per level and the
    satisfaction rate (levels 1–3 over all), the figure provincial hotlines publish (≥ 90%).
    Ratings found malicious on appeal do not count.

    The whole days (UTC) inside the period are read from the rollup (`RatingTally`, docs/adr/0016)
    scoped as `policy.scope_orders` reads the orders; the part days at either end are counted from
    the ratings themselves: the numbers counting every rating would give."""
    counts = {level: 0 for level in EvaluationLevel.values}
    if policy.has_action(actor, "insight.view") or policy.has_action(actor, "order.supervise"):
        first_day = _next_midnight(since)
        end_day = _midnight(until)
        if first_day < end_day:
            tallies = policy.scope_tallies(
                actor,
                RatingTally.objects.filter(day__gte=first_day.date(), day__lt=end_day.date()),
                reading="orders",
            )
            parts = [(since, first_day), (end_day, until)]
            rows = list(tallies.values("level").annotate(n=Sum("ratings")).order_by())
        else:
            parts, rows = [(since, until)], []
        for start, end in parts:
            rows += _ratings_counted(actor, start, end)
        for row in rows:
            counts[row["level"]] += row["n"] or 0
    total = sum(counts.values())
    satisfied = sum(counts[level] for level in SATISFIED_LEVELS)
    rate = None
    if total:
        rate = (Decimal(satisfied) * 100 / Decimal(total)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    return SatisfactionSummary(counts=counts, total=total, satisfied=satisfied, rate=rate)


def _midnight(at: dt.datetime) -> dt.datetime:
    """The start of `at`'s day in UTC (the rollup's days)."""
    return at.astimezone(dt.UTC).replace(hour=0, minute=0, second=0, microsecond=0)


def _next_midnight(at: dt.datetime) -> dt.datetime:
    """`at` itself when it is a UTC midnight, else the next one."""
    start = _midnight(at)
    return start if start == at else start + dt.timedelta(days=1)


def _ratings_counted(actor: Any, since: dt.datetime, until: dt.datetime) -> list[dict[str, int]]:
    """Ratings per level given in [since, until) on orders `policy.scope_orders` gives the actor,
    counted from the ratings (a part day: few rows, found through the index on `created_at`)."""
    if since >= until or not policy.has_action(actor, "order.view"):
        return []
    ratings = policy.scope_jurisdiction(
        actor,
        Evaluation.objects.filter(created_at__gte=since, created_at__lt=until, counts_in_statistics=True),
        # The order's jurisdiction, as policy.scope_orders reads it (joined: the ratings are few).
        region_path="order__region_path",
        handler_region_path="order__handler_region_path",
        institution="order__assigned_institution",
        practitioner="order__assigned_practitioner",
    )
    return list(ratings.values("level").annotate(n=Count("id")).order_by())


# ---- who may rate a resolution ----------------------------------------------------------------------


def follower_of(order: Any, index: str) -> str:
    """`index` when it is one of the order's other followers (`Workflow.followers`: a dispute's
    parties, docs/adr/0029), compared in constant time; blank otherwise."""
    import hmac

    from fawang.orders.workflow import workflow_get

    followers = workflow_get(order.workflow).followers
    if followers is None or not index:
        return ""
    found = ""
    for follower in followers(order):
        if hmac.compare_digest(follower.encode(), index.encode()):
            found = follower
    return found


def rating_offered(order: Any, phone: str, *, now: dt.datetime | None = None) -> bool:
    """Whether the tracking page offers the rating form to whoever proved `phone`: the applicant
    while the order is resolved; another follower (a dispute's party) until they rated the latest
    resolution, while it is resolved or closed within its rating window."""
    from django.utils import timezone

    from fawang.core.identity import InvalidIdentity, mobile_index, normalise_mobile
    from fawang.orders.enums import OrderStatus

    from .models import EvaluationInvitation

    try:
        index = mobile_index(normalise_mobile(phone or ""))
    except InvalidIdentity:
        return False
    if order.applicant_phone_index and index == order.applicant_phone_index:
        return order.status == OrderStatus.RESOLVED
    follower = follower_of(order, index)
    if not follower or order.status not in (OrderStatus.RESOLVED, OrderStatus.CLOSED):
        return False
    invitation = EvaluationInvitation.objects.filter(order=order).order_by("-round").first()
    if invitation is None:
        return False
    if order.status == OrderStatus.CLOSED and (now or timezone.now()) > invitation.closes_at:
        return False
    return not Evaluation.objects.filter(
        order=order, round=invitation.round, follower_index=follower
    ).exists()
