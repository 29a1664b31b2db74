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
        help_text=_(
            "Attach proof of each status you claim (art. 42): disability card, minimum-living-allowance "
            "certificate, migrant worker proof, military family certificate."
        ),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": _("Choose status groups from the list.")},
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("criminal_notice") and data.get("matter_type") not in ("", None, MatterType.CRIMINAL):
            self.add_error("criminal_notice", _("A criminal case notice is a criminal matter."))
        return data


def _county_choices() -> list:
    """Sichuan's counties grouped under their prefecture (one select, no JavaScript)."""
    from fawang.regions.models import Region, RegionLevel

    prefectures = {
        r.code: r.name for r in Region.objects.filter(level=RegionLevel.PREFECTURE).only("code", "name")
    }
    groups: dict[str, list[tuple[str, str]]] = {}
    for county in Region.objects.filter(level=RegionLevel.COUNTY).only("code", "name", "parent_id"):
        groups.setdefault(county.parent_id or "", []).append((county.code, county.name))
    return [("", "—")] + [
        (prefectures.get(code, code), sorted(counties)) for code, counties in sorted(groups.items())
    ]


class EligibilityCheckForm(forms.Form):
    """The public check before applying (法律援助法第三十一条至第三十四条、第四十二条): the same facts the
    application asks, nothing saved. Every fact may be left blank; the result then says what is missing."""

    county = forms.ChoiceField(
        label=_("County or district where you live"),
        error_messages={
            "required": _("Choose the county or district where you live."),
            "invalid_choice": _("Choose a county or district from the list."),
        },
    )
    matter_type = LegalAidIntakeForm.base_fields["matter_type"]
    matter = LegalAidIntakeForm.base_fields["matter"]
    household_size = LegalAidIntakeForm.base_fields["household_size"]
    monthly_income = LegalAidIntakeForm.base_fields["monthly_income"]
    assets = LegalAidIntakeForm.base_fields["assets"]
    status_groups = LegalAidIntakeForm.base_fields["status_groups"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["county"].choices = _county_choices()
        self.fields["household_size"].error_messages["max_value"] = _("A household has at most 50 people.")
        self.fields["monthly_income"].error_messages["max_value"] = _("At most 100,000,000 yuan.")
        self.fields["assets"].error_messages["max_value"] = _("At most 100,000,000 yuan.")


class EligibilityOverrideForm(forms.Form):
    """The clerk's override of the engine's result, with its written reason (checked by the service)."""

    eligible = forms.TypedChoiceField(
        label=_("Eligibility result"),
        choices=[("1", _("Eligible")), ("0", _("Not eligible"))],
        coerce=lambda v: v == "1",
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose the result.")},
    )
    reason = forms.CharField(
        label=_("Reason for the override"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        error_messages={"required": _("Write the reason for the override.")},
    )
