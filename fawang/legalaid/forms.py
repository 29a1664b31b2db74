"""Legal aid's intake fields, shown on the window, hotline and citizen application pages as
`details.<field>` (fawang.orders.forms.ModuleFieldsMixin) and checked by the intake service."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from .enums import Matter, MatterType, StatusGroup, Urgency

NOT_NEGATIVE = _("Cannot be negative.")
MONEY_MAX = Decimal("100000000")  # one hundred million yuan: beyond it, a typing mistake


def to_fen(yuan: Decimal | None) -> int | None:
    return None if yuan is None else int((yuan * 100).to_integral_value())


class LegalAidIntakeForm(forms.Form):
    """What the applicant states (法律援助法第四十一条). Every field may be left blank at intake (a hotline
    caller may not know the household income): the eligibility engine reports a blank as missing."""

    matter_type = forms.ChoiceField(
        label=_("Matter type"),
        choices=[("", "—"), *MatterType.choices],
        required=False,
        error_messages={"invalid_choice": _("Choose a matter type from the list.")},
    )
    matter = forms.ChoiceField(
        label=_("Matter"),
        choices=[("", "—"), *Matter.choices],
        required=False,
        error_messages={"invalid_choice": _("Choose a matter from the list.")},
    )
    criminal_notice = forms.BooleanField(label=_("Criminal case notice (art. 36)"), required=False)
    opposing_party = forms.CharField(label=_("Opposing party"), max_length=128, required=False)
    urgency = forms.ChoiceField(
        label=_("Urgency"),
        choices=Urgency.choices,
        required=False,
        error_messages={"invalid_choice": _("Choose an urgency from the list.")},
    )
    household_size = forms.IntegerField(
        label=_("Household size"),
        required=False,
        min_value=1,
        max_value=50,
        error_messages={"min_value": _("A household has at least one person.")},
    )
    monthly_income = forms.DecimalField(
        label=_("Monthly household income (yuan)"),
        required=False,
        min_value=Decimal(0),
        max_value=MONEY_MAX,
        decimal_places=2,
        error_messages={"min_value": NOT_NEGATIVE},
    )
    assets = forms.DecimalField(
        label=_("Household assets (yuan)"),
        required=False,
        min_value=Decimal(0),
        max_value=MONEY_MAX,
        decimal_places=2,
        error_messages={"min_value": NOT_NEGATIVE},
    )
    status_groups = forms.MultipleChoiceField(
        label=_("Status groups claimed"),
        choices=StatusGroup.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": _("Choose status groups from the list.")},
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("criminal_notice") and data.get("matter_type") not in ("", None, MatterType.CRIMINAL):
            self.add_error("criminal_notice", _("A criminal case notice is a criminal matter."))
        return data
