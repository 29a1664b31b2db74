"""Subsidy and funds pages (issue 11 item 7; 法律援助法第五十二条): the subsidy list with the cases
awaiting one, a subsidy's page with its steps, the subsidy standard, fund sources with receipts and
allocations, the ledgers, and their XLSX downloads. Thin: reads through `subsidy_selectors`, writes
through `subsidies`; a refusal comes back on the field it names."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from fawang.accounts import policy
from fawang.accounts.models import User
from fawang.core.errors import DomainError, NotFound
from fawang.orders import selectors as order_selectors
from fawang.orders.views import staff_required
from fawang.regions.models import Region
from fawang.ui.forms import add_domain_error

from .. import subsidies as services
from .. import subsidy_selectors as selectors
from ..enums import SubsidyStatus
from ..forms import to_fen
from ..models import SubsidyStandard
from ..subsidy_forms import (
    AdjustForm,
    AllocateForm,
    ApproveForm,
    ComputeForm,
    FundSourceForm,
    PayForm,
    ReceiveForm,
    RejectForm,
    StandardForm,
    StatusFilterForm,
)
from ..xlsx import XLSX, ledger_workbook, subsidies_workbook

LIST_MAX = 200  # rows on a page; the XLSX download has them all
LEDGER_PAGE_MAX = 500


def _actor(request: HttpRequest) -> User:
    actor = request.user
    assert isinstance(actor, User)
    if not selectors.may_read_funds(actor):
        raise PermissionDenied(_("Your role does not allow this action."))
    return actor


def _require(actor: User, action: str) -> None:
    if not policy.has_action(actor, action):
        raise PermissionDenied(_("Your role does not allow this action."))


def _xlsx(content: bytes, name: str) -> HttpResponse:
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def _source_choices(actor: User) -> list[tuple[int, str]]:
    return [
        (s.pk, f"{s.name} ({s.get_kind_display()})")
        for s in selectors.fund_sources_for(actor).order_by("name")
    ]


# ---- subsidies --------------------------------------------------------------------------------------


@staff_required
@require_GET
def subsidy_list(request: HttpRequest) -> HttpResponse:
    return _render_list(request, ComputeForm())


def _render_list(request: HttpRequest, compute_form: ComputeForm, status: int = 200) -> HttpResponse:
    actor = _actor(request)
    filters = StatusFilterForm(request.GET or None)
    wanted = filters.cleaned_data.get("status", "") if filters.is_valid() else ""
    rows = selectors.subsidies_for(actor, status=wanted)
    return render(
        request,
        "legalaid/subsidies/list.html",
        {
            "filters": filters,
            "rows": rows[:LIST_MAX],
            "count": rows.count(),
            "list_max": LIST_MAX,
            "awaiting": selectors.cases_awaiting_subsidy(actor),
            "compute_form": compute_form,
            "may_compute": policy.has_action(actor, "legal_aid.subsidy_manage"),
            "status_query": request.GET.urlencode(),
        },
        status=status,
    )


@staff_required
@require_POST
def subsidy_compute(request: HttpRequest) -> HttpResponse:
    actor = _actor(request)
    _require(actor, "legal_aid.subsidy_manage")
    form = ComputeForm(request.POST)
    if form.is_valid():
        try:
            order = order_selectors.order_get_for_actor(
                actor=actor, tracking_no=form.cleaned_data["tracking_no"]
            )
            subsidy = services.subsidy_compute(actor=actor, order=order, stage=form.cleaned_data["stage"])
        except DomainError as exc:
            add_domain_error(form, exc, {"order": "tracking_no", "matter_type": "tracking_no"})
        else:
            messages.success(
                request,
                _("Subsidy computed: %(amount)s yuan.") % {"amount": services.yuan(subsidy.amount_fen)},
            )
            return redirect("legalaid:subsidy_detail", subsidy.pk)
    return _render_list(request, form, status=400)


@staff_required
@require_GET
def subsidy_list_xlsx(request: HttpRequest) -> HttpResponse:
    actor = _actor(request)
    filters = StatusFilterForm(request.GET or None)
    wanted = filters.cleaned_data.get("status", "") if filters.is_valid() else ""
    rows = (
        selectors.subsidies_for(actor, status=wanted).order_by("computed_at", "pk").iterator(chunk_size=2000)
    )
    return _xlsx(subsidies_workbook(rows), f"legal-aid-subsidies-{timezone.localdate():%Y%m%d}.xlsx")


_STEPS: dict[str, tuple[type[forms.Form], str]] = {
    "adjust": (AdjustForm, "legal_aid.subsidy_manage"),
    "approve": (ApproveForm, "legal_aid.subsidy_approve"),
    "pay": (PayForm, "legal_aid.subsidy_approve"),
    "reject": (RejectForm, "legal_aid.subsidy_approve"),
}


def _step_forms(
    actor: User, subsidy: Any, bound: dict[str, forms.Form] | None = None
) -> dict[str, forms.Form]:
    """The forms of the steps open to this subsidy and to this actor."""
    open_steps = {
        SubsidyStatus.COMPUTED: ("adjust", "approve", "reject"),
        SubsidyStatus.APPROVED: ("pay", "reject"),
    }.get(subsidy.status, ())
    out: dict[str, forms.Form] = {}
    for step in open_steps:
        form_class, action = _STEPS[step]
        if not policy.can_act_on_order(actor, action, subsidy.order):
            continue
        if bound and step in bound:
            out[step] = bound[step]
        elif form_class is ApproveForm:
            out[step] = ApproveForm(prefix=step, sources=_source_choices(actor))
        else:
            out[step] = form_class(prefix=step)
    return out


def _get_subsidy(actor: User, pk: int) -> Any:
    try:
        return selectors.subsidy_get(actor, pk)
    except NotFound:
        raise Http404(_("No such subsidy.")) from None


def _render_detail(
    request: HttpRequest, subsidy: Any, bound: dict[str, forms.Form] | None = None, status: int = 200
) -> HttpResponse:
    actor = _actor(request)
    return render(
        request,
        "legalaid/subsidies/detail.html",
        {
            "subsidy": subsidy,
            "adjustments": subsidy.adjustments.select_related("actor").all(),
            "step_forms": _step_forms(actor, subsidy, bound),
        },
        status=status,
    )


@staff_required
@require_GET
def subsidy_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _render_detail(request, _get_subsidy(_actor(request), pk))


@staff_required
@require_POST
def subsidy_step(request: HttpRequest, pk: int, step: str) -> HttpResponse:
    actor = _actor(request)
    if step not in _STEPS:
        raise Http404(_("No such step."))
    subsidy = _get_subsidy(actor, pk)
    form_class, action = _STEPS[step]
    _require(actor, action)
    form: forms.Form
    if form_class is ApproveForm:
        form = ApproveForm(request.POST, prefix=step, sources=_source_choices(actor))
    else:
        form = form_class(request.POST, prefix=step)
    if form.is_valid():
        data = form.cleaned_data
        try:
            if step == "adjust":
                services.subsidy_adjust(
                    actor=actor,
                    subsidy_id=subsidy.pk,
                    kind=data["kind"],
                    amount_fen=to_fen(data["amount"]) or 0,
                    reason=data["reason"],
                )
            elif step == "approve":
                services.subsidy_approve(
                    actor=actor, subsidy_id=subsidy.pk, fund_source_id=data["fund_source"]
                )
            elif step == "pay":
                services.subsidy_pay(
                    actor=actor, subsidy_id=subsidy.pk, payment_reference=data["payment_reference"]
                )
            else:
                services.subsidy_reject(actor=actor, subsidy_id=subsidy.pk, reason=data["reason"])
        except NotFound:
            raise Http404(_("No such subsidy.")) from None
        except DomainError as exc:
            add_domain_error(form, exc, {"amount_fen": "amount"})
        else:
            messages.success(request, _("Saved."))
            return redirect("legalaid:subsidy_detail", subsidy.pk)
    return _render_detail(request, subsidy, {step: form}, status=400)


# ---- the standard -----------------------------------------------------------------------------------


@staff_required
@require_http_methods(["GET", "POST"])
def subsidy_standards(request: HttpRequest) -> HttpResponse:
    actor = _actor(request)
    may_edit = policy.has_action(actor, "legal_aid.subsidy_standard")
    form = StandardForm(request.POST if request.method == "POST" else None)
    status = 200
    if request.method == "POST":
        _require(actor, "legal_aid.subsidy_standard")
        if form.is_valid():
            data = form.cleaned_data
            region = Region.objects.filter(code=data["region"].strip()).first()
            if region is None or region.level not in ("province", "prefecture"):
                form.add_error("region", _("Enter the code of the province or of a prefecture."))
            else:
                try:
                    services.subsidy_standard_create(
                        actor=actor,
                        region=region,
                        matter_type=data["matter_type"],
                        stage=data["stage"],
                        amount_fen=to_fen(data["amount"]) or 0,
                        effective_from=data["effective_from"],
                        effective_to=data["effective_to"],
                        source=data["source"],
                    )
                except DomainError as exc:
                    add_domain_error(form, exc, {"amount_fen": "amount"})
                else:
                    messages.success(request, _("Saved."))
                    return redirect("legalaid:subsidy_standards")
        status = 400
    today = timezone.localdate()
    rows = SubsidyStandard.objects.select_related("region").order_by(
        "region_id", "matter_type", "stage", "-effective_from"
    )
    return render(
        request,
        "legalaid/subsidies/standards.html",
        {"rows": rows, "form": form if may_edit else None, "today": today},
        status=status,
    )


# ---- funds and ledgers ------------------------------------------------------------------------------


@staff_required
@require_GET
def funds(request: HttpRequest) -> HttpResponse:
    return _render_funds(request, {})


def _render_funds(request: HttpRequest, bound: dict[str, forms.Form], status: int = 200) -> HttpResponse:
    actor = _actor(request)
    sources = list(selectors.fund_sources_for(actor).order_by("region__path", "kind", "name"))
    centres = list(selectors.centres_for(actor))
    source_choices = [(s.pk, s.name) for s in sources]
    centre_choices = [(c.pk, c.name) for c in centres]
    may_manage = policy.has_action(actor, "legal_aid.fund_manage")
    forms_: dict[str, forms.Form] = {}
    if may_manage:
        forms_ = {
            "source": bound.get("source") or FundSourceForm(prefix="source"),
            "receive": bound.get("receive") or ReceiveForm(prefix="receive", sources=source_choices),
            "allocate": bound.get("allocate")
            or AllocateForm(prefix="allocate", sources=source_choices, centres=centre_choices),
        }
    balances = selectors.trial_balances_by_source(selectors.ledger_rows(actor), [s.pk for s in sources])
    return render(
        request,
        "legalaid/subsidies/funds.html",
        {
            "sources": [(s, balances[s.pk]) for s in sources],
            "centres": centres,
            "forms": forms_,
        },
        status=status,
    )


@staff_required
@require_POST
def funds_step(request: HttpRequest, step: str) -> HttpResponse:
    actor = _actor(request)
    _require(actor, "legal_aid.fund_manage")
    sources = [(s.pk, s.name) for s in selectors.fund_sources_for(actor)]
    form: forms.Form
    if step == "source":
        form = FundSourceForm(request.POST, prefix=step)
    elif step == "receive":
        form = ReceiveForm(request.POST, prefix=step, sources=sources)
    elif step == "allocate":
        form = AllocateForm(
            request.POST,
            prefix=step,
            sources=sources,
            centres=[(c.pk, c.name) for c in selectors.centres_for(actor)],
        )
    else:
        raise Http404(_("No such step."))
    if form.is_valid():
        data = form.cleaned_data
        try:
            if step == "source":
                region = actor.jurisdiction_region or Region.objects.get(parent__isnull=True)
                services.fund_source_create(
                    actor=actor,
                    kind=data["kind"],
                    name=data["name"],
                    region=region,
                    document=data["document"],
                    project_code=data["project_code"],
                )
            elif step == "receive":
                services.fund_receive(
                    actor=actor,
                    source_id=data["source"],
                    amount_fen=to_fen(data["amount"]) or 0,
                    memo=data["memo"],
                )
            else:
                centre = selectors.centres_for(actor).get(pk=data["centre"])
                services.fund_allocate(
                    actor=actor,
                    source_id=data["source"],
                    centre=centre,
                    amount_fen=to_fen(data["amount"]) or 0,
                    memo=data["memo"],
                )
        except DomainError as exc:
            add_domain_error(form, exc, {"amount_fen": "amount", "fund_source": "source", "region": "name"})
        else:
            messages.success(request, _("Saved."))
            return redirect("legalaid:funds")
    return _render_funds(request, {step: form}, status=400)


def _ledger_scope(request: HttpRequest, actor: User) -> tuple[str, int | None, int | None]:
    """Which ledger: ?centre=<id> or ?source=<id> (one of them), named for the title."""
    centre_id = source_id = None
    try:
        if request.GET.get("centre"):
            centre_id = int(request.GET["centre"])
        if request.GET.get("source"):
            source_id = int(request.GET["source"])
    except ValueError:
        raise Http404(_("No such ledger.")) from None
    if centre_id is not None:
        centre = selectors.centres_for(actor).filter(pk=centre_id).first()
        if centre is None:
            raise Http404(_("No such ledger."))
        return centre.name, centre_id, source_id
    if source_id is not None:
        source = selectors.fund_sources_for(actor).filter(pk=source_id).first()
        if source is None:
            raise Http404(_("No such ledger."))
        return source.name, None, source_id
    return _("All funds in your jurisdiction"), None, None


@staff_required
@require_GET
def ledger(request: HttpRequest) -> HttpResponse:
    actor = _actor(request)
    title, centre_id, source_id = _ledger_scope(request, actor)
    rows = selectors.ledger_rows(actor, centre_id=centre_id, source_id=source_id)
    return render(
        request,
        "legalaid/subsidies/ledger.html",
        {
            "title": title,
            "rows": rows[:LEDGER_PAGE_MAX],
            "count": rows.count(),
            "page_max": LEDGER_PAGE_MAX,
            "balance": selectors.trial_balance(rows),
            "query": request.GET.urlencode(),
        },
    )


@staff_required
@require_GET
def ledger_xlsx(request: HttpRequest) -> HttpResponse:
    actor = _actor(request)
    title, centre_id, source_id = _ledger_scope(request, actor)
    rows = selectors.ledger_rows(actor, centre_id=centre_id, source_id=source_id)
    content = ledger_workbook(
        title=title, rows=rows.iterator(chunk_size=2000), balance=selectors.trial_balance(rows)
    )
    return _xlsx(content, f"legal-aid-ledger-{timezone.localdate():%Y%m%d}.xlsx")
