"""Legal aid's monthly report page and its XLSX download (issue 11 item 9): figures of the reader's
jurisdiction (`insight.view`, scoped by `fawang.accounts.policy`), charts drawn server-side as inline
SVG, each with a table of the same numbers beside it."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from fawang.accounts import policy
from fawang.accounts.models import User
from fawang.core.replica import reading_replica
from fawang.orders.views import staff_required

from ..charts import grouped_columns, horizontal_bars
from ..reports import MonthlyReport, monthly_report
from ..subsidy_forms import MonthForm
from ..xlsx import XLSX, report_workbook


def _reader(request: HttpRequest) -> User:
    actor = request.user
    assert isinstance(actor, User)
    if not policy.has_action(actor, "insight.view"):
        raise PermissionDenied(_("Your role does not allow this action."))
    return actor


def _month(request: HttpRequest) -> tuple[MonthForm, dt.date]:
    form = MonthForm(request.GET or None)
    today = timezone.localdate()
    return form, form.month_or(dt.date(today.year, today.month, 1))


def _jurisdiction_name(actor: User) -> str:
    if actor.jurisdiction_region is not None:
        return actor.jurisdiction_region.name
    if actor.jurisdiction_institution is not None:
        return actor.jurisdiction_institution.name
    return _("All of Sichuan")


def _charts(report: MonthlyReport) -> dict[str, object]:
    series = [_("Applications"), _("Approvals"), _("Refusals")]
    return {
        "trend": grouped_columns(
            [(f"{t.month:%m}", (t.applications, t.approvals, t.refusals)) for t in report.trend], series
        ),
        "regions": horizontal_bars([(r.name, r.applications) for r in report.regions]),
        "clocks": horizontal_bars(
            [(str(c.display_label), float(c.rate) if c.rate is not None else 0) for c in report.clocks],
            maximum=100,
            unit="%",
        ),
        "matters": horizontal_bars(report.by_matter_type),
    }


@staff_required
@require_GET
def report(request: HttpRequest) -> HttpResponse:
    actor = _reader(request)
    form, month = _month(request)
    with reading_replica():  # counts that tolerate the replica's lag (docs/adr/0015)
        figures = monthly_report(actor=actor, month=month)
    return render(
        request,
        "legalaid/reports/monthly.html",
        {
            "form": form,
            "report": figures,
            "charts": _charts(figures),
            "jurisdiction": _jurisdiction_name(actor),
            "month_value": f"{month:%Y-%m}",
        },
        status=400 if form.is_bound and not form.is_valid() else 200,
    )


@staff_required
@require_GET
def report_xlsx(request: HttpRequest) -> HttpResponse:
    actor = _reader(request)
    _form, month = _month(request)
    with reading_replica():
        figures = monthly_report(actor=actor, month=month)
    response = HttpResponse(
        report_workbook(figures, jurisdiction=_jurisdiction_name(actor)), content_type=XLSX
    )
    response["Content-Disposition"] = f'attachment; filename="legal-aid-report-{month:%Y-%m}.xlsx"'
    return response
