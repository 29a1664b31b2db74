"""Assignment pages (issue 11, item 4): the centre's page to assign a granted case from the suggestion
or override it with a reason, and reassign it; the lawyer's own queue of assigned legal aid cases,
where they accept or decline. Thin: reads and writes are `fawang.legalaid.assignment`'s."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from fawang.accounts import policy
from fawang.accounts.models import User
from fawang.core.errors import DomainError, NotFound, ValidationFailed
from fawang.orders.models import ServiceOrder
from fawang.orders.views import staff_required
from fawang.ui.forms import add_domain_error, explain

from .. import assignment as svc
from ..suggestion import component_label, explain_component, explain_exclusion


class AssignForm(forms.Form):
    practitioner = forms.TypedChoiceField(
        label=gettext_lazy("Lawyer or legal aid worker"),
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={
            "required": gettext_lazy("Choose who takes the case."),
            "invalid_choice": gettext_lazy("Choose someone from the suggestion."),
        },
    )
    reason = forms.CharField(
        label=gettext_lazy("Reason"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=gettext_lazy("Why this person; required, and recorded with the assignment."),
        error_messages={"required": gettext_lazy("Give a reason.")},
    )


class AnswerForm(forms.Form):
    answer = forms.ChoiceField(
        label=gettext_lazy("Answer"),
        choices=[("accept", gettext_lazy("Accept the case")), ("decline", gettext_lazy("Decline the case"))],
        widget=forms.RadioSelect,
        error_messages={"required": gettext_lazy("Choose to accept or decline.")},
    )
    reason = forms.CharField(
        label=gettext_lazy("Reason"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=gettext_lazy(
            "Required to decline (Legal Aid Law, art. 46: once accepted, not refused without good reason)."
        ),
    )


def _actor(request: HttpRequest) -> User:
    return cast(User, request.user)


def _order(actor: User, tracking_no: str, action: str) -> ServiceOrder:
    try:
        order = svc.access_legal_aid_order(actor, tracking_no)
    except NotFound as exc:
        raise Http404(str(exc.message)) from None
    if not policy.can_act_on_order(actor, action, order):
        raise Http404(_("No such legal aid case."))
    return order


def _rows(suggestion: dict[str, Any]) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """A stored or fresh suggestion, explained in the reader's language."""
    ranked = [
        {
            **r,
            "parts": [
                {**c, "label": component_label(c["name"]), "text": explain_component(c)}
                for c in r["components"]
            ],
        }
        for r in suggestion["ranked"]
    ]
    excluded = [{**e, "text": explain_exclusion(e)} for e in suggestion["excluded"]]
    return ranked, excluded


@staff_required
@require_http_methods(["GET", "POST"])
def assignment(request: HttpRequest, tracking_no: str) -> HttpResponse:
    """The centre's assignment page: the suggestion with each score explained, who is left out and
    why, the form to assign (or reassign) with a reason, and the assignments so far."""
    actor = _actor(request)
    if not policy.has_action(actor, "legal_aid.assign"):
        raise PermissionDenied(_("Your role does not allow this action."))
    order = _order(actor, tracking_no, "legal_aid.assign")
    _facts, _candidates, result = svc.suggestion_for(order)
    ranked, excluded = _rows(result.as_json())
    choices = [(r["id"], f"{r['name']} · {r['institution']} · {r['score']}") for r in ranked]
    form = AssignForm(request.POST or None)
    form.fields["practitioner"].choices = choices
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                svc.legal_aid_assign(
                    actor=actor,
                    order=order,
                    practitioner_id=form.cleaned_data["practitioner"],
                    reason=form.cleaned_data["reason"],
                )
            except ValidationFailed as exc:
                add_domain_error(form, exc)
            except DomainError as exc:
                messages.error(request, explain(exc))
                return redirect("legalaid:assignment", tracking_no=order.tracking_no)
            else:
                messages.success(request, _("The case is assigned; the assignee is asked to accept it."))
                return redirect("orders:order_detail", tracking_no=order.tracking_no)
        status = 422
    elif ranked:
        form.initial = {"practitioner": ranked[0]["id"]}
    history = list(svc.assignments_of(order).order_by("pk"))
    context = {
        "order": order,
        "form": form,
        "ranked": ranked,
        "excluded": excluded,
        "considered": result.considered,
        "history": history,
        "assignable": order.stage in svc.ASSIGNABLE_STAGES + svc.REASSIGNABLE_STAGES,
        "reassign": order.stage in svc.REASSIGNABLE_STAGES,
        "on_duty": svc.on_duty(region_path=order.region_path, day=timezone.localdate()),
    }
    return render(request, "legalaid/assignment.html", context, status=status)


def _render_my_cases(
    request: HttpRequest, *, bound: dict[int, AnswerForm] | None = None, status: int = 200
) -> HttpResponse:
    actor = _actor(request)
    bound = bound or {}
    orders = list(svc.assigned_cases_for(actor))
    current = {a.order_id: a for a in svc.assignments_for_orders(orders)}
    rows = [
        {
            "order": o,
            "assignment": current.get(o.pk),
            "form": bound.get(o.pk) or AnswerForm(prefix=f"answer-{o.pk}"),
        }
        for o in orders
    ]
    return render(request, "legalaid/my_cases.html", {"rows": rows}, status=status)


@staff_required
@require_http_methods(["GET"])
def my_cases(request: HttpRequest) -> HttpResponse:
    """The lawyer's own queue: the legal aid cases assigned to them, and only those."""
    if not policy.has_action(_actor(request), "legal_aid.answer"):
        raise PermissionDenied(_("This page is for lawyers and legal aid workers."))
    return _render_my_cases(request)


@staff_required
@require_POST
def assignment_answer(request: HttpRequest, tracking_no: str) -> HttpResponse:
    """The assignee accepts or declines (with a reason) a case assigned to them."""
    actor = _actor(request)
    if not policy.has_action(actor, "legal_aid.answer"):
        raise PermissionDenied(_("This page is for lawyers and legal aid workers."))
    order = _order(actor, tracking_no, "legal_aid.answer")
    form = AnswerForm(request.POST, prefix=f"answer-{order.pk}")
    if form.is_valid():
        accept = form.cleaned_data["answer"] == "accept"
        try:
            svc.legal_aid_answer(actor=actor, order=order, accept=accept, reason=form.cleaned_data["reason"])
        except ValidationFailed as exc:
            add_domain_error(form, exc)
        except DomainError as exc:
            messages.error(request, explain(exc))
            return redirect("legalaid:my_cases")
        else:
            messages.success(
                request,
                _("You accepted the case.")
                if accept
                else _("You declined the case; the centre assigns it again."),
            )
            return redirect("legalaid:my_cases")
    return _render_my_cases(request, bound={order.pk: form}, status=422)
