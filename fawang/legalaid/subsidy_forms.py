"""The forms of the subsidy, funds and report pages: they shape and check input (yuan to fen, dates);
the rules (overlaps, balances, states) are the services' (`fawang.legalaid.subsidies`)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from .enums import AdjustmentKind, FundSourceKind, MatterType, SubsidyStage, SubsidyStatus
from .forms import MONEY_MAX

POSITIVE = _("Enter an amount above 0.")
Choices = list[tuple[int, str]] | None


def _choose(form: forms.Form, name: str, choices: Choices) -> None:
    field = form.fields[name]
    assert isinstance(field, forms.ChoiceField)
    field.choices = [("", "—"), *(choices or [])]


def _money(label: str, *, allow_zero: bool = False) -> forms.DecimalField:
    return forms.DecimalField(
        label=label,
        min_value=Decimal(0) if allow_zero else Decimal("0.01"),
        max_value=MONEY_MAX,
        decimal_places=2,
        error_messages={"min_value": POSITIVE if not allow_zero else _("Cannot be negative.")},
    )


class ComputeForm(forms.Form):
    tracking_no = forms.CharField(label=_("Case (tracking number)"), max_length=20)
    stage = forms.ChoiceField(label=_("Stage reached"), choices=SubsidyStage.choices)


class AdjustForm(forms.Form):
    kind = forms.ChoiceField(label=_("Addition or deduction"), choices=AdjustmentKind.choices)
    amount = _money(_("Amount (yuan)"))
    reason = forms.CharField(label=_("Reason"), max_length=500, widget=forms.Textarea(attrs={"rows": 2}))


class ApproveForm(forms.Form):
    fund_source = forms.TypedChoiceField(label=_("Charge to fund source"), coerce=int, choices=())

    def __init__(self, *args: Any, sources: Choices = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _choose(self, "fund_source", sources)


class PayForm(forms.Form):
    payment_reference = forms.CharField(label=_("Payment reference"), max_length=64, required=False)


class RejectForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=500, widget=forms.Textarea(attrs={"rows": 2}))


class StatusFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"), choices=[("", _("All")), *SubsidyStatus.choices], required=False
    )


class StandardForm(forms.Form):
    region = forms.CharField(label=_("Region code (province or prefecture)"), max_length=12)
    matter_type = forms.ChoiceField(label=_("Matter type"), choices=MatterType.choices)
    stage = forms.ChoiceField(label=_("Stage reached"), choices=SubsidyStage.choices)
    amount = _money(_("Subsidy (yuan)"), allow_zero=True)
    effective_from = forms.DateField(label=_("Effective from"))
    effective_to = forms.DateField(label=_("Effective to (blank: open)"), required=False)
    source = forms.CharField(label=_("Source document"), max_length=255)


class FundSourceForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=FundSourceKind.choices)
    name = forms.CharField(label=_("Name"), max_length=128)
    project_code = forms.CharField(label=_("Project code"), max_length=64, required=False)
    document = forms.CharField(label=_("Source document"), max_length=255)


class ReceiveForm(forms.Form):
    source = forms.TypedChoiceField(label=_("Fund source"), coerce=int, choices=())
    amount = _money(_("Amount (yuan)"))
    memo = forms.CharField(label=_("Document or transfer"), max_length=255)

    def __init__(self, *args: Any, sources: Choices = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _choose(self, "source", sources)


class AllocateForm(ReceiveForm):
    centre = forms.TypedChoiceField(label=_("Legal aid centre"), coerce=int, choices=())

    def __init__(self, *args: Any, sources: Choices = None, centres: Choices = None, **kwargs: Any) -> None:
        super().__init__(*args, sources=sources, **kwargs)
        _choose(self, "centre", centres)


class MonthForm(forms.Form):
    month = forms.RegexField(
        label=_("Month"),
        regex=r"^\d{4}-(0[1-9]|1[0-2])$",
        required=False,
        error_messages={"invalid": _("Enter a month as YYYY-MM, e.g. 2026-11.")},
        widget=forms.TextInput(attrs={"type": "month"}),
    )

    def month_or(self, default: dt.date) -> dt.date:
        value = self.cleaned_data.get("month") if self.is_valid() else None
        if not value:
            return default
        year, month = value.split("-")
        return dt.date(int(year), int(month), 1)
