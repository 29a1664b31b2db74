"""Legal aid's rows: the application's facts beside its service order (one-to-one), the dated rules
of the eligibility engine (hardship standards per prefecture, a negative list per region) and each
decision's eligibility assessment, stored so it can be re-run as of its date."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from fawang.core.models import BaseModel

from .enums import MatterType, Urgency


class LegalAidCase(BaseModel):
    """What the applicant tells about the matter and the household (法律援助法第四十一条: the applicant
    states their economic situation). Money in integer fen; blank facts are unknown, not zero."""

    order = models.OneToOneField(
        "orders.ServiceOrder", on_delete=models.CASCADE, related_name="legal_aid_case", primary_key=True
    )
    matter_type = models.CharField(_("Matter type"), max_length=24, choices=MatterType.choices, blank=True)
    matter = models.CharField(_("Matter"), max_length=32, blank=True)  # enums.Matter, or blank
    # 法律援助法第三十六条: a court, procuratorate or public security organ notified the centre
    criminal_notice = models.BooleanField(_("Criminal case notice (art. 36)"), default=False)
    opposing_party = models.CharField(_("Opposing party"), max_length=128, blank=True)
    urgency = models.CharField(_("Urgency"), max_length=8, choices=Urgency.choices, default=Urgency.NORMAL)
    household_size = models.PositiveSmallIntegerField(_("Household size"), null=True, blank=True)
    monthly_income_fen = models.BigIntegerField(_("Monthly household income"), null=True, blank=True)
    assets_fen = models.BigIntegerField(_("Household assets"), null=True, blank=True)
    status_groups = models.JSONField(_("Status groups claimed"), default=list, blank=True)

    class Meta:
        verbose_name = _("legal aid case")
        verbose_name_plural = _("legal aid cases")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(monthly_income_fen__gte=0) | models.Q(monthly_income_fen__isnull=True),
                name="legal_aid_income_not_negative",
            ),
            models.CheckConstraint(
                condition=models.Q(assets_fen__gte=0) | models.Q(assets_fen__isnull=True),
                name="legal_aid_assets_not_negative",
            ),
        ]

    def __str__(self) -> str:
        return f"legal aid {self.order_id}"


class HardshipStandard(BaseModel):
    """A prefecture's economic hardship standard (法律援助法第三十四条: set by the province's people's
    government, adjusted as the economy changes), from `effective_from` to `effective_to` inclusive
    (None: open). Two versions of one prefecture never overlap (`hardship_standard_create`)."""

    region = models.ForeignKey("regions.Region", on_delete=models.PROTECT, related_name="+")
    monthly_income_fen = models.BigIntegerField()  # per member of the household, at most this
    assets_fen = models.BigIntegerField(null=True, blank=True)  # household assets at most this
    effective_from = models.DateField()
    effective_to = models.DateField(null=True, blank=True)
    source = models.CharField(max_length=255)  # the document that sets it, or "DEMO …"
    is_demo = models.BooleanField(default=False)

    class Meta:
        ordering = ["region_id", "effective_from"]
        verbose_name = _("hardship standard")
        verbose_name_plural = _("hardship standards")

    def __str__(self) -> str:
        return f"{self.region_id} from {self.effective_from}"


class NegativeListEntry(BaseModel):
    """A matter outside legal aid in one region's subtree (the Chengdu pilot), with its reason."""

    region = models.ForeignKey("regions.Region", on_delete=models.PROTECT, related_name="+")
    region_path = models.CharField(max_length=128)  # copied from the region: prefix match
    matter = models.CharField(max_length=32)  # enums.Matter
    reason = models.CharField(max_length=255)  # Chinese, shown with the refusal
    effective_from = models.DateField()
    effective_to = models.DateField(null=True, blank=True)
    source = models.CharField(max_length=255)

    class Meta:
        ordering = ["region_path", "matter"]
        verbose_name = _("negative list entry")
        verbose_name_plural = _("negative list entries")

    def __str__(self) -> str:
        return f"{self.region_id}:{self.matter}"


class EligibilityAssessment(BaseModel):
    """The eligibility engine's result for one decision: its inputs, the rule version it read and every
    criterion's result, so the decision can be re-run as of `as_of`."""

    order = models.ForeignKey("orders.ServiceOrder", on_delete=models.CASCADE, related_name="+")
    event_kind = models.CharField(max_length=48)  # the decision's event kind
    as_of = models.DateField()
    eligible = models.BooleanField()
    facts = models.JSONField()
    rules = models.JSONField()
    criteria = models.JSONField()

    class Meta:
        ordering = ["order_id", "pk"]
        verbose_name = _("eligibility assessment")
        verbose_name_plural = _("eligibility assessments")

    def __str__(self) -> str:
        return f"{self.order_id} {self.as_of}"


# ---- case log, closing and quality review (issue 11, items 5 and 6) --------------------------------
# Imports kept here so this block stays one piece at merge.
from fawang.core.fields import EncryptedTextField  # noqa: E402

from .enums import CaseOutcome, LogEntryKind, ReviewerKind, TerminationReason  # noqa: E402


