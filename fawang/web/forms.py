"""Forms of the citizen portal and the login pages. Forms only shape and check input; domain rules stay
in the services, whose DomainErrors are put back on the field they name (`fawang.ui.forms`)."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from fawang.accounts.forms import ThrottledAuthenticationForm
from fawang.orders.forms import ModuleFieldsMixin
from fawang.ui.forms import MultipleFileField


class StaffLoginForm(ThrottledAuthenticationForm):
    """Django's login form with the sign-in throttle's messages (fawang.accounts.forms)."""

    error_messages = {
        **ThrottledAuthenticationForm.error_messages,
        "invalid_login": _("Wrong username or password. Note that both are case-sensitive."),
    }


class CitizenPhoneForm(forms.Form):
    phone = forms.CharField(
        label=_("Mobile number"),
        max_length=20,
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel", "inputmode": "tel"}),
        help_text=_("We send a six-digit code to this number."),
    )


class CitizenCodeForm(forms.Form):
    code = forms.CharField(
        label=_("Verification code"),
        max_length=8,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "one-time-code"}),
    )


class TrackForm(forms.Form):
    tracking_no = forms.CharField(label=_("Tracking number"), max_length=32)
    phone = forms.CharField(
        label=_("Mobile number used when applying"),
        max_length=20,
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel", "inputmode": "tel"}),
    )


# ---- Citizen application (办事) ------------------------------------------------------------------------


def attachment_rules() -> str:
    """The limits of uploads, said before anyone chooses a file."""
    from fawang.orders.services.attachments import MAX_ATTACHMENTS

    return _("PDF, JPEG or PNG; up to %(n)d files of at most %(mb)d MB each.") % {
        "n": MAX_ATTACHMENTS,
        "mb": settings.FAWANG_ATTACHMENT_MAX_BYTES // (1024 * 1024),
    }


class ApplyForm(ModuleFieldsMixin):
    """The citizen's application on a phone. Field names are order_submit's argument names, so the
    service's field errors land on the right input. The region picker is three plain selects
    (prefecture → county → township); without JavaScript the "show" button re-renders the form with
    the chosen level's children, with JavaScript they load from /api/v1/regions/<code>/children."""

    service_item = forms.ModelChoiceField(label=_("Service"), queryset=None, empty_label="—")
    prefecture = forms.ChoiceField(label=_("Prefecture or city"), required=False)
    county = forms.ChoiceField(label=_("County or district"), required=False)
    township = forms.ChoiceField(label=_("Township or street"), required=False)
    description = forms.CharField(
        label=_("Your problem"),
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("What happened, what you need, and any dates or amounts that matter."),
    )
    applicant_name = forms.CharField(label=_("Name"), max_length=64, required=False)
    applicant_phone = forms.CharField(
        label=_("Mobile number"),
        max_length=20,
        required=False,
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel", "inputmode": "tel"}),
        help_text=_("To reach you and to track this request with its tracking number."),
    )
    applicant_id_number = forms.CharField(
        label=_("Resident ID number (optional)"),
        max_length=32,
        required=False,
        help_text=_("Needed for legal aid and notary; you can also bring it later."),
    )
    language = forms.ChoiceField(label=_("Preferred language"))
    priority_groups = forms.MultipleChoiceField(
        label=_("Priority groups (if any apply)"), required=False, widget=forms.CheckboxSelectMultiple
    )
    attachments = MultipleFileField(label=_("Materials (optional)"), required=False)
    # The signed token of files kept from an earlier try of this form (orders.services.attachments).
    kept_attachments = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, user=None, **kwargs) -> None:
        from fawang.catalog.models import ServiceItem, offered_items
        from fawang.network.enums import Language
        from fawang.orders.enums import PriorityGroup
        from fawang.regions.models import Region, RegionLevel

        super().__init__(*args, **kwargs)
        self.fields["service_item"].queryset = ServiceItem.objects.filter(offered_items())
        self.fields["service_item"].to_field_name = "code"
        self.fields["language"].choices = Language.choices
        self.fields["language"].initial = Language.CHINESE
        self.fields["priority_groups"].choices = PriorityGroup.choices
        self.fields["attachments"].help_text = attachment_rules()
        self.fields["attachments"].widget.attrs["accept"] = ",".join(
            [*settings.FAWANG_ATTACHMENT_TYPES, *settings.FAWANG_ATTACHMENT_TYPES.values(), ".jpeg"]
        )
        signed_in_citizen = bool(user and user.is_authenticated and getattr(user, "kind", "") == "citizen")
        # Without an account the phone is how we reach the applicant and how they track the order.
        self.fields["applicant_phone"].required = not (signed_in_citizen and user.phone)
        if signed_in_citizen and user.phone:
            self.fields["applicant_phone"].help_text = _(
                "Leave empty to use your verified number %(phone)s."
            ) % {"phone": user.masked_phone}
        # The picker's options depend on what is chosen so far (bound data or initial values).
        prefecture = self._value("prefecture")
        county = self._value("county")
        self.fields["prefecture"].choices = [("", "—")] + [
            (r.code, r.name) for r in Region.objects.filter(level=RegionLevel.PREFECTURE).only("code", "name")
        ]
        if prefecture:
            counties = Region.objects.filter(parent_id=prefecture, level=RegionLevel.COUNTY)
        else:
            counties = Region.objects.filter(level=RegionLevel.COUNTY)
        self.fields["county"].choices = [("", "—")] + [
            (r.code, r.name) for r in counties.only("code", "name")
        ]
        townships = Region.objects.filter(parent_id=county).only("code", "name") if county else []
        self.fields["township"].widget.attrs["data-empty-label"] = _("(whole county)")
        self.fields["township"].choices = [("", _("(whole county)") if county else "—")] + [
            (r.code, r.name) for r in townships
        ]
        self.add_module_fields()

    def _value(self, name: str) -> str:
        if self.is_bound:
            return (self.data.get(name) or "").strip()
        return str(self.initial.get(name) or "")

    def clean(self):
        from fawang.regions.models import Region

        data = super().clean()
        prefecture, county, township = data.get("prefecture"), data.get("county"), data.get("township")
        region = None
        if township:
            region = Region.objects.filter(code=township, parent_id=county).first()
            if region is None:
                self.add_error("township", _("This township is not in the chosen county."))
                return data
        elif county:
            region = Region.objects.filter(code=county).first()
            if region is not None and prefecture and region.parent_id != prefecture:
                self.add_error("county", _("This county is not in the chosen prefecture."))
        if region is None and "county" not in self.errors:
            self.add_error("county", _("Choose the county (and if you can, the township) where you live."))
        data["region"] = region
        return data

    def service_kwargs(self) -> dict:
        data = self.cleaned_data
        return {
            "service_item": data["service_item"],
            "region": data["region"],
            "description": data["description"],
            "applicant_name": data.get("applicant_name", ""),
            "applicant_phone": data.get("applicant_phone", ""),
            "applicant_id_number": data.get("applicant_id_number", ""),
            "language": data["language"],
            "priority_groups": data.get("priority_groups") or (),
            "attachments": data.get("attachments") or (),
            "details": self.module_details(),
        }


