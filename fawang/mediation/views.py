"""People's mediation's pages. The villager's: register a dispute on the phone (choose the county, then
the committee), then follow it on the disputes base's party page. The committee's (its staff and its
mediators): the list of its cases with the judicial-confirmation clock, and on each order page the
panel's forms (parties, mediator, sessions, minutes, agreement, follow-up visits, the move into
arbitration). Thin: services write, selectors read, accounts.policy decides."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from fawang.accounts import policy
from fawang.accounts.enums import UserKind
from fawang.catalog.models import ServiceItem
from fawang.core.errors import DomainError
from fawang.disputes.forms import RepresentativeForm, ServiceRecordForm
from fawang.disputes.models import Document, Session
from fawang.disputes.services import (
    document_serve,
    party_add,
    representative_add,
    session_hold,
    session_schedule,
)
from fawang.orders.views import staff_required
from fawang.orders.workflow import stage_label
from fawang.ui.forms import add_domain_error

from . import selectors, services
from .enums import ITEM
from .forms import (
    AgreementForm,
    CitizenApplyForm,
    FollowUpForm,
    HandOffForm,
    HoldForm,
    PartyForm,
    SessionForm,
)


def _citizen(request: HttpRequest) -> Any:
    user = request.user
    if user.is_authenticated and getattr(user, "kind", "") == UserKind.CITIZEN:
        return user
    return None


@require_http_methods(["GET", "POST"])
def apply(request: HttpRequest) -> HttpResponse:
    """A villager registers a dispute with their committee (人民调解法第十七条), free of charge (第四条)."""
    from fawang.orders.services import order_submit

    citizen = _citizen(request)
    if citizen is None:
        return redirect(f"{reverse('web:citizen_login')}?next={request.get_full_path()}")
    counties = selectors.counties_with_committees()
    county = (request.GET.get("county") or request.POST.get("county") or "")[:12]
    if county not in {c.code for c in counties}:
        county = ""
    found = list(selectors.committees(county=county)[:300]) if county else []
    form = None
    status = 200
    if found:
        form = CitizenApplyForm(
            request.POST or None,
            committees=found,
            initial={"name": citizen.display_name},
        )
        if request.method == "POST":
            status = 400
            if form.is_valid():
                data = form.cleaned_data
                committee = next(c for c in found if c.pk == data["committee"])
                try:
                    order = order_submit(
                        actor=citizen,
                        channel="web",
                        service_item=ServiceItem.objects.get(code=ITEM),
                        region=committee.region,
                        description=data["description"],
                        applicant_kind="citizen",
                        applicant_name=data["name"],
                        applicant_phone=citizen.phone,
                        applicant_id_number=data["id_number"],
                        applicant=citizen,
                        language=request.LANGUAGE_CODE
                        if request.LANGUAGE_CODE in ("bo", "ii", "en")
                        else "zh",
                        details={
                            "committee": committee.pk,
                            "category": data["category"],
                            "source": "party",
                            "respondent_kind": "person",
                            "respondent_name": data["respondent_name"],
                            "respondent_phone": data["respondent_phone"],
                        },
                    )
                except DomainError as exc:
                    add_domain_error(
                        form,
                        exc,
                        {
                            "applicant_id_number": "id_number",
                            "applicant_name": "name",
                            "details.respondent_name": "respondent_name",
                            "details.respondent_phone": "respondent_phone",
                            "details.committee": "committee",
                            "details.category": "category",
                        },
                    )
                else:
                    messages.success(
                        request,
                        _(
                            "Your dispute is registered. The committee will contact both parties; it costs nothing."
                        ),
                    )
                    return redirect("disputes:my_dispute", tracking_no=order.tracking_no)
    return render(
        request,
        "mediation/apply.html",
        {"counties": counties, "county": county, "form": form, "no_committee": bool(county) and not found},
        status=status,
    )


@require_GET
@staff_required
def cases(request: HttpRequest) -> HttpResponse:
    """The committee's cases, with the clocks running on each (the 30 days of art. 33 among them)."""
    if not policy.has_action(request.user, services.MEDIATE):
        raise PermissionDenied
    orders = list(selectors.cases_for_staff(request.user)[:200])
    for order in orders:
        order.running = [c for c in order.clocks.all() if c.stopped_at is None]
        order.stage_text = stage_label(order.workflow, order.stage)
    return render(request, "mediation/cases.html", {"orders": orders, "now": timezone.now()})


