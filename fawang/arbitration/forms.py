"""Arbitration's forms: the application's own fields (the workflows' intake forms, checked by the
order's intake with the shared fields; errors named `details.<field>`), and the commission's forms."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from fawang.network.enums import InstitutionKind
from fawang.network.models import Institution

from .enums import (
    FROM_MEDIATION,
    ChosenBy,
    ConflictGround,
    HearingKind,
    MemberRole,
    Qualification,
    TribunalMode,
)
from .fees import MAX_AMOUNT_FEN


def _commission_choices() -> list[tuple[int, str]]:
    return [
        (c.pk, c.name)
        for c in Institution.objects.filter(kind=InstitutionKind.ARBITRATION_COMMISSION)
        .only("pk", "name")
        .order_by("name")
    ]


class _IntakeBase(forms.Form):
    commission = forms.TypedChoiceField(
        label=_("Arbitration commission"), coerce=int, choices=_commission_choices
    )
    respondent = forms.CharField(label=_("Respondent (name of the other party)"), max_length=100)
    respondent_credit_code = forms.CharField(
        label=_("Respondent's unified social credit code (an organisation)"), max_length=18, required=False
    )
    claim_amount_fen = forms.IntegerField(
        label=_("Amount claimed (fen)"), required=False, min_value=0, max_value=MAX_AMOUNT_FEN
    )
    # Set by the mediation module's order_make: the failed mediation order this case comes from.
    from_mediation = forms.CharField(required=False, max_length=32, widget=forms.HiddenInput)

    def clean_respondent(self) -> str:
        value = (self.cleaned_data.get("respondent") or "").strip()
        if "\x00" in value or not value:
            raise forms.ValidationError(_("Name the other party."), code="required")
        return value

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        commission_id = data.get("commission")
        if commission_id is not None:
            found = Institution.objects.filter(
                pk=commission_id, kind=InstitutionKind.ARBITRATION_COMMISSION
            ).first()
            if found is None:
                self.add_error(
                    "commission",
                    forms.ValidationError(_("Choose a commission from the list."), code="invalid"),
                )
            else:
                data["commission"] = found
        data[FROM_MEDIATION] = (data.get(FROM_MEDIATION) or "").strip()
        return data


class CommercialIntakeForm(_IntakeBase):
    """仲裁法（2025）第三十三条: the applicant hands in the arbitration agreement with the application;
    without one (第四条) the commission does not accept the case, so the filing is refused here."""

    agreement = forms.CharField(
        label=_("Arbitration agreement (the clause or the separate agreement, as written)"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={
            "required": _(
                "An application for arbitration needs the arbitration agreement "
                "(Arbitration Law art. 33): copy its text here."
            )
        },
    )

    def clean_agreement(self) -> str:
        value = (self.cleaned_data.get("agreement") or "").strip()
        if len(value) < 8 or "\x00" in value:
            raise forms.ValidationError(
                _("Copy the arbitration agreement's text here (Arbitration Law art. 33)."), code="required"
            )
        return value


class LabourIntakeForm(_IntakeBase):
    """A labour dispute needs no arbitration agreement (劳动争议调解仲裁法第二十八条)."""


class TribunalForm(forms.Form):
    mode = forms.ChoiceField(label=_("Tribunal"), choices=TribunalMode.choices)
    first = forms.IntegerField(label=_("Arbitrator (sole or presiding)"), min_value=1, max_value=2**31 - 1)
    first_chosen_by = forms.ChoiceField(label=_("How chosen"), choices=ChosenBy.choices)
    second = forms.IntegerField(
        label=_("Second arbitrator"), required=False, min_value=1, max_value=2**31 - 1
    )
    second_chosen_by = forms.ChoiceField(label=_("How chosen"), choices=ChosenBy.choices, required=False)
    third = forms.IntegerField(label=_("Third arbitrator"), required=False, min_value=1, max_value=2**31 - 1)
    third_chosen_by = forms.ChoiceField(label=_("How chosen"), choices=ChosenBy.choices, required=False)

    def members(self) -> list[tuple[int, str, str]]:
        data = self.cleaned_data
        if data["mode"] == TribunalMode.SOLE:
            return [(data["first"], MemberRole.SOLE, data["first_chosen_by"])]
        out = [(data["first"], MemberRole.PRESIDING, data["first_chosen_by"])]
        for key in ("second", "third"):
            if data.get(key):
                out.append((data[key], MemberRole.MEMBER, data.get(f"{key}_chosen_by") or ChosenBy.CHAIR))
        return out


class HearingForm(forms.Form):
    starts_at = forms.DateTimeField(label=_("Hearing starts at"))
    kind = forms.ChoiceField(label=_("Where"), choices=HearingKind.choices)


class ConflictForm(forms.Form):
    practitioner = forms.IntegerField(label=_("Arbitrator"), min_value=1, max_value=2**31 - 1)
    ground = forms.ChoiceField(label=_("Ground"), choices=ConflictGround.choices)
    note = forms.CharField(label=_("Note"), max_length=1000, required=False)


class FeeAssessForm(forms.Form):
    amount_fen = forms.IntegerField(label=_("Acceptance fee (fen)"), min_value=-(10**15), max_value=10**15)


class PaymentForm(forms.Form):
    practitioner = forms.IntegerField(label=_("Arbitrator"), min_value=1, max_value=2**31 - 1)
    amount_fen = forms.IntegerField(label=_("Fee paid (fen)"), min_value=-(10**15), max_value=10**15)


class AwardForm(forms.Form):
    text = forms.CharField(
        label=_("The award: claims, facts, reasons, result and the costs"),
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 8}),
    )


class CorrectionRequestForm(forms.Form):
    text = forms.CharField(
        label=_("What is wrong in the award (a written or calculation error, or a matter left out)"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class RosterForm(forms.Form):
    practitioner = forms.IntegerField(label=_("Arbitrator"), min_value=1, max_value=2**31 - 1)
    qualification = forms.ChoiceField(label=_("Qualified under"), choices=Qualification.choices)
    fields = forms.CharField(label=_("Specialities (comma-separated)"), max_length=200, required=False)


class FeePayForm(forms.Form):
    amount_fen = forms.IntegerField(label=_("Amount paid (fen)"), min_value=-(10**15), max_value=10**15)
    receipt = forms.CharField(label=_("Fee receipt number"), max_length=64)


class FeeDeferForm(forms.Form):
    reason = forms.CharField(
        label=_("Why paying in advance is hard, and the commission's approval (Fee Measures art. 6)"),
        max_length=500,
    )


class WithdrawForm(forms.Form):
    reason = forms.CharField(
        label=_("The applicant's withdrawal, as they wrote it"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class SettlementForm(forms.Form):
    agreement = forms.CharField(
        label=_("What the parties agreed (the settlement agreement)"),
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    into_award = forms.BooleanField(
        label=_("The parties ask the tribunal for an award on the settlement (Arbitration Law art. 62)"),
        required=False,
    )


class CounterclaimForm(forms.Form):
    text = forms.CharField(
        label=_("The respondent's counterclaim"), max_length=5000, widget=forms.Textarea(attrs={"rows": 3})
    )
    claim_amount_fen = forms.IntegerField(
        label=_("Amount counterclaimed (fen)"), min_value=-(10**15), max_value=10**15
    )


class FeeTableForm(forms.Form):
    """A new version of the commission's fee table (收费办法 附件; 第四条第二款: inside the national ranges)."""

    effective_from = forms.DateField(label=_("In force from"))
    effective_to = forms.DateField(label=_("In force until (empty: open-ended)"), required=False)
    minimum_fen = forms.IntegerField(
        label=_("Fee for a claim up to 1,000 yuan (fen)"), min_value=-(10**15), max_value=10**15
    )
    rates_bp = forms.CharField(
        label=_("Rates of the further bands in basis points, six figures separated by commas"), max_length=200
    )
    basis = forms.CharField(label=_("The document that sets the fee"), max_length=255)

    def clean_rates_bp(self) -> list[int]:
        parts = [p.strip() for p in (self.cleaned_data.get("rates_bp") or "").replace("，", ",").split(",")]
        if not all(p.isdigit() and len(p) < 7 for p in parts):
            raise forms.ValidationError(
                _("Give whole numbers of basis points, separated by commas."), code="invalid"
            )
        return [int(p) for p in parts]


class RosterStatusForm(forms.Form):
    practitioner = forms.IntegerField(label=_("Arbitrator"), min_value=1, max_value=2**31 - 1)
    active = forms.TypedChoiceField(
        label=_("Status on the roster"),
        coerce=lambda v: v == "1",
        choices=[("1", _("On the roster")), ("0", _("Off the roster"))],
    )