class RatingForm(forms.Form):
    """好差评: five levels and a comment (required for the two bad ones, which the service checks)."""

    level = forms.TypedChoiceField(label=_("How satisfied are you?"), coerce=int, widget=forms.RadioSelect)
    comment = forms.CharField(
        label=_("Comment"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required when you are dissatisfied: tell us what went wrong."),
    )

    def __init__(self, *args, **kwargs) -> None:
        from fawang.feedback.enums import EvaluationLevel

        super().__init__(*args, **kwargs)
        self.fields["level"].choices = EvaluationLevel.choices


class EvaluationForm(RatingForm):
    """好差评 on the tracking page. The tracking number and phone travel as hidden fields and are checked
    again on submit, so no personal data has to be kept in the session."""

    tracking_no = forms.CharField(widget=forms.HiddenInput, max_length=32)
    phone = forms.CharField(widget=forms.HiddenInput, max_length=20)


class MaterialsForm(forms.Form):
    """The materials a handler asked for (补正), sent from "my orders"."""

    attachments = MultipleFileField(label=_("Files"))
    note = forms.CharField(
        label=_("Note for the handler (optional)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["attachments"].help_text = attachment_rules()
        self.fields["attachments"].widget.attrs["accept"] = ",".join(
            [*settings.FAWANG_ATTACHMENT_TYPES, *settings.FAWANG_ATTACHMENT_TYPES.values(), ".jpeg"]
        )


class ApplicantStepForm(forms.Form):
    """A step the applicant takes on their own order (the workflow's `Step.applicant`), e.g. an
    objection to a refusal of legal aid (法律援助法第四十九条): what they give is a written reason."""

    reason = forms.CharField(
        label=_("Your reason, in writing"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": _("Write your reason: this step needs it in writing.")},
    )

    def __init__(self, *args, required: bool = True, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["reason"].required = required