class CaseLogEntry(BaseModel):
    """One thing done on a legal aid case (a meeting, a hearing, a document filed, a call), written by
    the assigned practitioner or the centre. The note may name people and phone numbers: encrypted at
    rest (docs/adr/0004). Entries are never edited; a correction is a new entry."""

    order = models.ForeignKey("orders.ServiceOrder", on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("Kind"), max_length=16, choices=LogEntryKind.choices)
    occurred_at = models.DateTimeField(_("When"))
    place = models.CharField(_("Where"), max_length=128, blank=True)
    minutes = models.PositiveIntegerField(_("Duration in minutes"))
    note = EncryptedTextField(_("Note"), blank=True)
    author = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+")
    author_label = models.CharField(max_length=128)  # as named when written

    class Meta:
        ordering = ["order_id", "occurred_at", "pk"]
        verbose_name = _("case log entry")
        verbose_name_plural = _("case log entries")
        constraints = [
            models.CheckConstraint(condition=models.Q(minutes__lte=24 * 60), name="legal_aid_log_minutes_day")
        ]

    def __str__(self) -> str:
        return f"{self.order_id} {self.kind} {self.occurred_at:%Y-%m-%d}"


class CaseClosing(BaseModel):
    """The case's end (结案): its outcome, with the art. 48 reason when aid was terminated, and the
    closing materials of 法律援助法第五十条 with the limit set for them. Closing again after a bad
    rating reopened the case overwrites this row; the order's events keep every closing."""

    order = models.OneToOneField(
        "orders.ServiceOrder", on_delete=models.PROTECT, related_name="legal_aid_closing", primary_key=True
    )
    # The centre and practitioner on the case when it closed: the quality review samples by centre and
    # reports on the practitioner (see caselog.case_practitioner).
    centre = models.ForeignKey("network.Institution", on_delete=models.PROTECT, null=True, related_name="+")
    practitioner = models.ForeignKey(
        "network.Practitioner", on_delete=models.PROTECT, null=True, related_name="+"
    )
    outcome = models.CharField(_("Outcome"), max_length=16, choices=CaseOutcome.choices)
    termination_reason = models.CharField(
        _("Reason for terminating (art. 48)"), max_length=24, choices=TerminationReason.choices, blank=True
    )
    summary = EncryptedTextField(_("Summary of the outcome"))
    closed_at = models.DateTimeField()
    closed_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+")
    materials_due_at = models.DateTimeField(null=True, blank=True)  # copied from the clock
    materials = models.JSONField(default=list, blank=True)  # enums.ClosingMaterial values
    materials_note = EncryptedTextField(blank=True)
    materials_filed_at = models.DateTimeField(null=True, blank=True)
    materials_filed_by = models.ForeignKey(
        "accounts.User", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("legal aid case closing")
        verbose_name_plural = _("legal aid case closings")
        indexes = [models.Index(fields=["centre", "closed_at"], name="legal_aid_closing_centre")]

    def __str__(self) -> str:
        return f"{self.order_id} {self.outcome}"

    @property
    def materials_late(self) -> bool:
        return bool(
            self.materials_filed_at
            and self.materials_due_at
            and self.materials_filed_at > self.materials_due_at
        )


class QualitySample(BaseModel):
    """One quarter's random sample of a centre's closed cases for the quality review (评查, 法律援助法
    第五十七条、第五十九条). The seed, the population drawn from and the ids drawn are stored: drawing
    again from the same population with the same seed gives the same cases (quality.sample_draw)."""

    centre = models.ForeignKey("network.Institution", on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField()
    quarter = models.PositiveSmallIntegerField()
    share_percent = models.PositiveSmallIntegerField()  # the configured share, as it stood
    minimum = models.PositiveSmallIntegerField()  # the configured minimum count, as it stood
    seed = models.CharField(max_length=64)
    population = models.JSONField()  # order ids closed in the quarter, ascending
    sampled = models.JSONField()  # order ids drawn, ascending
    drawn_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, null=True, related_name="+")

    class Meta:
        ordering = ["-year", "-quarter", "centre_id"]
        verbose_name = _("quality review sample")
        verbose_name_plural = _("quality review samples")
        constraints = [
            models.UniqueConstraint(fields=["centre", "year", "quarter"], name="legal_aid_sample_quarter"),
            models.CheckConstraint(
                condition=models.Q(quarter__gte=1, quarter__lte=4), name="legal_aid_quarter"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.centre_id} {self.year}Q{self.quarter}"


class QualityReview(BaseModel):
    """One reviewer's or peer's scores of one sampled case against the rubric (quality.RUBRIC, copied
    onto the row with its weights so a later rubric does not change an old score)."""

    sample = models.ForeignKey(QualitySample, on_delete=models.PROTECT, related_name="reviews")
    order = models.ForeignKey("orders.ServiceOrder", on_delete=models.PROTECT, related_name="+")
    practitioner = models.ForeignKey(
        "network.Practitioner", on_delete=models.PROTECT, null=True, related_name="+"
    )
    reviewer = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+")
    reviewer_label = models.CharField(max_length=128)
    reviewer_kind = models.CharField(max_length=8, choices=ReviewerKind.choices)
    rubric = models.JSONField()  # [{"code", "weight"}, ...] as scored
    scores = models.JSONField()  # {"code": 0..5}
    total = models.DecimalField(max_digits=4, decimal_places=1)  # weighted, out of 100
    comment = models.TextField(blank=True)

    class Meta:
        ordering = ["order_id", "pk"]
        verbose_name = _("quality review")
        verbose_name_plural = _("quality reviews")
        constraints = [
            models.UniqueConstraint(fields=["order", "reviewer"], name="legal_aid_review_once"),
        ]

    def __str__(self) -> str:
        return f"{self.order_id} {self.total}"
