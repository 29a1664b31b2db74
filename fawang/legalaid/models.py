"""Legal aid's rows: the application's facts beside its service order (one-to-one), the dated rules
of the eligibility engine (hardship standards per prefecture, a negative list per region) and each
decision's eligibility assessment, stored so it can be re-run as of its date."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from fawang.core.fields import EncryptedTextField
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
