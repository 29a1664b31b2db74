from __future__ import annotations

from django.db import models
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext_lazy as _

from fawang.core.models import BaseModel
from fawang.regions.models import RegionLevel

from .enums import HandlerKind, LimitUnit, ServiceCategory


class ServiceItem(BaseModel):
    """One thing a citizen can ask for, with its statutory time limit and the article it comes from."""

    code = models.SlugField(max_length=64, unique=True)
    name = models.CharField(max_length=128)  # Chinese, the legal name
    name_en = models.CharField(max_length=128, blank=True)
    category = models.CharField(max_length=32, choices=ServiceCategory.choices, db_index=True)
    description = models.TextField(blank=True)
    materials = models.TextField(blank=True)  # what to bring, one per line
    fee = models.CharField(max_length=128, blank=True)
    time_limit = models.PositiveSmallIntegerField(_("time limit"))
    time_limit_unit = models.CharField(
        max_length=16, choices=LimitUnit.choices, default=LimitUnit.WORKING_DAYS
    )
    legal_basis = models.CharField(max_length=255)  # the cited article, e.g. 法律援助法第四十三条
    warn_ratio = models.DecimalField(max_digits=3, decimal_places=2, default=0.8)
    feedback_window_days = models.PositiveSmallIntegerField(default=15)  # unrated orders close after this
    sort_order = models.PositiveSmallIntegerField(default=100)
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["sort_order", "code"]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        if (get_language() or "zh").startswith("en") and self.name_en:
            return self.name_en
        return self.name

    @property
    def time_limit_text(self) -> str:
        """The limit as one phrase ("15 working days", "15个工作日"): number and unit are not glued
        together in the template, because Chinese writes them without a space and with a measure word."""
        n = self.time_limit
        if self.time_limit_unit == LimitUnit.CALENDAR_DAYS:
            return ngettext("%(n)d day", "%(n)d days", n) % {"n": n}
        return ngettext("%(n)d working day", "%(n)d working days", n) % {"n": n}


class RoutingRule(models.Model):
    """Rules as data: which kind of place handles an item, and the lowest level at which such a place
    is looked for. Routing walks up from the applicant's region to the province."""

    service_item = models.ForeignKey(ServiceItem, on_delete=models.CASCADE, related_name="routing_rules")
    handler_kind = models.CharField(max_length=32, choices=HandlerKind.choices)
    lowest_level = models.CharField(max_length=16, choices=RegionLevel.choices, default=RegionLevel.TOWNSHIP)
    priority = models.PositiveSmallIntegerField(default=10)  # lower first when several rules apply

    class Meta:
        ordering = ["service_item_id", "priority"]

    def __str__(self) -> str:
        return f"{self.service_item.code} → {self.handler_kind} ≥ {self.lowest_level}"
