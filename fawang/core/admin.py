"""Back office for the official calendar. Schedules are read-only here; a provincial admin enters or
corrects a year through the "enter a year" form, which goes through `schedule_year_enter` like the
`calendar_enter_year` command does, so validation, audit and the recount of due dates always run."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any, cast

from django import forms
from django.contrib import admin, messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_tasks_db.admin import DBTaskResultAdmin
from django_tasks_db.models import DBTaskResult

from fawang.core.errors import DomainError

from .models import CalendarDay, HolidayScheduleYear
from .services import schedule_year_enter
from .types import Actor

_FIELD_RE = re.compile(r"^(holidays|adjusted_workdays)\[(\d+)\]")


def _may_manage(request: HttpRequest) -> bool:
    from fawang.accounts import policy

    # The admin site lets only active staff in: never the anonymous user.
    return policy.has_action(cast(Actor, request.user), "calendar.manage")


def _as_date(text: str) -> dt.date | str:
    """A date, or the text as typed so the service can name the bad field."""
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        return text


def parse_holiday_lines(text: str) -> list[tuple[Any, Any, str]]:
    """`2027-01-01 2027-01-03 元旦` (a range) or `2027-04-05 清明节` (one day), one per line."""
    out: list[tuple[Any, Any, str]] = []
    for line in text.splitlines():
        parts = line.split()
        if not parts:
            continue
        if len(parts) >= 3 and isinstance(_as_date(parts[1]), dt.date):
            out.append((_as_date(parts[0]), _as_date(parts[1]), " ".join(parts[2:])))
        else:
            first = _as_date(parts[0])
            out.append((first, first, " ".join(parts[1:])))
    return out


def parse_workday_lines(text: str) -> list[tuple[Any, str]]:
    """`2027-02-20 春节调休上班`, one per line."""
    out: list[tuple[Any, str]] = []
    for line in text.splitlines():
        parts = line.split()
        if parts:
            out.append((_as_date(parts[0]), " ".join(parts[1:])))
    return out


def _schedule_as_lines(schedule: HolidayScheduleYear) -> tuple[str, str]:
    """An entered year as the form's text, holidays folded back into ranges."""
    ranges: list[list[Any]] = []
    for day in schedule.days.filter(is_workday=False).order_by("date"):
        if ranges and ranges[-1][2] == day.name and ranges[-1][1] + dt.timedelta(days=1) == day.date:
            ranges[-1][1] = day.date
        else:
            ranges.append([day.date, day.date, day.name])
    holidays = "\n".join(f"{a.isoformat()} {b.isoformat()} {name}" for a, b, name in ranges)
    workdays = "\n".join(
        f"{d.date.isoformat()} {d.name}" for d in schedule.days.filter(is_workday=True).order_by("date")
    )
    return holidays, workdays


