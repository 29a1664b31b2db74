"""Legal aid's rows: the application's facts beside its service order (one-to-one), the dated rules
of the eligibility engine (hardship standards per prefecture, a negative list per region) and each
decision's eligibility assessment, stored so it can be re-run as of its date."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from fawang.core.models import BaseModel

from .enums import AssignmentState, DutyHost, MatterType, Urgency


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


# ---- assignment (issue 11, item 4; 法律援助法第十四条、第四十三条、第四十六条) ------------------------------


class AidPractitioner(BaseModel):
    """A lawyer or legal aid worker on the legal aid panel: the network's practitioner (name, firm,
    region, languages, licence) with what legal aid's suggestion needs beside it: the matters they
    take, whether they take new cases now, and their ceiling of open cases."""

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
