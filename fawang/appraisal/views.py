"""Judicial appraisal's pages, mounted at /appraisal/ (docs/adr/0031): the public registry (the opinion
is checked on the shared base's /disputes/verify/); the entrusting body's entrustment form and list; the entrustment page where the institution
accepts or refuses, records each step, extends and issues; the opinion PDF; the negative list with its
reports; complaints and their referral to mediation (the monthly figures moved to fawang/disputes;
their old addresses here serve the same views). Thin: services
write, selectors read, the policy decides."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from fawang.accounts import policy
from fawang.core.errors import DomainError
from fawang.core.identity import mask_mobile
from fawang.network.models import Institution
from fawang.orders.engine import actions_open_to, status_text
from fawang.orders.urgency import is_overdue
from fawang.orders.views import staff_required
from fawang.ui.forms import add_domain_error, explain

from . import selectors, services
from .enums import Action, BodyKind
from .forms import AcceptForm, ComplaintForm, EntrustForm, NoteForm, ReportForm
from .models import Entrustment
from .opinions import opinion_pdf_bytes

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# The steps recorded on the entrustment page, each by its action name (the engine checks who may).
STEP_ACTIONS = (
    Action.RECEIVE_MATERIALS,
    Action.EXAMINE,
    Action.DRAFT,
    Action.REVIEW,
    "suspend",
    "resume",
    Action.EXTEND,
)


@require_GET
def registry(request: HttpRequest) -> HttpResponse:
    return render(request, "appraisal/registry.html", {"rows": selectors.registry()})


@staff_required
@require_http_methods(["GET", "POST"])
def entrust(request: HttpRequest) -> HttpResponse:
    if not policy.has_action(request.user, services.ENTRUST):
        raise PermissionDenied
    body = services.body_of(request.user)
    institutions = services.institutions_for()
    form = EntrustForm(request.POST or None, institutions=institutions)
    status = 200
    if request.method == "POST":
        status = 400
        if body is None:
            form.add_error(
                None,
                _(
                    "Only a court, procuratorate, police organ or legal aid centre registered here may entrust."
                ),
            )
        else:
            data = {
                k: request.POST.get(k, "")
                for k in ("institution", "category", "case_reference", "matter", "legal_aid_reference")
            }
            try:
                row = services.appraisal_entrust(
                    actor=request.user,
                    institution=data["institution"],
                    category=data["category"],
                    case_reference=data["case_reference"],
                    matter=data["matter"],
                    green_channel=request.POST.get("green_channel") == "on",
                    legal_aid_reference=data["legal_aid_reference"],
                    litigants=form.litigants(),
                )
            except DomainError as exc:
                add_domain_error(form, exc)
            else:
                messages.success(
                    request, _("The entrustment is sent: %(no)s.") % {"no": row.order.tracking_no}
                )
                return redirect("appraisal:entrustment", row.order.tracking_no)
    return render(
        request,
        "appraisal/entrust.html",
        {
            "form": form,
            "body": body,
            "legal_aid_body": body is not None and body.kind == BodyKind.LEGAL_AID_CENTRE,
        },
        status=status,
    )


@staff_required
@require_GET
def entrustments(request: HttpRequest) -> HttpResponse:
    rows = list(selectors.entrustments_for(request.user)[:200])
    now = timezone.now()
    month_start = timezone.localtime(now).replace(day=1, hour=0, minute=0, second=0, microsecond=0)
    return render(
        request,
        "appraisal/entrustments.html",
        {
            "rows": [
                {"e": e, "status": status_text(e.order), "overdue": is_overdue(e.order, now)} for e in rows
            ],
            "green_this_month": selectors.entrustments_for(request.user)
            .filter(green_channel=True, order__submitted_at__gte=month_start)
            .count(),
            "may_entrust": services.body_of(request.user) is not None,
        },
    )


def _entrustment(request: HttpRequest, tracking_no: str) -> Entrustment:
    row = selectors.entrustment_get(request.user, tracking_no)
    if row is None:
        raise Http404
    return row


@staff_required
@require_http_methods(["GET", "POST"])
def entrustment(request: HttpRequest, tracking_no: str) -> HttpResponse:
    row = _entrustment(request, tracking_no)
    order = row.order
    open_actions = (
        set(actions_open_to(request.user, order)) if policy.can_see_order(request.user, order) else set()
    )
    accept_form = AcceptForm(appraisers=services.appraisers_available(row))
    note_form = NoteForm()
    status = 200
    if request.method == "POST":
        action = request.POST.get("action", "")
        if action not in open_actions:
            raise PermissionDenied
        try:
            if action == "accept":
                accept_form = AcceptForm(request.POST, appraisers=services.appraisers_available(row))
                services.appraisal_accept(
                    actor=request.user,
                    order=order,
                    appraisers=request.POST.getlist("appraisers"),
                    fee_fen=request.POST.get("fee_fen", "0"),
                )
            elif action == "reject":
                services.appraisal_refuse(
                    actor=request.user, order=order, reason=request.POST.get("reason", "")
                )
            elif action == Action.ISSUE:
                from .opinions import appraisal_issue

                appraisal_issue(actor=request.user, order=order)
            else:
                services.appraisal_step(
                    actor=request.user, order=order, action=action, note=request.POST.get("reason", "")
                )
        except DomainError as exc:
            status = 400
            if action == "accept":
                add_domain_error(accept_form, exc)
            else:
                note_form = NoteForm(request.POST)
                add_domain_error(note_form, exc)
                messages.error(request, explain(exc))
        else:
            messages.success(request, _("Recorded."))
            return redirect("appraisal:entrustment", order.tracking_no)
    from fawang.orders.workflow import action_label, event_label

    steps = [(a, action_label(order.workflow, a)) for a in STEP_ACTIONS if a in open_actions]
    return render(
        request,
        "appraisal/entrustment.html",
        {
            "e": row,
            "order": order,
            "status": status_text(order),
            "overdue": is_overdue(order, timezone.now()),
            "clocks": list(order.clocks.order_by("started_at", "pk")),
            "events": [(ev, event_label(ev.kind)) for ev in order.events.order_by("created_at", "pk")],
            "appraisers": list(row.appraisers.order_by("name")),
            "may_accept": "accept" in open_actions,
            "may_reject": "reject" in open_actions,
            "may_issue": Action.ISSUE in open_actions,
            "steps": steps,
            "accept_form": accept_form,
            "note_form": note_form,
        },
        status=status,
    )


@staff_required
@require_GET
def opinion_pdf(request: HttpRequest, tracking_no: str) -> HttpResponse:
    row = _entrustment(request, tracking_no)
    if row.opinion is None:
        raise Http404
    response = HttpResponse(opinion_pdf_bytes(row), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{row.opinion.number}.pdf"'
    return response


def _appraisal_institutions(actor: Any) -> list[Institution]:
    return list(
        Institution.objects.filter(kind="appraisal_institution", is_active=True)
        .select_related("region")
        .order_by("name")[:500]
    )


@staff_required
@require_http_methods(["GET", "POST"])
def conduct(request: HttpRequest) -> HttpResponse:
    """The negative list, the form to report conduct on it or interference, and the reports one reads."""
    if not policy.has_action(request.user, services.REPORT):
        raise PermissionDenied
    listed = services.negative_list()
    items = [(i["code"], i["text"]) for i in listed["items"]]
    form = ReportForm(request.POST or None, items=items, institutions=_appraisal_institutions(request.user))
    status = 200
    if request.method == "POST":
        status = 400
        try:
            services.conduct_report(
                actor=request.user,
                kind=request.POST.get("kind", ""),
                item=request.POST.get("item", ""),
                institution=request.POST.get("institution", ""),
                account=request.POST.get("account", ""),
                tracking_no=request.POST.get("tracking_no", ""),
            )
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(request, _("The report is recorded."))
            return redirect("appraisal:conduct")
    return render(
        request,
        "appraisal/conduct.html",
        {
            "listed": listed,
            "form": form,
            "reports": list(selectors.reports_for(request.user)[:200]),
            "items": dict(items),
        },
        status=status,
    )


@staff_required
@require_http_methods(["GET", "POST"])
def complaints(request: HttpRequest) -> HttpResponse:
    if not policy.has_action(request.user, services.COMPLAINTS):
        raise PermissionDenied
    institutions = list(
        policy.scope_institutions(request.user, Institution.objects.filter(kind="appraisal_institution"))[
            :500
        ]
    )
    form = ComplaintForm(request.POST or None, institutions=institutions)
    status = 200
    if request.method == "POST":
        status = 400
        try:
            services.complaint_record(
                actor=request.user,
                institution=request.POST.get("institution", ""),
                complainant_name=request.POST.get("complainant_name", ""),
                complainant_phone=request.POST.get("complainant_phone", ""),
                account=request.POST.get("account", ""),
            )
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(request, _("The complaint is recorded."))
            return redirect("appraisal:complaints")
    rows = [
        {"c": c, "phone": mask_mobile(c.complainant_phone) if c.complainant_phone else ""}
        for c in selectors.complaints_for(request.user)[:200]
    ]
    return render(
        request,
        "appraisal/complaints.html",
        {"form": form, "rows": rows, "committees": services.committees_for(request.user)},
        status=status,
    )


@staff_required
@require_POST
def complaint_refer(request: HttpRequest, pk: int) -> HttpResponse:
    complaint = selectors.complaints_for(request.user).filter(pk=pk).first()
    if complaint is None:
        raise Http404
    try:
        services.complaint_refer(
            actor=request.user, complaint=complaint, committee=request.POST.get("committee", "")
        )
    except DomainError as exc:
        messages.error(request, explain(exc))
    else:
        messages.success(
            request,
            _("Referred to people's mediation: %(no)s.") % {"no": complaint.referred_order.tracking_no},
        )
    return redirect("appraisal:complaints")
