"""The hardship standard page (/legal-aid/standards/hardship/, issue 11 item 2): each prefecture's
economic hardship standard, version by version with its source, and the form with which provincial
staff enter a new dated version (法律援助法第三十四条: the province sets the standard and adjusts it
as the economy changes). Versions of one prefecture never overlap: a clash is refused naming the
field. Thin: the write is `services.hardship_standard_create`."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from fawang.accounts import policy
from fawang.core.errors import DomainError
from fawang.orders.views import _staff, staff_required
from fawang.regions.models import Region, RegionLevel
from fawang.ui.forms import add_domain_error

from ..forms import MONEY_MAX, NOT_NEGATIVE, to_fen
from ..models import HardshipStandard
from ..services import hardship_standard_create

ACTION = "legal_aid.hardship_standard"


class HardshipStandardForm(forms.Form):
    region = forms.ChoiceField(label=gettext_lazy("Prefecture"))
    monthly_income = forms.DecimalField(
        label=gettext_lazy("Monthly income per household member, at most (yuan)"),
        min_value=0,
        max_value=MONEY_MAX,
        decimal_places=2,
        error_messages={"min_value": NOT_NEGATIVE},
    )
    effective_from = forms.DateField(
        label=gettext_lazy("Effective from"), widget=forms.DateInput(attrs={"type": "date"})
    )
    effective_to = forms.DateField(
        label=gettext_lazy("Effective to (blank: open)"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    source = forms.CharField(
        label=gettext_lazy("Source document"),
        max_length=255,
        help_text=gettext_lazy("The provincial document that sets this standard, with its number."),
    )

    def __init__(self, *args, prefectures=(), **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["region"].choices = [("", "—"), *((r.code, f"{r.name} ({r.code})") for r in prefectures)]


@staff_required
@require_http_methods(["GET", "POST"])
def hardship_standards(request: HttpRequest) -> HttpResponse:
    actor = _staff(request)
    if not policy.has_action(actor, ACTION):
        raise PermissionDenied(_("Your role does not allow this action."))
    prefectures = [
        r
        for r in Region.objects.filter(level=RegionLevel.PREFECTURE).order_by("code")
        if policy.region_in_jurisdiction(actor, r.path)
    ]
    form = HardshipStandardForm(request.POST or None, prefectures=prefectures)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                hardship_standard_create(
                    actor=actor,
                    region=next(r for r in prefectures if r.code == data["region"]),
                    monthly_income_fen=to_fen(data["monthly_income"]) or 0,
                    effective_from=data["effective_from"],
                    effective_to=data["effective_to"],
                    source=data["source"],
                )
            except DomainError as exc:
                add_domain_error(form, exc, {"monthly_income_fen": "monthly_income"})
            else:
                messages.success(request, _("Saved."))
                return redirect("legalaid:hardship_standards")
        status = 400
    rows = HardshipStandard.objects.filter(region__in=prefectures).select_related("region")
    return render(
        request,
        "legalaid/hardship_standards.html",
        {
            "rows": rows.order_by("region_id", "-effective_from"),
            "form": form,
        },
        status=status,
    )
