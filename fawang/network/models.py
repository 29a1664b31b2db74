from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from fawang.core.models import BaseModel
from fawang.regions.models import RegionLevel

from .enums import InstitutionKind, PractitionerKind, PractitionerStatus, RosterDuty, ServicePointKind, Shift


class ServicePoint(BaseModel):
    """A public legal service centre, station or room: one per region at each level, plus the
    provincial centre. Which service items it offers is data (`service_items`)."""

    # A stable key ("SP-510107") so data loads and the demo generator can find a point again without
    # relying on its (non-unique) name. Optional for points entered by hand.
    code = models.CharField(max_length=32, unique=True, null=True, blank=True)
    name = models.CharField(max_length=128)
    kind = models.CharField(max_length=16, choices=ServicePointKind.choices)
    level = models.CharField(max_length=16, choices=RegionLevel.choices, db_index=True)
    region = models.ForeignKey("regions.Region", on_delete=models.PROTECT, related_name="service_points")
    address = models.CharField(max_length=255, blank=True)
    phone = models.CharField(max_length=32, blank=True)  # the point's public number, not personal data
    service_items = models.ManyToManyField("catalog.ServiceItem", blank=True, related_name="service_points")
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["region_id", "name"]

    def __str__(self) -> str:
        return self.name


class Institution(BaseModel):
    """A legal aid centre, notary office, appraisal institution, arbitration commission, mediation
    committee, law firm or grassroots office. `serves_region` is where it takes work from when that
    is wider than where it sits (a notary office serves its whole prefecture)."""

    code = models.CharField(max_length=32, unique=True, null=True, blank=True)  # e.g. "LA-510107"
    name = models.CharField(max_length=128)
    kind = models.CharField(max_length=32, choices=InstitutionKind.choices, db_index=True)
    region = models.ForeignKey("regions.Region", on_delete=models.PROTECT, related_name="institutions")
    serves_region = models.ForeignKey(
        "regions.Region", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    service_point = models.ForeignKey(
        ServicePoint, null=True, blank=True, on_delete=models.SET_NULL, related_name="institutions"
    )
    licence_no = models.CharField(max_length=64, blank=True)
    appraisal_categories = models.JSONField(default=list, blank=True)  # AppraisalCategory values
    service_items = models.ManyToManyField("catalog.ServiceItem", blank=True, related_name="institutions")
    phone = models.CharField(max_length=32, blank=True)
    address = models.CharField(max_length=255, blank=True)
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["region_id", "kind", "name"]

    def __str__(self) -> str:
        return self.name


class Practitioner(BaseModel):
    """A lawyer, notary, appraiser, arbitrator, mediator or legal-aid worker. `user` is set when the
    practitioner logs in to handle orders."""

    user = models.OneToOneField(
        "accounts.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="practitioner"
    )
    name = models.CharField(max_length=64)
    kind = models.CharField(max_length=32, choices=PractitionerKind.choices, db_index=True)
    licence_no = models.CharField(_("licence number"), max_length=64, unique=True)
    institution = models.ForeignKey(Institution, on_delete=models.PROTECT, related_name="practitioners")
    region = models.ForeignKey("regions.Region", on_delete=models.PROTECT, related_name="+")
    languages = models.JSONField(default=list, blank=True)  # Language values, e.g. ["zh", "bo"]
    specialties = models.JSONField(default=list, blank=True)  # legal domains, e.g. ["劳动纠纷"]
    status = models.CharField(
        max_length=16, choices=PractitionerStatus.choices, default=PractitionerStatus.ACTIVE
    )

    class Meta:
        ordering = ["institution_id", "name"]

    def __str__(self) -> str:
        return self.name


class RosterShift(BaseModel):
    """Who is on duty where and when: hotline seats, duty lawyers at a service point, window clerks."""

    service_point = models.ForeignKey(ServicePoint, on_delete=models.CASCADE, related_name="roster")
    duty = models.CharField(max_length=16, choices=RosterDuty.choices)
    date = models.DateField(db_index=True)
    shift = models.CharField(max_length=16, choices=Shift.choices)
    practitioner = models.ForeignKey(
        Practitioner, null=True, blank=True, on_delete=models.CASCADE, related_name="shifts"
    )
    staff = models.ForeignKey(
        "accounts.User", null=True, blank=True, on_delete=models.CASCADE, related_name="shifts"
    )

    class Meta:
        ordering = ["date", "shift"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(practitioner__isnull=False) | models.Q(staff__isnull=False),
                name="roster_shift_has_person",
            )
        ]

    def __str__(self) -> str:
        return f"{self.service_point} {self.date} {self.shift}"