class ScheduleYearForm(forms.Form):
    year = forms.IntegerField(label=gettext_lazy("Year"))
    notice = forms.CharField(
        label=gettext_lazy("State Council notice"),
        max_length=255,
        help_text="国务院办公厅关于2027年部分节假日安排的通知 国办发明电〔2026〕N号",
    )
    holidays = forms.CharField(
        label=gettext_lazy("Holidays"),
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text=gettext_lazy("One per line: first day, last day, name. E.g. 2027-10-01 2027-10-07 国庆节"),
    )
    adjusted_workdays = forms.CharField(
        label=gettext_lazy("Adjusted workdays"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=gettext_lazy(
            "Weekend days worked instead, one per line: date, name. E.g. 2027-10-09 国庆节调休上班"
        ),
    )


class CalendarDayInline(admin.TabularInline):
    model = CalendarDay
    fields = ("date", "weekday", "is_workday", "name")
    readonly_fields = fields
    extra = 0
    can_delete = False

    @admin.display(description=gettext_lazy("Weekday"))
    def weekday(self, obj: CalendarDay) -> str:
        return "一二三四五六日"[obj.date.weekday()]

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return _may_manage(request) or super().has_view_permission(request, obj)


@admin.register(HolidayScheduleYear)
class HolidayScheduleYearAdmin(admin.ModelAdmin):
    list_display = ("year", "source", "notice", "entered_by", "entered_at")
    fields = ("year", "source", "notice", "entered_by", "entered_at")
    readonly_fields = fields
    inlines = [CalendarDayInline]
    change_form_template = "admin/core/holidayscheduleyear/change_form.html"

    def has_module_permission(self, request: HttpRequest) -> bool:
        return _may_manage(request) or super().has_module_permission(request)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return _may_manage(request) or super().has_view_permission(request, obj)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return _may_manage(request)

    # Rows change only through schedule_year_enter (the enter form).
    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def get_urls(self) -> list:
        return [
            path(
                "enter/", self.admin_site.admin_view(self.enter_view), name="core_holidayscheduleyear_enter"
            ),
            *super().get_urls(),
        ]

    def add_view(self, request: HttpRequest, form_url: str = "", extra_context: Any = None) -> HttpResponse:
        return redirect("admin:core_holidayscheduleyear_enter")

    def enter_view(self, request: HttpRequest) -> HttpResponse:
        if not _may_manage(request):
            return HttpResponse(status=403)
        if request.method == "POST":
            form = ScheduleYearForm(request.POST)
            if form.is_valid() and self._enter(request, form):
                return HttpResponseRedirect(reverse("admin:core_holidayscheduleyear_changelist"))
        else:
            initial: dict[str, Any] = {}
            year = request.GET.get("year", "")
            existing = HolidayScheduleYear.objects.filter(year=year).first() if year.isdigit() else None
            if existing is not None:
                holidays, workdays = _schedule_as_lines(existing)
                initial = {
                    "year": existing.year,
                    "notice": existing.notice,
                    "holidays": holidays,
                    "adjusted_workdays": workdays,
                }
            form = ScheduleYearForm(initial=initial)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _("Enter a year's holiday schedule"),
            "form": form,
        }
        return TemplateResponse(request, "admin/core/holidayscheduleyear/enter.html", context)

    def _enter(self, request: HttpRequest, form: ScheduleYearForm) -> bool:
        try:
            schedule = schedule_year_enter(
                actor=request.user,
                year=form.cleaned_data["year"],
                notice=form.cleaned_data["notice"],
                holidays=parse_holiday_lines(form.cleaned_data["holidays"]),
                adjusted_workdays=parse_workday_lines(form.cleaned_data["adjusted_workdays"]),
            )
        except DomainError as exc:
            for error in exc.errors:
                field, message = error.field, str(error.message)
                match = _FIELD_RE.match(field or "")
                if match:
                    field = match.group(1)
                    message = _("Line %(line)d: %(message)s") % {
                        "line": int(match.group(2)) + 1,
                        "message": message,
                    }
                form.add_error(field if field in form.fields else None, message)
            return False
        messages.success(
            request,
            _("The %(year)d schedule is saved; %(count)d due dates were recounted.")
            % {"year": schedule.year, "count": schedule.recomputed_orders},
        )
        return True


# ---- django-tasks-db's task results, with Chinese column names --------------------------------------

admin.site.unregister(DBTaskResult)


@admin.register(DBTaskResult)
class TaskResultAdmin(DBTaskResultAdmin):
    """The package's read-only admin; its columns that are attribute names ("Task name") or plain
    strings ("traceback") get translated labels."""

    list_display = (  # type: ignore[assignment]  # one column fewer than the package's tuple type
        "task_label",
        "status",
        "enqueued_at",
        "started_at",
        "finished_at",
        "priority",
        "queue_name",
    )

    @admin.display(description=gettext_lazy("task"))
    def task_label(self, obj: DBTaskResult) -> str:
        return str(obj.task_name)

    @admin.display(description=gettext_lazy("traceback"))
    def formatted_traceback(self, obj: DBTaskResult) -> str:
        return super().formatted_traceback(obj)

    @admin.display(description=gettext_lazy("run after"))
    def display_run_after(self, obj: DBTaskResult) -> Any:
        return super().display_run_after(obj)
