"""Arbitration's pages. The party's: file an application (commercial or labour), the case as a party
sees it (status, tribunal, hearings, the award to download with its evidence-log entry, a request to
correct it). The commission's: one case's work page (fee, conflicts, tribunal, hearings, award,
corrections, fees paid, secretary, the labour extension), the commission's cases and roster, the
statistics page and its XLSX. Thin: services write, selectors read, accounts.policy decides."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from fawang.accounts import policy
from fawang.catalog.models import ServiceItem
from fawang.core.errors import DomainError
from fawang.network.models import Institution
from fawang.orders.selectors import order_get_for_actor
from fawang.orders.views import staff_required
from fawang.orders.workflow import stage_label
from fawang.regions.models import Region, RegionLevel
from fawang.ui.forms import add_domain_error

from . import awards, seam, selectors, services
from .enums import COMMERCIAL, LABOUR, WORKFLOWS, Kind, Stage
from .forms import (
    AwardForm,
    CommercialIntakeForm,
    ConflictForm,
    CorrectionRequestForm,
    CounterclaimForm,
    FeeAssessForm,
    FeeDeferForm,
    FeePayForm,
    FeeTableForm,
    HearingForm,
    LabourIntakeForm,
    PaymentForm,
    RosterForm,
    RosterStatusForm,
    SettlementForm,
    TribunalForm,
    WithdrawForm,
)
from .models import ArbitrationCase, AwardDocument
from .seam import is_party


def yuan(fen: int | None) -> str:
    return "" if fen is None else f"¥{fen // 100}.{fen % 100:02d}"


def _citizen(request: HttpRequest) -> Any:
    user = request.user
    return user if user.is_authenticated and getattr(user, "kind", "") == "citizen" else None


class _Shared(forms.Form):
    region = forms.ChoiceField(label=gettext_lazy("County where you live"))
    applicant_name = forms.CharField(label=gettext_lazy("Your name"), max_length=64)
    description = forms.CharField(
        label=gettext_lazy("What the dispute is about and what you claim"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        counties = Region.objects.filter(level=RegionLevel.COUNTY, code__startswith="51").order_by("code")
        self.fields["region"].choices = [(r.code, r.name) for r in counties]


@require_http_methods(["GET", "POST"])
def file(request: HttpRequest) -> HttpResponse:
    """A signed-in citizen files an application: the order's intake with arbitration's fields; a
    commercial one without its arbitration agreement is refused naming the field, nothing saved."""
    from fawang.orders.services import order_submit

    citizen = _citizen(request)
    if citizen is None:
        return redirect(f"{reverse('web:citizen_login')}?next={request.get_full_path()}")
    kind = LABOUR if request.GET.get("kind") == LABOUR else COMMERCIAL
    detail_class = LabourIntakeForm if kind == LABOUR else CommercialIntakeForm
    shared = _Shared(request.POST or None, initial={"applicant_name": citizen.display_name}, prefix="s")
    detail = detail_class(request.POST or None, prefix="d")
    status = 200
    if request.method == "POST":
        status = 400
        if shared.is_valid():
            data = shared.cleaned_data
            details = {
                name: request.POST.get(f"d-{name}", "") for name in detail.fields if name != "from_mediation"
            }
            if details.get("claim_amount_fen", "") == "":
                details["claim_amount_fen"] = None
            try:
                order = order_submit(
                    actor=citizen,
                    channel="web",
                    service_item=ServiceItem.objects.get(code=kind),
                    region=data["region"],
                    description=data["description"],
                    applicant_kind="citizen",
                    applicant_name=data["applicant_name"],
                    applicant_phone=citizen.phone,
                    applicant=citizen,
                    details=details,
                )
            except DomainError as exc:
                add_domain_error(detail, exc, {f"details.{n}": n for n in detail.fields})
                detail.is_bound = True
            else:
                messages.success(
                    request,
                    _(
                        "Your application was sent. The commission decides within five days whether to accept it."
                    ),
                )
                return redirect("arbitration:case", tracking_no=order.tracking_no)
    return render(
        request,
        "arbitration/file.html",
        {"shared": shared, "detail": detail, "kind": kind, "Kind": Kind},
        status=status,
    )


def _order_for(request: HttpRequest, tracking_no: str) -> Any:
    """The case for a party (the base's party access: the filer, or a party whose account, phone or
    ID number is theirs) or for staff who see the order; 404 for anyone else."""
    if not request.user.is_authenticated:
        raise Http404
    try:
        if _citizen(request) is not None:
            order = seam.case_for_party(request.user, tracking_no)
        else:
            order = order_get_for_actor(actor=request.user, tracking_no=tracking_no)
    except DomainError:
        raise Http404 from None
    if order.workflow not in WORKFLOWS:
        raise Http404
    return order


def _case_context(order: Any) -> dict[str, Any]:
    case = ArbitrationCase.objects.select_related("commission", "fee_table", "secretary").get(order=order)
    documents = list(case.documents.select_related("outcome"))
    return {
        "order": order,
        "case": case,
        "stage_text": stage_label(order.workflow, order.stage),
        "fee_text": yuan(case.fee_fen),
        "claim_text": yuan(case.claim_amount_fen),
        "members": list(case.members.select_related("practitioner")),
        "hearings": services.hearings_of(order),
        "documents": documents,
        "is_labour": case.kind == LABOUR,
        "respondents": seam.respondent_names(order),
    }


@require_http_methods(["GET", "POST"])
def case(request: HttpRequest, tracking_no: str) -> HttpResponse:
    """The case as a party sees it (staff who see the order read the same page)."""
    if not request.user.is_authenticated:
        return redirect(f"{reverse('web:citizen_login')}?next={request.path}")
    order = _order_for(request, tracking_no)
    context = _case_context(order)
    form = CorrectionRequestForm(request.POST or None)
    own = is_party(request.user, order)
    if request.method == "POST":
        if not own:
            raise PermissionDenied
        if form.is_valid():
            try:
                services.correction_request(actor=request.user, order=order, text=form.cleaned_data["text"])
            except DomainError as exc:
                add_domain_error(form, exc, {"text": "text"})
            else:
                messages.success(request, _("Your request to correct the award was sent to the tribunal."))
                return redirect("arbitration:case", tracking_no=tracking_no)
    context.update({"form": form, "own": own, "can_correct": own and order.stage == Stage.AWARDED})
    return render(request, "arbitration/case.html", context, status=400 if form.errors else 200)


def document_pdf(request: HttpRequest, tracking_no: str, number: str) -> HttpResponse:
    order = _order_for(request, tracking_no)
    document = (
        AwardDocument.objects.filter(case__order=order, number=number[:40]).select_related("outcome").first()
    )
    if document is None:
        raise Http404
    response = HttpResponse(awards.pdf_bytes(document), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{document.number}.pdf"'
    return response


MANAGE_OPS = (
    "fee",
    "fee_pay",
    "fee_defer",
    "fee_lapsed",
    "withdraw",
    "settle",
    "counterclaim",
    "conflict",
    "tribunal",
    "hearing",
    "award",
    "correct",
    "pay",
    "secretary",
    "extend",
)


@require_http_methods(["GET", "POST"])
@staff_required
def manage(request: HttpRequest, tracking_no: str) -> HttpResponse:
    """The commission's work page of one case: each form posts with its `op`."""
    order = _order_for(request, tracking_no)
    if not policy.can_act_on_order(request.user, "arbitration.manage", order):
        raise PermissionDenied
    forms_by_op: dict[str, forms.Form] = {
        "fee": FeeAssessForm(prefix="fee"),
        "fee_pay": FeePayForm(prefix="fee_pay"),
        "fee_defer": FeeDeferForm(prefix="fee_defer"),
        "withdraw": WithdrawForm(prefix="withdraw"),
        "settle": SettlementForm(prefix="settle"),
        "counterclaim": CounterclaimForm(prefix="counterclaim"),
        "conflict": ConflictForm(prefix="conflict"),
        "tribunal": TribunalForm(prefix="tribunal"),
        "hearing": HearingForm(prefix="hearing"),
        "award": AwardForm(prefix="award"),
        "correct": AwardForm(prefix="correct"),
        "pay": PaymentForm(prefix="pay"),
    }
    status = 200
    if request.method == "POST":
        op = request.POST.get("op", "")
        if op not in MANAGE_OPS:
            raise Http404
        form = None
        if op in forms_by_op:
            form = type(forms_by_op[op])(request.POST, prefix=op)
            forms_by_op[op] = form
        try:
            if form is not None and not form.is_valid():
                raise _FormInvalid
            _run(op, request, order, form)
        except _FormInvalid:
            status = 400
        except DomainError as exc:
            if exc.status == 404:
                raise Http404 from None
            status = 400 if exc.status == 422 else exc.status
            if form is not None:
                add_domain_error(
                    form,
                    exc,
                    {n: n for n in form.fields} | {"members": "first", "text": "text", "reason": "reason"},
                )
            else:
                messages.error(request, str(exc.message))
        else:
            messages.success(request, _("Recorded."))
            return redirect("arbitration:manage", tracking_no=tracking_no)
        order.refresh_from_db()
    context = _case_context(order)
    case_row = context["case"]
    from .models import RosterEntry

    context.update(
        {
            "forms": forms_by_op,
            "roster": list(
                RosterEntry.objects.filter(commission=case_row.commission, active=True).select_related(
                    "practitioner"
                )
            ),
            "conflicts": list(case_row.conflicts.select_related("practitioner")),
            "counterclaims": [
                {"c": c, "claim_text": yuan(c.claim_amount_fen), "fee_text": yuan(c.fee_fen)}
                for c in case_row.counterclaims.all()
            ],
            "is_open": order.stage in services.OPEN_STAGES,
            "payments": [
                {"p": p, "text": yuan(p.amount_fen)} for p in case_row.payments.select_related("practitioner")
            ],
            "clocks": list(order.clocks.order_by("started_at")),
            "quote": _quote(case_row),
            "case_file": seam.case_file(order),
        }
    )
    return render(request, "arbitration/manage.html", context, status=status)


