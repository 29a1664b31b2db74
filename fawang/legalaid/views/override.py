"""The clerk's override of an application's eligibility result, from the order page's legal aid panel
(issue 11, item 2): a written reason, stored beside the assessment, audited."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from fawang.core.errors import DomainError, NotFound
from fawang.orders.selectors import order_get_for_actor
from fawang.orders.views import _staff, staff_required
from fawang.ui.forms import explain

from ..forms import EligibilityOverrideForm
from ..services import eligibility_override


@staff_required
@require_POST
def override(request: HttpRequest, tracking_no: str) -> HttpResponse:
    actor = _staff(request)
    try:
        order = order_get_for_actor(actor=actor, tracking_no=tracking_no)
    except NotFound as exc:
        raise Http404(str(exc.message)) from None
    form = EligibilityOverrideForm(request.POST)
    if not form.is_valid():
        for field, errors in form.errors.items():
            label = form.fields[field].label if field in form.fields else ""
            for error in errors:
                messages.error(request, f"{label}: {error}" if label else str(error))
        return redirect("orders:order_detail", tracking_no=order.tracking_no)
    try:
        eligibility_override(
            actor=actor,
            order=order,
            eligible=form.cleaned_data["eligible"],
            reason=form.cleaned_data["reason"],
        )
    except NotFound as exc:
        raise Http404(str(exc.message)) from None
    except DomainError as exc:
        messages.error(request, explain(exc))
        return redirect("orders:order_detail", tracking_no=order.tracking_no)
    messages.success(request, _("Eligibility result overridden; the reason is on record."))
    return redirect("orders:order_detail", tracking_no=order.tracking_no)
