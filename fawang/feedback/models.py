from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from fawang.orders.enums import Channel

from .enums import (
    REVIEW_ACTIVE_STATUSES,
    AppealStatus,
    EvaluationLevel,
    InvitationStatus,
    ReturnVisitStatus,
    ReviewStatus,
)

_USER = settings.AUTH_USER_MODEL


class EvaluationInvitation(models.Model):
    """The rating window of one resolution of an order. Each resolution opens a new `round`, so an
    order reopened after a bad rating can be rated again when it is resolved again. The sweep closes
    the order when `closes_at` passes with the invitation still open."""

    order = models.ForeignKey("orders.ServiceOrder", on_delete=models.PROTECT, related_name="invitations")
    round = models.PositiveSmallIntegerField()
    opened_at = models.DateTimeField()
    closes_at = models.DateTimeField()
    closes_is_provisional = models.BooleanField(default=False)
    status = models.CharField(max_length=16, choices=InvitationStatus.choices, default=InvitationStatus.OPEN)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["order_id", "round"]
        verbose_name = _("evaluation invitation")
        verbose_name_plural = _("evaluation invitations")
        constraints = [
            models.UniqueConstraint(fields=["order", "round"], name="invitation_order_round_unique")
        ]
        indexes = [
            # The sweep reads only open windows that have passed.
            models.Index(
                fields=["closes_at"], condition=Q(status=InvitationStatus.OPEN), name="invitation_open_due"
            )
        ]

    def __str__(self) -> str:
        return f"{self.order_id} round {self.round}"


