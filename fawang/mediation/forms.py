"""People's mediation's forms: the dispute's own intake fields (the workflow's intake form, checked by
the order's intake with the shared ones, errors named `details.<field>`), the citizen's phone form and
the committee's forms for sessions, the agreement, follow-ups and the hand-off to arbitration."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from fawang.core.errors import ValidationFailed
from fawang.core.identity import InvalidIdentity, normalise_mobile
from fawang.disputes.enums import OutcomeForm, PartyKind, SessionMode
from fawang.disputes.services import party_clean
from fawang.network.enums import InstitutionKind
from fawang.network.models import Institution

from .enums import REFERRED, Category, Performance, Source


def _clean_text(value: Any) -> str:
    return "".join(c for c in str(value or "") if c in "\n\t" or ord(c) >= 32).strip()


class MediationIntakeForm(forms.Form):
    """The dispute's fields. The applicant is the order's own (name, phone, ID number from the shared
    fields); the other party is named here and checked as the disputes base checks every party."""

    committee = forms.IntegerField(
        label=_("Mediation committee"), required=False, min_value=1, max_value=2**31 - 1
    )
    category = forms.ChoiceField(label=_("What the dispute is about"), choices=Category.choices)
    source = forms.ChoiceField(label=_("How it came"), choices=Source.choices, required=False)
    referred_by = forms.CharField(
        label=_("Referred by (court, police station, centre)"), max_length=128, required=False
    )
    respondent_kind = forms.ChoiceField(
        label=_("The other party is"), choices=PartyKind.choices, required=False, initial=PartyKind.PERSON
    )
    respondent_name = forms.CharField(label=_("Name of the other party"), max_length=64)
    respondent_phone = forms.CharField(
        label=_("Their mobile number (if known)"), max_length=32, required=False
    )
    respondent_id_number = forms.CharField(
        label=_("Their ID number (if known)"), max_length=32, required=False
    )
    respondent_credit_code = forms.CharField(
        label=_("Their unified social credit code (an organisation)"), max_length=32, required=False
    )
    # A body registering the dispute for someone else (`order_make`: the order has no applicant's
    # phone) gives the applicant's phone here, so they follow the case; and may name an institution of
    # the network as the other side (the platform knows it: no credit code needed).
    applicant_phone = forms.CharField(label=_("The applicant's mobile number"), max_length=32, required=False)
    respondent_institution = forms.IntegerField(
        label=_("The other party is this institution"), required=False, min_value=1, max_value=2**31 - 1
    )

    def clean_respondent_institution(self) -> Institution | None:
        value = self.cleaned_data.get("respondent_institution")
        if value is None:
            return None
        found = Institution.objects.filter(pk=value, is_active=True).first()
        if found is None:
            raise forms.ValidationError(_("No such institution."), code="institution_invalid")
        return found

    def clean_applicant_phone(self) -> str:
        value = _clean_text(self.cleaned_data.get("applicant_phone"))
        if not value:
            return ""
        try:
            return normalise_mobile(value, field="applicant_phone")
        except InvalidIdentity as exc:
            first = exc.errors[0]
            raise forms.ValidationError(str(first.message), code=first.code) from None

    def clean_committee(self) -> Institution | None:
        value = self.cleaned_data.get("committee")
        if value is None:
            return None
        found = Institution.objects.filter(
            pk=value, kind=InstitutionKind.MEDIATION_COMMITTEE, is_active=True
        ).first()
        if found is None:
            raise forms.ValidationError(
                _("Choose a people's mediation committee from the list."), code="committee_invalid"
            )
        return found

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        data["source"] = data.get("source") or Source.PARTY
        data["referred_by"] = _clean_text(data.get("referred_by"))[:128]
        if data["source"] in REFERRED and not data["referred_by"]:
            self.add_error(
                "referred_by",
                forms.ValidationError(
                    _("Name the court, police station or centre that referred it."), code="referrer_required"
                ),
            )
        institution = data.get("respondent_institution")
        if institution is not None:
            data["respondent_kind"] = PartyKind.ORGANISATION
            data["respondent_name"] = institution.name
        if data.get("respondent_name") is not None:
            try:
                data["respondent"] = party_clean(
                    side="respondent",
                    kind=data.get("respondent_kind") or PartyKind.PERSON,
                    credit_code_required=institution is None,
                    name=data.get("respondent_name") or "",
                    phone=data.get("respondent_phone") or "",
                    id_number=data.get("respondent_id_number") or "",
                    credit_code=data.get("respondent_credit_code") or "",
                    prefix="respondent_",
                )
            except ValidationFailed as exc:
                for error in exc.errors:
                    name = error.field if error.field in self.fields else "respondent_name"
                    self.add_error(name, forms.ValidationError(str(error.message), code=error.code))
        return data


class CitizenApplyForm(forms.Form):
    """A villager registers a dispute on the phone: who they are, the committee of their place, the
    other party, what happened."""

    name = forms.CharField(label=_("Your name"), max_length=64)
    id_number = forms.CharField(label=_("Your ID number"), max_length=32)
    committee = forms.TypedChoiceField(label=_("Mediation committee"), coerce=int, choices=())
    category = forms.ChoiceField(label=_("What the dispute is about"), choices=Category.choices)
    respondent_name = forms.CharField(label=_("Name of the other party"), max_length=64)
    respondent_phone = forms.CharField(
        label=_("Their mobile number (if known)"), max_length=32, required=False
    )
    description = forms.CharField(
        label=_("What happened, and what you ask for"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 5}),
    )

    def __init__(self, *args: Any, committees: list[Institution], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["committee"].choices = [(c.pk, c.name) for c in committees]


class PartyForm(forms.Form):
    side = forms.ChoiceField(
        label=_("Side"), choices=(("applicant", _("Applicant")), ("respondent", _("Respondent")))
    )
    kind = forms.ChoiceField(label=_("Party type"), choices=PartyKind.choices)
    name = forms.CharField(label=_("Name"), max_length=64)
    phone = forms.CharField(label=_("Mobile number"), max_length=32, required=False)
    id_number = forms.CharField(label=_("ID number"), max_length=32, required=False)
    credit_code = forms.CharField(label=_("Unified social credit code"), max_length=32, required=False)


class SessionForm(forms.Form):
    starts_at = forms.DateTimeField(
        label=_("Starts at"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )
    hours = forms.IntegerField(label=_("Hours"), min_value=1, max_value=8, initial=2)
    mode = forms.ChoiceField(label=_("How it is held"), choices=SessionMode.choices)
    place = forms.CharField(label=_("Place"), max_length=200, required=False)


class HoldForm(forms.Form):
    session = forms.IntegerField(widget=forms.HiddenInput, min_value=1, max_value=2**31 - 1)
    minutes = forms.CharField(
        label=_("Minutes of the session"), max_length=20000, widget=forms.Textarea(attrs={"rows": 3})
    )


class AgreementForm(forms.Form):
    form = forms.ChoiceField(
        label=_("Form of the agreement"), choices=OutcomeForm.choices, initial=OutcomeForm.WRITTEN
    )
    facts = forms.CharField(
        label=_("Main facts, the matters in dispute and each party's responsibility"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    terms = forms.CharField(
        label=_("What the parties agreed, how and by when it is performed"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    signed = forms.MultipleChoiceField(
        label=_("Parties who signed, sealed or fingerprinted it"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, parties: list[Any] = (), **kwargs: Any) -> None:  # type: ignore[assignment]
        super().__init__(*args, **kwargs)
        self.fields["signed"].choices = [
            (str(p.pk), f"{p.get_side_display()} · {p.masked_name}") for p in parties
        ]


class FollowUpForm(forms.Form):
    visited_on = forms.DateField(label=_("Visited on"), widget=forms.DateInput(attrs={"type": "date"}))
    performance = forms.ChoiceField(label=_("Performance"), choices=Performance.choices)
    note = forms.CharField(
        label=_("Note"), max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class HandOffForm(forms.Form):
    commission = forms.TypedChoiceField(label=_("Arbitration commission"), coerce=int, choices=())
    agreement = forms.CharField(
        label=_("The arbitration agreement the parties signed (for a contract or property dispute)"),
        max_length=4000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    claim_amount_fen = forms.IntegerField(
        label=_("Amount claimed (fen)"), required=False, min_value=0, max_value=10**13
    )

    def __init__(self, *args: Any, commissions: list[Institution] = (), **kwargs: Any) -> None:  # type: ignore[assignment]
        super().__init__(*args, **kwargs)
        self.fields["commission"].choices = [(c.pk, c.name) for c in commissions]