class _FormInvalid(Exception):
    pass


def _quote(case_row: ArbitrationCase) -> str:
    if case_row.kind == LABOUR or case_row.claim_amount_fen is None:
        return ""
    try:
        fee, _table = services.fee_quote(commission=case_row.commission, amount_fen=case_row.claim_amount_fen)
    except DomainError:
        return ""
    return f"{fee} ({yuan(fee)})"


def _run(op: str, request: HttpRequest, order: Any, form: Any) -> None:
    actor = request.user
    data = form.cleaned_data if form is not None else {}
    if op == "fee":
        services.fee_assess(actor=actor, order=order, amount_fen=data["amount_fen"])
    elif op == "fee_pay":
        services.fee_pay(actor=actor, order=order, amount_fen=data["amount_fen"], receipt=data["receipt"])
    elif op == "fee_defer":
        services.fee_defer(actor=actor, order=order, reason=data["reason"])
    elif op == "fee_lapsed":
        services.fee_lapsed_withdraw(actor=actor, order=order)
    elif op == "withdraw":
        services.withdraw(actor=actor, order=order, reason=data["reason"])
    elif op == "settle":
        services.settle(actor=actor, order=order, agreement=data["agreement"], into_award=data["into_award"])
    elif op == "counterclaim":
        services.counterclaim_file(
            actor=actor, order=order, text=data["text"], claim_amount_fen=data["claim_amount_fen"]
        )
    elif op == "conflict":
        services.conflict_declare(
            actor=actor,
            order=order,
            practitioner_id=data["practitioner"],
            ground=data["ground"],
            note=data["note"],
        )
    elif op == "tribunal":
        services.tribunal_form(actor=actor, order=order, mode=data["mode"], members=form.members())
    elif op == "hearing":
        services.hearing_book(actor=actor, order=order, starts_at=data["starts_at"], kind=data["kind"])
    elif op == "award":
        awards.award_make(actor=actor, order=order, text=data["text"])
    elif op == "correct":
        awards.award_correct(actor=actor, order=order, text=data["text"])
    elif op == "pay":
        services.arbitrator_pay(
            actor=actor, order=order, practitioner_id=data["practitioner"], amount_fen=data["amount_fen"]
        )
    elif op == "secretary":
        services.secretary_take(actor=actor, order=order)
    elif op == "extend":
        services.award_extend(actor=actor, order=order, reason=request.POST.get("reason", "")[:2000])