def _staff_order(request: HttpRequest, tracking_no: str) -> Any:
    try:
        return services.mediation_for_staff(actor=request.user, tracking_no=tracking_no)
    except DomainError:
        raise Http404 from None


def _back(order: Any) -> HttpResponse:
    return redirect(reverse("orders:order_detail", args=[order.tracking_no]) + "#mediation")


def _refuse(request: HttpRequest, exc: DomainError) -> None:
    if exc.status in (403, 404):
        raise PermissionDenied from None
    for error in exc.errors:
        messages.error(request, f"{error.field}: {error.message}" if error.field else str(error.message))


@require_POST
@staff_required
def panel_post(request: HttpRequest, tracking_no: str, what: str) -> HttpResponse:
    """The panel's forms on the order page: each names its errors and saves nothing when refused."""
    order = _staff_order(request, tracking_no)
    if not policy.can_act_on_order(request.user, services.MEDIATE, order):
        raise PermissionDenied
    actor = request.user
    try:
        if what == "party":
            form = PartyForm(request.POST, prefix="party")
            if not form.is_valid():
                raise _form_error(form)
            party_add(actor=actor, order=order, action=services.MEDIATE, **form.cleaned_data)
            messages.success(request, _("The party is recorded."))
        elif what == "representative":
            form = RepresentativeForm(request.POST, prefix="rep", parties=list(order.dispute_parties.all()))
            if not form.is_valid():
                raise _form_error(form)
            data = dict(form.cleaned_data)
            party = order.dispute_parties.get(pk=data.pop("party"))
            representative_add(actor=actor, party=party, action=services.MEDIATE, **data)
            messages.success(request, _("The representative is recorded."))
        elif what == "service":
            form = ServiceRecordForm(
                request.POST,
                prefix="served",
                parties=list(order.dispute_parties.all()),
                documents=list(Document.objects.filter(order=order).defer("file_b64", "text")),
            )
            if not form.is_valid():
                raise _form_error(form)
            data = form.cleaned_data
            document_serve(
                actor=actor,
                document=Document.objects.get(pk=data["document"], order=order),
                party=order.dispute_parties.get(pk=data["party"]),
                method=data["method"],
                receipt=data["receipt"],
                served_at=data["served_at"],
                action=services.MEDIATE,
            )
            messages.success(request, _("The service of the document is recorded."))
        elif what == "mediator":
            services.mediator_assign(actor=actor, order=order, mediator=request.POST.get("mediator", ""))
            messages.success(request, _("The mediator is assigned."))
        elif what == "session":
            form = SessionForm(request.POST, prefix="session")
            if not form.is_valid():
                raise _form_error(form)
            data = form.cleaned_data
            starts = data["starts_at"]
            session_schedule(
                actor=actor,
                order=order,
                kind="mediation",
                starts_at=starts,
                ends_at=starts + dt.timedelta(hours=data["hours"]),
                mode=data["mode"],
                place=data["place"],
                action=services.MEDIATE,
            )
            messages.success(request, _("The session is booked and the parties are told."))
        elif what == "hold":
            form = HoldForm(request.POST, prefix="hold")
            if not form.is_valid():
                raise _form_error(form)
            session = Session.objects.filter(pk=form.cleaned_data["session"], order=order).first()
            if session is None:
                raise Http404
            session_hold(
                actor=actor, session=session, minutes=form.cleaned_data["minutes"], action=services.MEDIATE
            )
            messages.success(request, _("The minutes are recorded."))
        elif what == "agreement":
            form = AgreementForm(request.POST, prefix="agreement", parties=list(order.dispute_parties.all()))
            if not form.is_valid():
                raise _form_error(form)
            data = form.cleaned_data
            outcome = services.mediation_agree(
                actor=actor,
                order=order,
                form=data["form"],
                facts=data["facts"],
                terms=data["terms"],
                signed=data["signed"],
            )
            messages.success(
                request,
                _("The agreement %(number)s is recorded and entered in the evidence log.")
                % {"number": outcome.number},
            )
        elif what == "follow-up":
            form = FollowUpForm(request.POST, prefix="followup")
            if not form.is_valid():
                raise _form_error(form)
            services.follow_up_record(actor=actor, order=order, **form.cleaned_data)
            messages.success(request, _("The follow-up visit is recorded."))
        elif what == "arbitration":
            form = HandOffForm(
                request.POST, prefix="handoff", commissions=selectors.arbitration_commissions()
            )
            if not form.is_valid():
                raise _form_error(form)
            made = services.mediation_to_arbitration(actor=actor, order=order, **form.cleaned_data)
            messages.success(
                request, _("The dispute moved into arbitration as %(no)s.") % {"no": made.tracking_no}
            )
        else:
            raise Http404
    except DomainError as exc:
        _refuse(request, exc)
    return _back(order)


