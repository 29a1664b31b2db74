from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class StampedQuerySet(models.QuerySet):
    """A bulk `update()` that moves `updated_at` too (auto_now acts on save() only, and an update sends
    no signal). For the models whose kept indexes check a version made of their count and latest
    `updated_at` (the routing index, fawang/orders/routing.py; the legal aid panel,
    fawang/legalaid/assignment.py): without it a bulk update went unseen by every process until the
    next save. An update that sets `updated_at` itself keeps its value."""

    def update(self, **kwargs: object) -> int:
        kwargs.setdefault("updated_at", timezone.now())
        return super().update(**kwargs)


class BaseModel(models.Model):
    """Creation and modification times on every domain row."""

    created_at = models.DateTimeField(_("created at"), auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        abstract = True


class ScheduleSource(models.TextChoices):
    PACKAGE = "chinese-calendar 1.11.0", "chinese-calendar 1.11.0"  # seeded by the data migration
    NOTICE = "State Council notice", _("State Council notice")  # entered by a provincial admin


class HolidayScheduleYear(BaseModel):
    """One year of the official holiday schedule (国务院办公厅关于某年部分节假日安排的通知).

    A year exists here only once its schedule is known; counting past the last one treats weekends
    as the only rest days and marks the result provisional (docs/adr/0006)."""

    year = models.PositiveSmallIntegerField(_("year"), primary_key=True)
    source = models.CharField(_("source"), max_length=32, choices=ScheduleSource.choices)
    # e.g. 国务院办公厅关于2027年部分节假日安排的通知 国办发明电〔2026〕N号; blank for seeded years,
    # whose notices the package does not record.
    notice = models.CharField(_("State Council notice"), max_length=255, blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("entered by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    entered_at = models.DateTimeField(_("entered at"))

    # Not a column: set by schedule_year_enter on the row it returns, the number of orders whose
    # due date changed.
    recomputed_orders: int

    class Meta:
        ordering = ["-year"]
        verbose_name = _("holiday schedule")
        verbose_name_plural = _("holiday schedules")

    def __str__(self) -> str:
        return str(self.year)


class CalendarDay(models.Model):
    """An exception to the weekend rule: a statutory holiday (on a weekday or a weekend) or an
    adjusted workday (调休上班) on a weekend. Every other day is a workday Monday to Friday."""

    date = models.DateField(_("date"), primary_key=True)
    is_workday = models.BooleanField(_("workday"))
    name = models.CharField(_("name"), max_length=64)  # 国庆节, 春节调休上班 ...
    year = models.ForeignKey(
        HolidayScheduleYear, verbose_name=_("year"), on_delete=models.CASCADE, related_name="days"
    )

    class Meta:
        ordering = ["date"]
        verbose_name = _("calendar day")
        verbose_name_plural = _("calendar days")

    def __str__(self) -> str:
        return f"{self.date} {self.name}"
