from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from fawang.core.models import BaseModel, StampedQuerySet
from fawang.regions.models import RegionLevel

from .enums import InstitutionKind, PractitionerKind, PractitionerStatus, RosterDuty, ServicePointKind, Shift


class ServicePoint(BaseModel):
    """A public legal service centre, station or room: one per region at each level, plus the
    provincial centre. Which service items it offers is data (`service_items`)."""

    # A bulk update moves updated_at, so the routing index's version check sees it.
    objects = StampedQuerySet.as_manager()

    # A stable key ("SP-510107") so data loads and the demo generator can find a point again without
    # relying on its (non-unique) name. Optional for points entered by hand.
    code = models.CharField(_("code"), max_length=32, unique=True, null=True, blank=True)
    name = models.CharField(_("name"), max_length=128)
    kind = models.CharField(_("kind"), max_length=16, choices=ServicePointKind.choices)
    level = models.CharField(_("level"), max_length=16, choices=RegionLevel.choices, db_index=True)
    region = models.ForeignKey(
        "regions.Region", verbose_name=_("region"), on_delete=models.PROTECT, related_name="service_points"
    )
    address = models.CharField(_("address"), max_length=255, blank=True)
    # The point's public number, not personal data.
    phone = models.CharField(_("telephone"), max_length=32, blank=True)
    service_items = models.ManyToManyField(
        "catalog.ServiceItem", verbose_name=_("service items"), blank=True, related_name="service_points"
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["region_id", "name"]
        verbose_name = _("service point")
        verbose_name_plural = _("service points")

    def __str__(self) -> str:
        return self.name


class Institution(BaseModel):
    """A legal aid centre, notary office, appraisal institution, arbitration commission, mediation
    committee, law firm or grassroots office. `serves_region` is where it takes work from when that
    is wider than where it sits (a notary office serves its whole prefecture)."""

    # A bulk update moves updated_at, so the routing index's version check sees it.
    objects = StampedQuerySet.as_manager()

    code = models.CharField(_("code"), max_length=32, unique=True, null=True, blank=True)  # e.g. "LA-510107"
    name = models.CharField(_("name"), max_length=128)
    kind = models.CharField(_("kind"), max_length=32, choices=InstitutionKind.choices, db_index=True)
    region = models.ForeignKey(
        "regions.Region", verbose_name=_("region"), on_delete=models.PROTECT, related_name="institutions"
    )
    serves_region = models.ForeignKey(
        "regions.Region",
        verbose_name=_("serves region"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    service_point = models.ForeignKey(
        ServicePoint,
        verbose_name=_("service point"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="institutions",
    )
    licence_no = models.CharField(_("licence number"), max_length=64, blank=True)
    # AppraisalCategory values
    appraisal_categories = models.JSONField(_("appraisal categories"), default=list, blank=True)
    service_items = models.ManyToManyField(
        "catalog.ServiceItem", verbose_name=_("service items"), blank=True, related_name="institutions"
    )
    phone = models.CharField(_("telephone"), max_length=32, blank=True)
    address = models.CharField(_("address"), max_length=255, blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["region_id", "kind", "name"]
        verbose_name = _("institution")
        verbose_name_plural = _("institutions")

    def __str__(self) -> str:
        return self.name


class Practitioner(BaseModel):
    """A lawyer, notary, appraiser, arbitrator, mediator or legal-aid worker. `user` is set when the
    practitioner logs in to handle orders."""

    # A bulk update moves updated_at, so the routing index's version check sees it.
    objects = StampedQuerySet.as_manager()

    user = models.OneToOneField(
        "accounts.User",
        verbose_name=_("user account"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="practitioner",
    )
    name = models.CharField(pgettext_lazy("person", "name"), max_length=64)
    kind = models.CharField(_("kind"), max_length=32, choices=PractitionerKind.choices, db_index=True)
    licence_no = models.CharField(_("licence number"), max_length=64, unique=True)
    institution = models.ForeignKey(
        Institution, verbose_name=_("institution"), on_delete=models.PROTECT, related_name="practitioners"
    )
    region = models.ForeignKey(
        "regions.Region", verbose_name=_("region"), on_delete=models.PROTECT, related_name="+"
    )
    # Language values, e.g. ["zh", "bo"]
    languages = models.JSONField(_("languages"), default=list, blank=True)
    # legal domains, e.g. ["劳动纠纷"]
    specialties = models.JSONField(_("specialties"), default=list, blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=PractitionerStatus.choices, default=PractitionerStatus.ACTIVE
    )

    class Meta:
        ordering = ["institution_id", "name"]
        verbose_name = _("practitioner")
        verbose_name_plural = _("practitioners")

    def __str__(self) -> str:
        return self.name


class RosterShift(BaseModel):
    """Who is on duty where and when: hotline seats, duty lawyers at a service point, window clerks."""

    # A bulk update moves updated_at, so the routing index's version check sees it.
    objects = StampedQuerySet.as_manager()

    service_point = models.ForeignKey(
        ServicePoint, verbose_name=_("service point"), on_delete=models.CASCADE, related_name="roster"
    )
    duty = models.CharField(_("duty"), max_length=16, choices=RosterDuty.choices)
    date = models.DateField(_("date"), db_index=True)
    shift = models.CharField(_("shift"), max_length=16, choices=Shift.choices)
    practitioner = models.ForeignKey(
        Practitioner,
        verbose_name=_("practitioner"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="shifts",
    )
    staff = models.ForeignKey(
        "accounts.User",
        verbose_name=_("staff member"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="shifts",
    )

    class Meta:
        ordering = ["date", "shift"]
        verbose_name = _("roster shift")
        verbose_name_plural = _("roster shifts")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(practitioner__isnull=False) | models.Q(staff__isnull=False),
                name="roster_shift_has_person",
            )
        ]

    def __str__(self) -> str:
        return f"{self.service_point} {self.date} {self.shift}"