class Evaluation(models.Model):
    """好差评: one rating of one resolution (round) of an order, from any channel."""

    order = models.ForeignKey(
        "orders.ServiceOrder",
        verbose_name=_("service order"),
        on_delete=models.PROTECT,
        related_name="evaluations",
    )
    round = models.PositiveSmallIntegerField(verbose_name=_("round"))
    level = models.PositiveSmallIntegerField(verbose_name=_("rating"), choices=EvaluationLevel.choices)
    comment = models.TextField(verbose_name=_("comment"), blank=True)
    channel = models.CharField(verbose_name=_("channel"), max_length=16, choices=Channel.choices)
    # Null for an anonymous applicant who rated with the tracking number and phone.
    rated_by = models.ForeignKey(
        _USER, verbose_name=_("rated by"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    on_behalf = models.BooleanField(
        verbose_name=_("recorded by staff for the applicant"), default=False
    )  # a staff member recorded what the applicant said
    # Blank for the applicant's rating. A module's other follower (a dispute's other party, who follows
    # the case with their own phone: `Workflow.followers`, docs/adr/0029) rates the same resolution once
    # too; their phone's blind index says whose rating it is (docs/adr/0009, addendum).
    follower_index = models.CharField(
        verbose_name=_("rated by a party"), max_length=64, blank=True, default=""
    )
    # False once a handler's appeal found the rating malicious: it no longer counts in the figures.
    counts_in_statistics = models.BooleanField(verbose_name=_("counts in the statistics"), default=True)
    created_at = models.DateTimeField(verbose_name=_("rated at"), db_index=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("evaluation")
        verbose_name_plural = _("evaluations")
        constraints = [
            models.UniqueConstraint(
                fields=["order", "round"],
                condition=Q(follower_index=""),
                name="evaluation_order_round_unique",
            ),
            models.UniqueConstraint(
                fields=["order", "round", "follower_index"],
                condition=~Q(follower_index=""),
                name="evaluation_follower_round_unique",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.order_id} round {self.round}: {self.level}"

    @property
    def is_bad(self) -> bool:
        return self.level >= EvaluationLevel.DISSATISFIED


class Review(models.Model):
    """差评整改: a bad rating checked by the handler's supervisors, rectified by the handler and verified,
    within its own deadline. The handler may appeal a rating it considers malicious."""

    evaluation = models.ForeignKey(
        Evaluation, verbose_name=_("evaluation"), on_delete=models.PROTECT, related_name="reviews"
    )
    order = models.ForeignKey(
        "orders.ServiceOrder",
        verbose_name=_("service order"),
        on_delete=models.PROTECT,
        related_name="reviews",
    )
    # The level above the handler: whose supervisors own this review. Visibility itself is decided by
    # `handler_region_path` (every supervisor whose jurisdiction covers the handler sees it).
    supervisor_region = models.ForeignKey(
        "regions.Region",
        verbose_name=_("supervising region"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    handler_region_path = models.CharField(
        verbose_name=_("handler region path"), max_length=128, db_index=True
    )
    deadline_at = models.DateTimeField(verbose_name=_("deadline"))
    # the calendar for the deadline's year is not entered yet (recounted when it is)
    deadline_is_provisional = models.BooleanField(verbose_name=_("deadline is provisional"), default=False)
    overdue_at = models.DateTimeField(
        verbose_name=_("overdue at"), null=True, blank=True
    )  # set by the sweep once the deadline passed
    status = models.CharField(
        verbose_name=_("status"), max_length=16, choices=ReviewStatus.choices, default=ReviewStatus.OPEN
    )

    findings = models.TextField(verbose_name=_("findings"), blank=True)  # what the check found
    rectification = models.TextField(
        verbose_name=_("rectification"), blank=True
    )  # what the handler did about it
    rectified_by = models.ForeignKey(
        _USER,
        verbose_name=_("rectified by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    rectified_at = models.DateTimeField(verbose_name=_("rectified at"), null=True, blank=True)
    verified_by = models.ForeignKey(
        _USER,
        verbose_name=_("verified by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    verified_at = models.DateTimeField(verbose_name=_("verified at"), null=True, blank=True)
    verification_note = models.TextField(verbose_name=_("verification note"), blank=True)

    appeal_status = models.CharField(
        verbose_name=_("appeal status"),
        max_length=16,
        choices=AppealStatus.choices,
        default=AppealStatus.NONE,
        blank=True,
    )
    appeal_reason = models.TextField(verbose_name=_("appeal reason"), blank=True)
    appealed_by = models.ForeignKey(
        _USER,
        verbose_name=_("appealed by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    appealed_at = models.DateTimeField(verbose_name=_("appealed at"), null=True, blank=True)
    appeal_decision_note = models.TextField(verbose_name=_("appeal decision note"), blank=True)
    appeal_decided_by = models.ForeignKey(
        _USER,
        verbose_name=_("appeal decided by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    appeal_decided_at = models.DateTimeField(verbose_name=_("appeal decided at"), null=True, blank=True)

    created_at = models.DateTimeField(verbose_name=_("created at"), db_index=True)

    class Meta:
        ordering = ["deadline_at", "id"]
        verbose_name = _("review of a bad rating")
        verbose_name_plural = _("reviews of bad ratings")
        indexes = [
            models.Index(
                fields=["deadline_at"],
                condition=Q(status__in=REVIEW_ACTIVE_STATUSES, overdue_at__isnull=True),
                name="review_overdue_due",
            )
        ]

    def __str__(self) -> str:
        return f"review of {self.order_id}"

    @property
    def is_overdue(self) -> bool:
        return self.overdue_at is not None and self.status in REVIEW_ACTIVE_STATUSES


class ReturnVisit(models.Model):
    """回访: a call back to the applicant of a hotline order after resolution, with its attempts."""

    order = models.ForeignKey("orders.ServiceOrder", on_delete=models.PROTECT, related_name="return_visits")
    round = models.PositiveSmallIntegerField()
    due_at = models.DateTimeField()
    due_is_provisional = models.BooleanField(default=False)
    # Who owes the call: the point that took the call (the 12348 centre), within the order's region.
    assigned_region = models.ForeignKey("regions.Region", on_delete=models.PROTECT, related_name="+")
    assigned_point = models.ForeignKey(
        "network.ServicePoint", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # The order's places as scoping reads them, copied so that a county's queue of pending visits is
    # read from one index instead of joining every pending visit of the province to its order (issue 9);
    # kept in step by a trigger on the orders (migration 0006) when an order moves.
    region_path = models.CharField(_("region path"), max_length=128, default="")
    handler_region_path = models.CharField(_("handler region path"), max_length=128, default="")
    status = models.CharField(
        max_length=16, choices=ReturnVisitStatus.choices, default=ReturnVisitStatus.PENDING
    )
    attempts = models.PositiveSmallIntegerField(default=0)
    result_level = models.PositiveSmallIntegerField(choices=EvaluationLevel.choices, null=True, blank=True)
    completed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["due_at", "id"]
        verbose_name = _("return visit")
        verbose_name_plural = _("return visits")
        constraints = [
            models.UniqueConstraint(fields=["order", "round"], name="return_visit_order_round_unique")
        ]
        indexes = [
            # The queue of pending visits, earliest due first, with the places to scope it by in the
            # index (an index-only walk skips other counties' visits without reading them).
            models.Index(
                fields=["due_at", "id"],
                include=["region_path", "handler_region_path"],
                condition=Q(status=ReturnVisitStatus.PENDING),
                name="return_visit_pending_places",
            )
        ]

    def __str__(self) -> str:
        return f"return visit {self.order_id} round {self.round}"


class ReturnVisitAttempt(models.Model):
    """One call of a return visit: whether the applicant was reached, and what they said."""

    visit = models.ForeignKey(ReturnVisit, on_delete=models.CASCADE, related_name="attempt_records")
    attempted_at = models.DateTimeField()
    reached = models.BooleanField()
    level = models.PositiveSmallIntegerField(choices=EvaluationLevel.choices, null=True, blank=True)
    satisfied = models.BooleanField(null=True, blank=True)  # None when unreached or no rating given
    note = models.TextField(blank=True)
    by = models.ForeignKey(_USER, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["attempted_at", "id"]
        verbose_name = _("return visit attempt")
        verbose_name_plural = _("return visit attempts")

    def __str__(self) -> str:
        return f"{self.visit_id} at {self.attempted_at:%Y-%m-%d %H:%M}"


class RatingTally(models.Model):
    """A rollup of the ratings for the satisfaction figures (docs/adr/0016): how many ratings that
    count in the statistics were given at `level` on `day` (UTC) to orders of one place (what scoping
    reads of the order: region path, handler region path, institution, practitioner, 0 for none;
    `policy.scope_tallies`). Kept exactly in step in the transaction of each rating, each appeal that
    strikes one out and each change that moves a rated order to another place
    (`fawang.feedback.tallies`); `manage.py rollups_rebuild` recomputes it."""

    day = models.DateField(_("day"))
    level = models.PositiveSmallIntegerField(_("rating"), choices=EvaluationLevel.choices)
    region_path = models.CharField(_("region path"), max_length=128)
    handler_region_path = models.CharField(_("handler region path"), max_length=128)
    assigned_institution_id = models.BigIntegerField(_("assigned institution"), default=0)
    assigned_practitioner_id = models.BigIntegerField(_("assigned practitioner"), default=0)
    ratings = models.BigIntegerField(_("ratings"), default=0)

    class Meta:
        verbose_name = _("rating tally")
        verbose_name_plural = _("rating tallies")
        constraints = [
            models.UniqueConstraint(
                fields=[
                    "day",
                    "level",
                    "region_path",
                    "handler_region_path",
                    "assigned_institution_id",
                    "assigned_practitioner_id",
                ],
                # The count carried in the index: a month of the province's satisfaction figures is an
                # index-only scan of its days (10M orders: 332 -> 35 ms), not a visit to each row's page.
                include=["ratings"],
                name="rating_tally_key",
            )
        ]

    def __str__(self) -> str:
        return f"{self.day} {self.level} {self.handler_region_path}: {self.ratings}"