def _form_error(form: Any) -> DomainError:
    from fawang.core.errors import FieldError, ValidationFailed

    errors = [
        FieldError(problem.code or "invalid", " ".join(str(m) for m in problem.messages), name)
        for name, problems in form.errors.as_data().items()
        for problem in problems
    ]
    return ValidationFailed(errors)


def panel_context(order: Any, actor: Any) -> dict[str, Any]:
    """What the panel shows and offers (called from the panel's template tag)."""
    from fawang.disputes.selectors import case_file

    from .models import Mediation

    row = Mediation.objects.select_related("committee", "mediator").filter(order=order).first()
    if row is None:
        return {}
    may = policy.can_act_on_order(actor, services.MEDIATE, order)
    file = case_file(order)
    return {
        "mediation": row,
        "file": file,
        "may_mediate": may,
        "party_form": PartyForm(prefix="party"),
        "representative_form": RepresentativeForm(prefix="rep", parties=file["parties"])
        if file["parties"]
        else None,
        "service_form": ServiceRecordForm(
            prefix="served", parties=file["parties"], documents=file["documents"]
        )
        if file["parties"] and file["documents"]
        else None,
        "session_form": SessionForm(prefix="session"),
        "agreement_form": AgreementForm(prefix="agreement", parties=file["parties"]),
        "followup_form": FollowUpForm(prefix="followup", initial={"visited_on": timezone.localdate()}),
        "handoff_form": HandOffForm(prefix="handoff", commissions=selectors.arbitration_commissions())
        if order.stage in ("failed", "not_performed")
        else None,
        "mediators": selectors.mediators_of(row.committee_id),
        "scheduled": [s for s in file["sessions"] if s.state == "scheduled"],
        "clocks": [c for c in order.clocks.all() if c.stopped_at is None],
        "follow_ups": list(row.follow_ups.all()),
    }


# ---- the county's statistics of its committees (人民调解法第十条) ----------------------------------------


def _statistics_month(request: HttpRequest) -> tuple[Any, dt.date, bool]:
    from fawang.disputes.views import figures_month

    return figures_month(request)


@staff_required
@require_GET
def statistics(request: HttpRequest) -> HttpResponse:
    """The month's statistics of the committees in the bureau's jurisdiction, by kind of committee."""
    from fawang.disputes.views import jurisdiction_name

    from .statistics import ACTION, COLUMNS, column_labels, committee_statistics

    if not policy.has_action(request.user, ACTION):
        raise PermissionDenied
    form, month, ok = _statistics_month(request)
    stats = committee_statistics(actor=request.user, month=month)
    labels = column_labels()
    return render(
        request,
        "mediation/statistics.html",
        {
            "form": form,
            "stats": stats,
            "columns": [labels[c] for c in COLUMNS],
            "jurisdiction": jurisdiction_name(request.user),
            "month_value": f"{month:%Y-%m}",
        },
        status=200 if ok else 400,
    )


@staff_required
@require_GET
def statistics_xlsx(request: HttpRequest) -> HttpResponse:
    from fawang.disputes.views import XLSX, jurisdiction_name

    from .statistics import ACTION, committee_statistics, statistics_workbook

    if not policy.has_action(request.user, ACTION):
        raise PermissionDenied
    _form, month, _ok = _statistics_month(request)
    stats = committee_statistics(actor=request.user, month=month)
    response = HttpResponse(
        statistics_workbook(stats, jurisdiction=jurisdiction_name(request.user)), content_type=XLSX
    )
    response["Content-Disposition"] = f'attachment; filename="mediation-committees-{month:%Y-%m}.xlsx"'
    return response
