"""Legal aid's rows: the application's facts beside its service order (one-to-one), the dated rules
of the eligibility engine (hardship standards per prefecture, a negative list per region) and each
decision's eligibility assessment, stored so it can be re-run as of its date."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from fawang.core.fields import EncryptedTextField
from fawang.core.models import BaseModel, StampedQuerySet

from .enums import (
    CENTRE_ACCOUNTS,
    AdjustmentKind,
    AssignmentState,
    CooperationKind,
    DutyHost,
    FundSourceKind,
    LedgerAccount,
    MatterType,
    PostingKind,
    SubsidyStage,
    SubsidyStatus,
    Urgency,
)


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


# ---- apply: the clerk's override of an eligibility result (issue 11, item 2) ---------------------------


class EligibilityOverride(BaseModel):
    """A clerk's written override of the engine's result, kept beside the assessment it overrides (the
    engine's result is never rewritten): the decision may depart from the engine, and says why. The
    newest override of an assessment is the one in force."""

    assessment = models.ForeignKey(EligibilityAssessment, on_delete=models.CASCADE, related_name="overrides")
    eligible = models.BooleanField()  # the clerk's result
    reason = models.TextField()  # at least OVERRIDE_REASON_MIN characters (services)
    overridden_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )

    class Meta:
        ordering = ["assessment_id", "pk"]
        verbose_name = _("eligibility override")
        verbose_name_plural = _("eligibility overrides")

    def __str__(self) -> str:
        return f"override of {self.assessment_id}"


class ApplicationDraft(BaseModel):
    """A signed-in citizen's half-filled web application, kept to be resumed (issue 11, item 1): the
    form's fields as sent, encrypted (name, phone, ID number and the story are personal data), one per
    citizen, gone after `expires_at` or once the application is sent. Files are not kept in a draft.
    The order is not touched: a draft is form data, not an order in a status of its own."""

    citizen = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    data = EncryptedTextField()  # JSON: field name → list of values, as the form posted them
    expires_at = models.DateTimeField(db_index=True)

    class Meta:
        verbose_name = _("application draft")
        verbose_name_plural = _("application drafts")

    def __str__(self) -> str:
        return f"draft of {self.citizen_id}"


# ---- subsidies and funds (issue 11 item 7; 法律援助法第五十二条) ----------------------------------------


class SubsidyStandard(BaseModel):
    """One version of the subsidy paid for a case of `matter_type` that reached `stage`, in `region`'s
    subtree (the province, or a prefecture that sets its own), from `effective_from` to `effective_to`
    inclusive (None: open). 法律援助法第五十二条第二款: the province's justice department sets the standard
    with its finance department and adjusts it. Two versions of one region, matter type and stage never
    overlap (`subsidy_standard_create`); each cites its source, and a DEMO figure says so."""

    region = models.ForeignKey("regions.Region", on_delete=models.PROTECT, related_name="+")
    matter_type = models.CharField(_("Matter type"), max_length=24, choices=MatterType.choices)
    stage = models.CharField(_("Stage reached"), max_length=24, choices=SubsidyStage.choices)
    amount_fen = models.BigIntegerField(_("Subsidy"))
    effective_from = models.DateField(_("Effective from"))
    effective_to = models.DateField(_("Effective to"), null=True, blank=True)
    source = models.CharField(_("Source"), max_length=255)  # the document that sets it, or "DEMO …"
    is_demo = models.BooleanField(_("Demo figure"), default=False)

    class Meta:
        ordering = ["region_id", "matter_type", "stage", "effective_from"]
        verbose_name = _("subsidy standard")
        verbose_name_plural = _("subsidy standards")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(amount_fen__gte=0), name="legal_aid_subsidy_std_amount"
            ),
            models.CheckConstraint(
                condition=models.Q(effective_to__isnull=True)
                | models.Q(effective_to__gte=models.F("effective_from")),
                name="legal_aid_subsidy_std_dates",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.region_id} {self.matter_type}/{self.stage} from {self.effective_from}"


class FundSource(BaseModel):
    """A source of legal aid money held at `region`'s level: a budget line, a central lottery fund
    project, a foundation's project. Its money reaches centres through allocations (ledger rows)."""

    kind = models.CharField(_("Kind"), max_length=24, choices=FundSourceKind.choices)
    name = models.CharField(_("Name"), max_length=128)
    region = models.ForeignKey("regions.Region", on_delete=models.PROTECT, related_name="+")
    project_code = models.CharField(_("Project code"), max_length=64, blank=True)
    document = models.CharField(_("Source document"), max_length=255)  # the budget or grant it cites
    is_demo = models.BooleanField(_("Demo figure"), default=False)

    class Meta:
        ordering = ["region_id", "kind", "name"]
        verbose_name = _("fund source")
        verbose_name_plural = _("fund sources")

    def __str__(self) -> str:
        return self.name


class Subsidy(BaseModel):
    """The subsidy for one closed case (法律援助法第五十二条第一款: paid to the legal aid worker in time):
    computed from the standard in force when the case closed, adjusted with written reasons, then
    approved (charged to a fund source), paid, or rejected. At most one live subsidy per case."""

    order = models.ForeignKey("orders.ServiceOrder", on_delete=models.PROTECT, related_name="+")
    centre = models.ForeignKey("network.Institution", on_delete=models.PROTECT, related_name="+")
    practitioner = models.ForeignKey(
        "network.Practitioner", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    matter_type = models.CharField(_("Matter type"), max_length=24, choices=MatterType.choices)
    stage = models.CharField(_("Stage reached"), max_length=24, choices=SubsidyStage.choices)
    standard = models.ForeignKey(SubsidyStandard, on_delete=models.PROTECT, related_name="+")
    base_fen = models.BigIntegerField(_("Standard amount"))
    amount_fen = models.BigIntegerField(_("Subsidy"))  # base plus additions less deductions
    status = models.CharField(
        _("Status"), max_length=12, choices=SubsidyStatus.choices, default=SubsidyStatus.COMPUTED
    )
    fund_source = models.ForeignKey(
        FundSource, on_delete=models.PROTECT, null=True, blank=True, related_name="subsidies"
    )
    computed_by = models.ForeignKey(
        "accounts.User", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    computed_at = models.DateTimeField(_("Computed at"))
    approved_by = models.ForeignKey(
        "accounts.User", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    approved_at = models.DateTimeField(_("Approved at"), null=True, blank=True)
    paid_by = models.ForeignKey(
        "accounts.User", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    paid_at = models.DateTimeField(_("Paid at"), null=True, blank=True)
    payment_reference = models.CharField(_("Payment reference"), max_length=64, blank=True)
    rejected_by = models.ForeignKey(
        "accounts.User", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    rejected_at = models.DateTimeField(_("Rejected at"), null=True, blank=True)
    rejection_reason = models.TextField(_("Reason for rejection"), blank=True)

    class Meta:
        ordering = ["-computed_at", "-pk"]
        verbose_name = _("legal aid subsidy")
        verbose_name_plural = _("legal aid subsidies")
        constraints = [
            models.UniqueConstraint(
                fields=["order"],
                condition=~models.Q(status=SubsidyStatus.REJECTED),
                name="legal_aid_one_live_subsidy_per_case",
            ),
            models.CheckConstraint(
                condition=models.Q(amount_fen__gte=0), name="legal_aid_subsidy_not_negative"
            ),
            models.CheckConstraint(
                condition=~models.Q(status__in=[SubsidyStatus.APPROVED, SubsidyStatus.PAID])
                | models.Q(fund_source__isnull=False, approved_at__isnull=False),
                name="legal_aid_subsidy_approved_has_source",
            ),
            models.CheckConstraint(
                condition=~models.Q(status=SubsidyStatus.PAID) | models.Q(paid_at__isnull=False),
                name="legal_aid_subsidy_paid_has_time",
            ),
        ]
        indexes = [models.Index(fields=["status", "paid_at"], name="legal_aid_subsidy_paid")]

    def __str__(self) -> str:
        return f"subsidy {self.order_id} {self.status}"


class SubsidyAdjustment(BaseModel):
    """An addition to or deduction from a computed subsidy, with its written reason (who and when are
    the row's `actor` and `created_at`; the audit trail has it too)."""

    subsidy = models.ForeignKey(Subsidy, on_delete=models.CASCADE, related_name="adjustments")
    kind = models.CharField(_("Kind"), max_length=12, choices=AdjustmentKind.choices)
    amount_fen = models.BigIntegerField(_("Amount"))
    reason = models.TextField(_("Reason"))
    actor = models.ForeignKey(
        "accounts.User", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["subsidy_id", "pk"]
        verbose_name = _("subsidy adjustment")
        verbose_name_plural = _("subsidy adjustments")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(amount_fen__gt=0), name="legal_aid_adjustment_positive"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.amount_fen}"


class LedgerEntry(models.Model):
    """One double-entry row of the funds ledger, append-only: `amount_fen` debited to `debit_account`
    and credited to `credit_account` of the same fund source (and centre, for a centre's accounts).
    Because each row carries both sides, every selection of rows (a centre's, a source's, a month's)
    balances by construction; the database refuses a row that is not positive, has one account on both
    sides, or touches a centre's account without naming the centre."""

    kind = models.CharField(_("Posting"), max_length=12, choices=PostingKind.choices)
    debit_account = models.CharField(_("Debit"), max_length=24, choices=LedgerAccount.choices)
    credit_account = models.CharField(_("Credit"), max_length=24, choices=LedgerAccount.choices)
    amount_fen = models.BigIntegerField(_("Amount"))
    source = models.ForeignKey(FundSource, on_delete=models.PROTECT, related_name="ledger_entries")
    centre = models.ForeignKey(
        "network.Institution", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    subsidy = models.ForeignKey(Subsidy, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    memo = models.CharField(_("Memo"), max_length=255)
    actor = models.ForeignKey(
        "accounts.User", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("Time"), db_index=True)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("ledger entry")
        verbose_name_plural = _("ledger entries")
        constraints = [
            models.CheckConstraint(condition=models.Q(amount_fen__gt=0), name="legal_aid_ledger_positive"),
            models.CheckConstraint(
                condition=~models.Q(debit_account=models.F("credit_account")),
                name="legal_aid_ledger_two_sides",
            ),
            models.CheckConstraint(
                condition=models.Q(centre__isnull=False)
                | (
                    ~models.Q(debit_account__in=CENTRE_ACCOUNTS)
                    & ~models.Q(credit_account__in=CENTRE_ACCOUNTS)
                ),
                name="legal_aid_ledger_centre_named",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.amount_fen}"


# ---- assignment (issue 11, item 4; 法律援助法第十四条、第四十三条、第四十六条) ------------------------------


class AidPractitioner(BaseModel):
    """A lawyer or legal aid worker on the legal aid panel: the network's practitioner (name, firm,
    region, languages, licence) with what legal aid's suggestion needs beside it: the matters they
    take, whether they take new cases now, and their ceiling of open cases."""

    # A bulk update moves updated_at, so the kept panel's version check sees it.
    objects = StampedQuerySet.as_manager()

    practitioner = models.OneToOneField(
        "network.Practitioner", on_delete=models.CASCADE, primary_key=True, related_name="legal_aid_panel"
    )
    matter_types = models.JSONField(_("Matter types"), default=list, blank=True)  # enums.MatterType
    matters = models.JSONField(_("Matters"), default=list, blank=True)  # enums.Matter
    accepting = models.BooleanField(_("Takes new cases"), default=True)
    unavailable_until = models.DateField(_("Unavailable until"), null=True, blank=True)  # leave, inclusive
    capacity = models.PositiveSmallIntegerField(_("Ceiling of open cases"), default=10)

    class Meta:
        verbose_name = _("legal aid panel member")
        verbose_name_plural = _("legal aid panel members")

    def __str__(self) -> str:
        return f"panel {self.practitioner_id}"


class Assignment(BaseModel):
    """One assignment of a legal aid case: who, by whom, why, the suggestion it was chosen from (its
    inputs and output, so it can be explained again), and the assignee's answer."""

    order = models.ForeignKey("orders.ServiceOrder", on_delete=models.CASCADE, related_name="+")
    practitioner = models.ForeignKey("network.Practitioner", on_delete=models.PROTECT, related_name="+")
    institution = models.ForeignKey("network.Institution", on_delete=models.PROTECT, related_name="+")
    state = models.CharField(max_length=12, choices=AssignmentState.choices, default=AssignmentState.PENDING)
    assigned_by = models.ForeignKey(
        "accounts.User", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    assigned_at = models.DateTimeField()
    reason = models.TextField()  # the centre's reason: why this person, why a change
    rank = models.PositiveSmallIntegerField(null=True, blank=True)  # in the suggestion; None: not in it
    overridden = models.BooleanField(default=False)  # not the suggestion's first
    case_facts = models.JSONField()  # suggestion.CaseFacts
    candidates = models.JSONField()  # suggestion.Candidate, each
    suggestion = models.JSONField()  # suggestion.Suggestion.as_json()
    answered_at = models.DateTimeField(null=True, blank=True)
    answer_reason = models.TextField(blank=True)

    class Meta:
        ordering = ["order_id", "pk"]
        verbose_name = _("legal aid assignment")
        verbose_name_plural = _("legal aid assignments")
        indexes = [models.Index(fields=["practitioner", "state"], name="legal_aid_assignment_person")]

    def __str__(self) -> str:
        return f"{self.order_id} → {self.practitioner_id}"


class ConflictRecord(BaseModel):
    """A party a practitioner, or their whole firm, acts for outside legal aid (a recorded conflict of
    interest): they are never suggested against that party."""

    practitioner = models.ForeignKey(
        "network.Practitioner", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    institution = models.ForeignKey(
        "network.Institution", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    party = models.CharField(_("Party"), max_length=128)
    party_key = models.CharField(max_length=128, db_index=True)  # suggestion.party_key(party)
    note = models.CharField(_("Note"), max_length=255, blank=True)
    recorded_by = models.ForeignKey(
        "accounts.User", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("conflict of interest")
        verbose_name_plural = _("conflicts of interest")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(practitioner__isnull=False) | models.Q(institution__isnull=False),
                name="legal_aid_conflict_names_someone",
            )
        ]

    def __str__(self) -> str:
        return self.party


class DutyStation(BaseModel):
    """A duty-lawyer station (值班律师工作站, 法律援助法第十四条) at a court, procuratorate or detention
    centre: a network service point, whose roster (`network.RosterShift`, duty "duty_lawyer") says who
    is on duty which day."""

    service_point = models.OneToOneField(
        "network.ServicePoint", on_delete=models.CASCADE, primary_key=True, related_name="duty_station"
    )
    host = models.CharField(_("Host"), max_length=20, choices=DutyHost.choices)
    host_name = models.CharField(_("Host name"), max_length=128)
    centre = models.ForeignKey(
        "network.Institution", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("duty-lawyer station")
        verbose_name_plural = _("duty-lawyer stations")

    def __str__(self) -> str:
        return self.host_name


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


class CooperationRequest(BaseModel):
    """异地协作: one legal aid centre asks another region's centre to take an application or gather
    evidence by a deadline. The request is an order of its own (`order`, workflow
    `legal_aid_cooperation`, docs/adr/0018 addendum, 0022) handled by the requested centre; this row,
    one-to-one with it, names the application it serves, the kind, the two centres and the deadline."""

    order = models.OneToOneField(
        "orders.ServiceOrder", on_delete=models.CASCADE, related_name="cooperation", primary_key=True
    )
    application = models.ForeignKey(
        "orders.ServiceOrder",
        verbose_name=_("Application"),
        on_delete=models.PROTECT,
        related_name="cooperation_requests",
    )
    kind = models.CharField(_("Kind of cooperation"), max_length=24, choices=CooperationKind.choices)
    requesting_centre = models.ForeignKey(
        "network.Institution", verbose_name=_("Requesting centre"), on_delete=models.PROTECT, related_name="+"
    )
    requested_centre = models.ForeignKey(
        "network.Institution", verbose_name=_("Requested centre"), on_delete=models.PROTECT, related_name="+"
    )
    deadline = models.DateField(_("Deadline"))
    result = EncryptedTextField(_("Result"), blank=True, default="")  # may name people: encrypted
    attachments_note = models.CharField(_("Materials sent"), max_length=500, blank=True, default="")

    class Meta:
        verbose_name = _("cooperation request")
        verbose_name_plural = _("cooperation requests")
