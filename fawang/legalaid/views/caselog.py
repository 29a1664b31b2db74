"""The case log page of a legal aid case (/legal-aid/cases/<tracking_no>/log/): the entries with the
time spent, and the forms to add an entry, close the case with its outcome and file the closing
materials. Thin: reads and writes go through fawang.legalaid.caselog."""

from __future__ import annotations

from functools import partial

from django import forms
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from fawang.core.errors import NotFound
from fawang.orders.engine import status_text
from fawang.orders.enums import OrderStatus
from fawang.orders.views import staff_required
from fawang.ui.forms import posted_step

from .. import caselog
from ..enums import CaseOutcome, ClosingMaterial, LogEntryKind, Stage, TerminationReason


class LogEntryForm(forms.Form):
    kind = forms.ChoiceField(label=gettext_lazy("Kind"), choices=LogEntryKind.choices)
    occurred_at = forms.DateTimeField(
        label=gettext_lazy("When"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
    )
    place = forms.CharField(label=gettext_lazy("Where"), max_length=caselog.PLACE_MAX, required=False)
    minutes = forms.IntegerField(
        label=gettext_lazy("Duration in minutes"), min_value=0, max_value=caselog.MINUTES_MAX
    )
    note = forms.CharField(
        label=gettext_lazy("Note"),
        required=False,
        max_length=caselog.NOTE_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy("Names and phone numbers written here are stored encrypted."),
    )


class CloseForm(forms.Form):
    outcome = forms.ChoiceField(label=gettext_lazy("Outcome"), choices=CaseOutcome.choices)
    termination_reason = forms.ChoiceField(
        label=gettext_lazy("Reason for terminating (art. 48)"),
        choices=[("", "—"), *TerminationReason.choices],
        required=False,
        help_text=gettext_lazy("Only when legal aid is terminated (法律援助法第四十八条)."),
    )
    summary = forms.CharField(
        label=gettext_lazy("Summary of the outcome"),
        max_length=caselog.SUMMARY_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class MaterialsForm(forms.Form):
    materials = forms.MultipleChoiceField(
        label=gettext_lazy("Closing materials handed in"),
        choices=ClosingMaterial.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text=gettext_lazy(
            "法律援助法第五十条: copies of the legal documents and a report on the handling."
        ),
    )
    note = forms.CharField(
        label=gettext_lazy("Note"),
        required=False,
        max_length=caselog.NOTE_MAX,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


FORMS: dict[str, type[forms.Form]] = {"entry": LogEntryForm, "close": CloseForm, "materials": MaterialsForm}


def _offered(order, can_write: bool) -> list[str]:
    if not can_write:
        return []
    offered = []
    if order.status in caselog.LOGGABLE:
        offered.append("entry")
    if order.status == OrderStatus.IN_PROGRESS and order.stage == Stage.HANDLING:
        offered.append("close")
    if order.status == OrderStatus.IN_PROGRESS and order.stage == Stage.CLOSING:
        offered.append("materials")
    return offered


def _save(actor, order, step: str, data: dict) -> None:
    if step == "entry":
        caselog.case_log_add(
            actor=actor,
            order=order,
            kind=data["kind"],
            occurred_at=data["occurred_at"],
            minutes=data["minutes"],
            place=data["place"],
            note=data["note"],
        )
    elif step == "close":
        caselog.case_close(
            actor=actor,
            order=order,
            outcome=data["outcome"],
            termination_reason=data["termination_reason"],
            summary=data["summary"],
        )
    else:
        caselog.closing_materials_file(
            actor=actor, order=order, materials=data["materials"], note=data["note"]
        )


NOT_NOW = gettext_lazy("This step is not available for this case now.")


@staff_required
@require_http_methods(["GET", "POST"])
def case_log(request: HttpRequest, tracking_no: str) -> HttpResponse:
    actor = request.user
    try:
        order = caselog.access_case(actor, tracking_no)
    except NotFound:
        raise Http404(_("No such service order.")) from None
    offered = _offered(order, caselog.can_write(actor, order))
    here = reverse("legalaid:case_log", args=[order.tracking_no])
    posted = posted_step(request, offered, FORMS, partial(_save, actor, order), here, NOT_NOW)
    if posted.response is not None:
        return posted.response
    initial = {"entry": {"occurred_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M")}}
    initial = {"entry": {"occurred_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M")}}
    step_forms = [
        {"step": s, "form": posted.bound.get(s) or FORMS[s](prefix=s, initial=initial.get(s))}
        for s in offered
    ]
    entries = caselog.log_entries(order)
    return render(
        request,
        "legalaid/case_log.html",
        {
            "order": order,
            "entries": entries,
            "minutes_total": caselog.minutes_spent(entries),
            "closing": caselog.closing_of(order),
            "step_forms": step_forms,
            "status": status_text(order),
        },
    )