def _commission_for(request: HttpRequest, commission_id: int | None) -> Institution | None:
    """The commission asked for among those the actor may read (None: none in reach)."""
    choices = selectors.commissions_for(request.user)
    found = choices.filter(pk=commission_id).first() if commission_id else choices.first()
    if found is None and commission_id:
        raise Http404
    return found


def _no_commission(request: HttpRequest) -> HttpResponse:
    return render(request, "arbitration/no_commission.html")


def _int(value: str | None) -> int | None:
    return int(value) if value and value.isdigit() and len(value) < 10 else None


@staff_required
def commission(request: HttpRequest) -> HttpResponse:
    """A commission's cases, roster (workload and fees paid) and fee table."""
    if not policy.has_action(request.user, "arbitration.roster"):
        raise PermissionDenied
    found = _commission_for(request, _int(request.GET.get("commission")))
    if found is None:
        return _no_commission(request)
    from .fees import table_as_of

    table = table_as_of(found.pk, timezone.localdate())
    rows = [
        {"case": c, "stage_text": stage_label(c.order.workflow, c.order.stage)}
        for c in selectors.cases_for(request.user, found)[:200]
    ]
    roster = [{**r, "paid_text": yuan(r["paid_fen"])} for r in selectors.roster(found)]
    return render(
        request,
        "arbitration/commission.html",
        {
            "commission": found,
            "commissions": selectors.commissions_for(request.user),
            "rows": rows,
            "roster": roster,
            "table": table,
            "minimum_text": yuan(table.minimum_fen) if table else "",
        },
    )


