"""The base's pages. Public: the verification of an outcome document (no login, no personal data).
A party's own: their disputes, one dispute (public timeline in their language, sessions, documents
served on them, outcomes) and the outcome's PDF. Anyone else gets 404. Staff work a case on the
order page, where each module's panel includes `disputes/case_file.html`. Staff with `insight.view`:
the dispute workflows' monthly figures and their XLSX (docs/adr/0031)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from fawang.accounts import policy
from fawang.audit.services import audit_record
from fawang.core.errors import DomainError
from fawang.orders.selectors import order_timeline
from fawang.orders.views import staff_required
from fawang.orders.workflow import event_label, event_note, stage_label

from . import selectors
from .figures import dispute_figures, figures_workbook
from .forms import MonthForm
from .outcomes import outcome_pdf_bytes


@require_GET
def verify(request: HttpRequest, number: str) -> HttpResponse:
    """Public: is this outcome document ours, and where is its hash in the evidence log."""
    outcome = selectors.outcome_public(number)
    return render(
        request,
        "disputes/verify.html",
        {"outcome": outcome, "number": number[:40]},
        status=200 if outcome else 404,
    )


@require_GET
@login_required
def my_disputes(request: HttpRequest) -> HttpResponse:
    if policy.is_staff_actor(request.user):  # staff work a case on the order page
        return redirect("web:staff_home")
    orders = list(selectors.disputes_of_citizen(request.user)[:200])
    for order in orders:
        order.stage_text = stage_label(order.workflow, order.stage)
    return render(request, "disputes/my_disputes.html", {"orders": orders})


@require_GET
@login_required
def my_dispute(request: HttpRequest, tracking_no: str) -> HttpResponse:
    if policy.is_staff_actor(request.user):
        return redirect("orders:order_detail", tracking_no=tracking_no)
    try:
        order = selectors.dispute_for_party(actor=request.user, tracking_no=tracking_no)
    except DomainError:
        raise Http404 from None
    events = order_timeline(order=order, public_only=True)
    for event in events:
        event.label = event_label(event.kind)
        event.module_note = event_note(event.kind, event.data)
    mine = selectors.parties_of_citizen(request.user, order)
    file = selectors.case_file(order)
    return render(
        request,
        "disputes/my_dispute.html",
        {
            "order": order,
            "stage_text": stage_label(order.workflow, order.stage),
            "events": events,
            "sessions": file["sessions"],
            "served": selectors.documents_served_on(order, mine),
            "outcomes": file["outcomes"],
            "my_sides": sorted({p.get_side_display() for p in mine}),
            # The running time limits (e.g. 人民调解法第三十三条's 30 days to apply for judicial confirmation).
            "clocks": list(
                order.clocks.filter(stopped_at__isnull=True).select_related("order__service_item")
            ),
        },
    )


@require_GET
@login_required
def outcome_download(request: HttpRequest, number: str) -> HttpResponse:
    """The outcome's PDF, for a party of the case or staff who see it (audited)."""
    from .models import Outcome

    outcome = Outcome.objects.select_related("order", "document").filter(number=number[:40]).first()
    allowed = outcome is not None and (
        selectors.is_party(request.user, outcome.order) or policy.can_see_order(request.user, outcome.order)
    )
    if not allowed or outcome is None:
        raise Http404
    audit_record(
        actor=request.user,
        action="disputes.outcome_download",
        entity=outcome,
        before=None,
        after={"number": number},
    )
    response = HttpResponse(outcome_pdf_bytes(outcome), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{outcome.number}.pdf"'
    return response


# ---- the dispute workflows' monthly figures (docs/adr/0031; moved here from fawang/appraisal) ---------

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def figures_month(request: HttpRequest) -> tuple[MonthForm, dt.date, bool]:
    """The month asked for (`?month=YYYY-MM`, this month without), with the form and whether it was
    well formed (a mistyped month shows this month with the error)."""
    form = MonthForm(request.GET or None)
    today = timezone.localdate()
    month = dt.date(today.year, today.month, 1)
    value = (request.GET.get("month") or "").strip()
    if value:
        try:
            year, number = (int(x) for x in value.split("-"))
            month = dt.date(year, number, 1)
        except (TypeError, ValueError):
            form.is_valid()
            form.add_error("month", _("Give the month as YYYY-MM."))
            return form, month, False
    return form, month, True


def jurisdiction_name(actor: Any) -> str:
    if actor.jurisdiction_region is not None:
        return actor.jurisdiction_region.name
    if actor.jurisdiction_institution is not None:
        return actor.jurisdiction_institution.name
    return _("All of Sichuan")


@staff_required
@require_GET
def figures(request: HttpRequest) -> HttpResponse:
    if not policy.has_action(request.user, "insight.view"):
        raise PermissionDenied
    form, month, ok = figures_month(request)
    data = dispute_figures(actor=request.user, month=month)
    return render(
        request,
        "disputes/figures.html",
        {
            "form": form,
            "f": data,
            "regions_table": data.table([*data.regions]),
            "institutions_table": data.table([*data.institutions, data.total]),
            "jurisdiction": jurisdiction_name(request.user),
            "month_value": f"{month:%Y-%m}",
        },
        status=200 if ok else 400,
    )


@staff_required
@require_GET
def figures_xlsx(request: HttpRequest) -> HttpResponse:
    if not policy.has_action(request.user, "insight.view"):
        raise PermissionDenied
    _form, month, _ok = figures_month(request)
    data = dispute_figures(actor=request.user, month=month)
    response = HttpResponse(
        figures_workbook(data, jurisdiction=jurisdiction_name(request.user)), content_type=XLSX
    )
    response["Content-Disposition"] = f'attachment; filename="dispute-figures-{month:%Y-%m}.xlsx"'
    return response
