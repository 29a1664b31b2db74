"""The cooperation page of a legal aid application (/legal-aid/cases/<tracking_no>/cooperation/): the
requests made for it and their state, and the form to ask another region's centre (异地协作). The
requested centre works a request from its queue and order page, as any order. Thin: reads and writes
go through fawang.legalaid.cooperation."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from fawang.core.errors import DomainError, NotFound, ValidationFailed
from fawang.orders.views import staff_required
from fawang.ui.forms import add_domain_error

from .. import caselog, cooperation
from ..enums import CooperationKind


class CooperationForm(forms.Form):
    requested_centre = forms.ChoiceField(label=gettext_lazy("Legal aid centre to ask"))
    kind = forms.ChoiceField(label=gettext_lazy("Kind of cooperation"), choices=CooperationKind.choices)
    deadline = forms.DateField(label=gettext_lazy("Deadline"), widget=forms.DateInput(attrs={"type": "date"}))
    note = forms.CharField(
        label=gettext_lazy("What you ask"),
        max_length=cooperation.NOTE_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, centres=(), **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["requested_centre"].choices = [
            ("", "—"),
            *((str(c.pk), f"{c.name} ({c.region.code})") for c in centres),
        ]


class WithdrawForm(forms.Form):
    request_no = forms.ChoiceField(label=gettext_lazy("Request to withdraw"))
    reason = forms.CharField(
        label=gettext_lazy("Reason"),
        max_length=cooperation.RESULT_MAX,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": gettext_lazy("Give a reason.")},
    )

    def __init__(self, *args, requests=(), **kwargs) -> None:
        super().__init__(*args, prefix="withdraw", **kwargs)
        self.fields["request_no"].choices = [(r.order.tracking_no, r.order.tracking_no) for r in requests]


def _withdraw(request: HttpRequest, actor, application, open_requests) -> tuple[WithdrawForm, bool]:
    """The withdrawal form bound to the POST; True once a request was withdrawn."""
    form = WithdrawForm(request.POST, requests=open_requests)
    if not form.is_valid():
        return form, False
    chosen = next(r for r in open_requests if r.order.tracking_no == form.cleaned_data["request_no"])
    try:
        cooperation.cooperation_withdraw(actor=actor, order=chosen.order, reason=form.cleaned_data["reason"])
    except ValidationFailed as exc:
        add_domain_error(form, exc)
        return form, False
    except DomainError as exc:
        form.add_error(None, str(exc.message))
        return form, False
    messages.success(request, _("Cooperation request %(no)s withdrawn.") % {"no": chosen.order.tracking_no})
    return form, True


@staff_required
@require_http_methods(["GET", "POST"])
def cooperation_page(request: HttpRequest, tracking_no: str) -> HttpResponse:
    actor = request.user
    try:
        application = caselog.access_case(actor, tracking_no)
    except NotFound:
        raise Http404(_("No such service order.")) from None
    may_request = cooperation.can_request(actor, application)
    centres = cooperation.centres_to_ask(application) if may_request else []
    form = CooperationForm(centres=centres)
    open_requests = cooperation.withdrawable(actor, application)
    withdraw_form = WithdrawForm(requests=open_requests) if open_requests else None
    if request.method == "POST" and "withdraw-request_no" in request.POST:
        if not open_requests:
            raise PermissionDenied(
                _("Only the centre that asked for this cooperation can withdraw the request.")
            )
        withdraw_form, done = _withdraw(request, actor, application, open_requests)
        if done:
            return redirect("legalaid:cooperation", tracking_no=application.tracking_no)
    elif request.method == "POST":
        if not may_request:
            raise PermissionDenied(_("Only the centre handling this application can ask for cooperation."))
        form = CooperationForm(request.POST, centres=centres)
        if form.is_valid():
            data = form.cleaned_data
            try:
                row = cooperation.cooperation_request(
                    actor=actor,
                    application=application.tracking_no,
                    requested_centre=data["requested_centre"],
                    kind=data["kind"],
                    deadline=data["deadline"],
                    note=data["note"],
                )
            except ValidationFailed as exc:
                add_domain_error(form, exc)
            except DomainError as exc:
                messages.error(request, str(exc.message))
            else:
                messages.success(
                    request, _("Cooperation request %(no)s sent.") % {"no": row.order.tracking_no}
                )
                return redirect("legalaid:cooperation", tracking_no=application.tracking_no)
    return render(
        request,
        "legalaid/cooperation.html",
        {
            "order": application,
            "requests": cooperation.request_rows(actor, application),
            "form": form if may_request else None,
            "withdraw_form": withdraw_form,
        },
    )