def _may_read_figures(user: Any) -> bool:
    return policy.has_action(user, "insight.view") or policy.has_action(user, "arbitration.roster")


@staff_required
def statistics(request: HttpRequest) -> HttpResponse:
    if not _may_read_figures(request.user):
        raise PermissionDenied
    found = _commission_for(request, _int(request.GET.get("commission")))
    if found is None:
        return _no_commission(request)
    return render(
        request,
        "arbitration/statistics.html",
        {"stats": selectors.statistics(found), "commissions": selectors.commissions_for(request.user)},
    )


@staff_required
def statistics_xlsx(request: HttpRequest) -> HttpResponse:
    if not _may_read_figures(request.user):
        raise PermissionDenied
    found = _commission_for(request, _int(request.GET.get("commission")))
    if found is None:
        raise Http404
    body = selectors.statistics_xlsx(selectors.statistics(found))
    response = HttpResponse(
        body, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = f'attachment; filename="arbitration-{found.pk}.xlsx"'
    return response


KEEP_FORMS: dict[str, type[forms.Form]] = {
    "fee_table": FeeTableForm,
    "roster": RosterForm,
    "roster_status": RosterStatusForm,
}


@require_http_methods(["GET", "POST"])
@staff_required
def keep(request: HttpRequest) -> HttpResponse:
    """The commission keeps its own rows: fee-table versions (inside the national ranges, never
    overlapping), roster entries (qualification under 仲裁法第二十二条, specialities, on or off the
    roster); it reads the conflicts declared on its cases and its secretaries' caseload."""
    if not policy.has_action(request.user, "arbitration.roster"):
        raise PermissionDenied
    found = _commission_for(request, _int(request.GET.get("commission")))
    if found is None:
        return _no_commission(request)
    bound = {op: form_class(prefix=op) for op, form_class in KEEP_FORMS.items()}
    status = 200
    if request.method == "POST":
        op = request.POST.get("op", "")
        if op not in KEEP_FORMS:
            raise Http404
        form = KEEP_FORMS[op](request.POST, prefix=op)
        bound[op] = form
        status = 400
        if form.is_valid():
            try:
                _keep_run(op, request.user, found, form.cleaned_data)
            except DomainError as exc:
                if exc.status == 403:
                    raise PermissionDenied from None
                add_domain_error(form, exc, {f"rates_bp.{i}": "rates_bp" for i in range(10)})
            else:
                messages.success(request, _("Recorded."))
                return redirect(f"{reverse('arbitration:keep')}?commission={found.pk}")
    return render(
        request,
        "arbitration/keep.html",
        {
            "commission": found,
            "commissions": selectors.commissions_for(request.user),
            "forms": bound,
            "tables": [{"t": t, "minimum_text": yuan(t.minimum_fen)} for t in selectors.fee_tables(found)],
            "roster": selectors.roster(found),
            "conflicts": list(selectors.conflicts_of(request.user, found)[:200]),
            "secretaries": selectors.secretaries(found),
        },
        status=status,
    )


def _keep_run(op: str, actor: Any, commission: Institution, data: dict[str, Any]) -> None:
    if op == "fee_table":
        services.fee_table_create(
            actor=actor,
            commission=commission,
            effective_from=data["effective_from"],
            effective_to=data["effective_to"],
            minimum_fen=data["minimum_fen"],
            rates_bp=data["rates_bp"],
            basis=data["basis"],
        )
    elif op == "roster":
        services.roster_add(
            actor=actor,
            practitioner=services.roster_member(commission, data["practitioner"]),
            qualification=data["qualification"],
            fields=[f for f in data["fields"].replace("，", ",").replace("、", ",").split(",")],
        )
    elif op == "roster_status":
        services.roster_status_set(
            actor=actor, commission=commission, practitioner_id=data["practitioner"], active=data["active"]
        )
