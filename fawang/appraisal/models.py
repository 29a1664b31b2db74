"""Judicial appraisal's rows (issue 14; docs/adr/0031): the bodies that entrust appraisals and their
officers; the appraisers' registration beside the network's practitioner row; the entrustment beside its
service order (one-to-one) with the appraisers assigned and the opinion entered in the evidence log;
reports of conduct on the negative list and of interference; complaints, referred to people's
mediation through the engine. Institutions and their registered categories are the network's
(`Institution.appraisal_categories`). Money in integer fen."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from fawang.core.fields import EncryptedTextField
from fawang.core.models import BaseModel

from .enums import BodyKind, ComplaintStatus, ReportKind


class EntrustingBody(BaseModel):
    """A court, procuratorate, police organ or legal aid centre that entrusts appraisals through the
    platform. A legal aid centre's row names its network institution."""

    kind = models.CharField(_("kind"), max_length=24, choices=BodyKind.choices)
    name = models.CharField(_("name"), max_length=128)
    region = models.ForeignKey("regions.Region", verbose_name=_("region"), on_delete=models.PROTECT)
    institution = models.OneToOneField(
        "network.Institution",
        verbose_name=_("legal aid centre"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["region_id", "kind", "name"]
        verbose_name = _("entrusting body")
        verbose_name_plural = _("entrusting bodies")

    def __str__(self) -> str:
        return self.name


class EntrustingOfficer(BaseModel):
    """A staff account that entrusts on behalf of one body (role `entrusting_officer`)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="entrusting_officer"
    )
    body = models.ForeignKey(EntrustingBody, on_delete=models.PROTECT, related_name="officers")

    class Meta:
        verbose_name = _("entrusting officer")
        verbose_name_plural = _("entrusting officers")


class AppraiserRegistration(BaseModel):
    """What the registry adds to a network practitioner of kind appraiser: the categories their
    licence covers and until when it is valid. Licence number and status are the practitioner's."""

    practitioner = models.OneToOneField(
        "network.Practitioner", on_delete=models.CASCADE, related_name="appraiser_registration"
    )
    categories = models.JSONField(_("appraisal categories"), default=list)
    licence_valid_until = models.DateField(_("licence valid until"), null=True, blank=True)

    class Meta:
        verbose_name = _("appraiser registration")
        verbose_name_plural = _("appraiser registrations")


class Entrustment(BaseModel):
    """An entrustment (司法鉴定委托) beside its order: who entrusted it, for which category at which
    institution, the green channel for legal-aid cases, the two appraisers, the opinion issued."""

    order = models.OneToOneField("orders.ServiceOrder", on_delete=models.CASCADE, related_name="entrustment")
    body = models.ForeignKey(EntrustingBody, on_delete=models.PROTECT, related_name="entrustments")
    institution = models.ForeignKey(
        "network.Institution", on_delete=models.PROTECT, related_name="appraisal_entrustments"
    )
    category = models.CharField(_("appraisal category"), max_length=32)  # network AppraisalCategory
    case_reference = models.CharField(_("case reference"), max_length=64)  # the body's own case number
    matter = models.TextField(_("matter to appraise"))
    # 绿色通道: a legal-aid case is handled first and its fee waived (counted in the figures).
    green_channel = models.BooleanField(_("green channel (legal-aid case)"), default=False, db_index=True)
    legal_aid_reference = models.CharField(_("legal aid case number"), max_length=64, blank=True)
    fee_fen = models.BigIntegerField(_("fee (fen)"), default=0)
    fee_waived = models.BooleanField(_("fee waived"), default=False)
    appraisers = models.ManyToManyField("network.Practitioner", related_name="+", blank=True)
    # The signed outcome document of the shared base (its PDF, number and evidence log entry).
    opinion = models.OneToOneField(
        "disputes.Outcome", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("entrustment")
        verbose_name_plural = _("entrustments")
        constraints = [
            models.CheckConstraint(condition=models.Q(fee_fen__gte=0), name="appraisal_fee_not_negative"),
        ]


class ConductReport(BaseModel):
    """A report of conduct on the negative list, or of interference with an appraisal (记录、报告): who
    reported, about which institution (and entrustment), which item of the list, what happened
    (encrypted: it names people). Read by the supervisors of the institution's region."""

    kind = models.CharField(_("kind"), max_length=16, choices=ReportKind.choices)
    item = models.CharField(_("negative list item"), max_length=40)
    institution = models.ForeignKey("network.Institution", on_delete=models.PROTECT, related_name="+")
    entrustment = models.ForeignKey(
        Entrustment, null=True, blank=True, on_delete=models.PROTECT, related_name="conduct_reports"
    )
    account = EncryptedTextField(_("what happened"))
    reported_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    region_path = models.CharField(max_length=64, db_index=True)  # the institution's, for the scope

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("conduct report")
        verbose_name_plural = _("conduct reports")


class Complaint(BaseModel):
    """A complaint about an appraisal institution or appraiser (涉鉴投诉), which may be referred to a
    people's mediation committee (三调联动): the referral is an order the engine makes for the
    committee, linked here."""

    institution = models.ForeignKey("network.Institution", on_delete=models.PROTECT, related_name="+")
    entrustment = models.ForeignKey(
        Entrustment, null=True, blank=True, on_delete=models.PROTECT, related_name="complaints"
    )
    complainant_name = EncryptedTextField(_("complainant"))
    complainant_phone = EncryptedTextField(_("complainant's mobile number"), blank=True, default="")
    account = EncryptedTextField(_("complaint"))
    status = models.CharField(
        _("status"), max_length=16, choices=ComplaintStatus.choices, default=ComplaintStatus.RECEIVED
    )
    referred_order = models.OneToOneField(
        "orders.ServiceOrder", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    region_path = models.CharField(max_length=64, db_index=True)  # the institution's, for the scope

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("complaint")
        verbose_name_plural = _("complaints")
