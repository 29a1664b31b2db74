"""Judicial appraisal's page forms: shape only; the services check the rules and name the fields."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from fawang.network.enums import AppraisalCategory

from .enums import ReportKind
from .services import ACCOUNT_MAX, MATTER_MAX, NOTE_MAX, REFERENCE_MAX


class EntrustForm(forms.Form):
    institution = forms.TypedChoiceField(label=_("Appraisal institution"), coerce=int, choices=())
    category = forms.ChoiceField(label=_("Appraisal category"), choices=AppraisalCategory.choices)
    case_reference = forms.CharField(label=_("Your case number"), max_length=REFERENCE_MAX)
    matter = forms.CharField(
        label=_("Matter to appraise"), max_length=MATTER_MAX, widget=forms.Textarea(attrs={"rows": 4})
    )
    green_channel = forms.BooleanField(
        label=_("A legal-aid case (green channel: priority, fee waived)"), required=False
    )
    legal_aid_reference = forms.CharField(
        label=_("Legal aid case number"), max_length=REFERENCE_MAX, required=False
    )
    # The litigants of the body's case (a person each side; more, or organisations, through the API):
    # they follow the appraisal on the tracking page with their own phone and rate the opinion.
    applicant_litigant_name = forms.CharField(
        label=_("Litigant (plaintiff or applicant): name"), max_length=64, required=False
    )
    applicant_litigant_phone = forms.CharField(label=_("Their mobile number"), max_length=32, required=False)
    applicant_litigant_id_number = forms.CharField(
        label=_("Their resident ID number"), max_length=32, required=False
    )
    respondent_litigant_name = forms.CharField(
        label=_("Litigant (defendant or respondent): name"), max_length=64, required=False
    )
    respondent_litigant_phone = forms.CharField(label=_("Their mobile number"), max_length=32, required=False)
    respondent_litigant_id_number = forms.CharField(
        label=_("Their resident ID number"), max_length=32, required=False
    )

    def litigants(self) -> list[dict[str, str]]:
        """The litigants named on the form, for `appraisal_entrust` (blank rows left out)."""
        found = []
        for side in ("applicant", "respondent"):
            prefix = f"{side}_litigant_"
            values = {k: (self.data.get(prefix + k) or "").strip() for k in ("name", "phone", "id_number")}
            if any(values.values()):
                found.append({"side": side, "kind": "person", "prefix": prefix, **values})
        return found

    def __init__(self, *args, institutions=(), **kwargs):  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self.fields["institution"].choices = [
            (
                i.pk,
                f"{i.name} ({', '.join(str(AppraisalCategory(c).label) for c in i.appraisal_categories or [] if c in AppraisalCategory.values)})",
            )
            for i in institutions
        ]


class AcceptForm(forms.Form):
    appraisers = forms.TypedMultipleChoiceField(
        label=_("The two appraisers"), coerce=int, choices=(), widget=forms.CheckboxSelectMultiple
    )
    fee_fen = forms.IntegerField(label=_("Fee (fen)"), min_value=0, initial=0, required=False)

    def __init__(self, *args, appraisers=(), **kwargs):  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self.fields["appraisers"].choices = [(p.pk, f"{p.name} ({p.licence_no})") for p in appraisers]


class NoteForm(forms.Form):
    reason = forms.CharField(
        label=_("Note"), max_length=NOTE_MAX, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class ReportForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=ReportKind.choices)
    item = forms.ChoiceField(label=_("Item of the negative list"), choices=())
    institution = forms.TypedChoiceField(label=_("Appraisal institution"), coerce=int, choices=())
    tracking_no = forms.CharField(label=_("Entrustment number (if any)"), max_length=32, required=False)
    account = forms.CharField(
        label=_("What happened"), max_length=ACCOUNT_MAX, widget=forms.Textarea(attrs={"rows": 4})
    )

    def __init__(self, *args, items=(), institutions=(), **kwargs):  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self.fields["item"].choices = list(items)
        self.fields["institution"].choices = [(i.pk, i.name) for i in institutions]


class ComplaintForm(forms.Form):
    institution = forms.TypedChoiceField(label=_("Appraisal institution"), coerce=int, choices=())
    complainant_name = forms.CharField(label=_("Complainant"), max_length=64)
    complainant_phone = forms.CharField(label=_("Complainant's mobile number"), max_length=20, required=False)
    account = forms.CharField(
        label=_("Complaint"), max_length=ACCOUNT_MAX, widget=forms.Textarea(attrs={"rows": 4})
    )

    def __init__(self, *args, institutions=(), **kwargs):  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self.fields["institution"].choices = [(i.pk, i.name) for i in institutions]
