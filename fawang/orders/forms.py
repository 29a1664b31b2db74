"""Forms of the staff pages: they check shape (required, length, choice) so the page can point at the
field at once; the rules of the domain stay in the services, whose field errors are put back onto
the same form fields by `fawang.ui.forms.add_domain_error`."""

from __future__ import annotations

import copy
from collections.abc import Sequence
from typing import Any, cast

from django import forms
from django.conf import settings
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from fawang.catalog.models import ServiceItem, offered_items
from fawang.network.enums import Language
from fawang.regions.models import Region, RegionLevel
from fawang.ui.forms import MultipleFileField

from .enums import OPEN_STATUSES, ApplicantKind, OrderStatus, PriorityGroup
from .services.attachments import MAX_ATTACHMENTS

REASON_MAX = 2000


# ---- workbench -------------------------------------------------------------------------------------


class QueueFilterForm(forms.Form):
    """The workbench filters. Invalid values are dropped rather than refused: a filter link that went
    stale must still show a queue."""

    WHOLE_JURISDICTION = "all"
    whose = forms.ChoiceField(
        label=_("Orders"),
        required=False,
        choices=[
            ("", _("With my place")),
            (WHOLE_JURISDICTION, _("Whole jurisdiction, wherever handled")),
        ],
        help_text=_(
            "The whole jurisdiction adds orders of your area's residents that another place handles."
        ),
    )
    # The queue is a to-do list: open orders unless asked otherwise. A search looks at every status (a
    # clerk looking up a tracking number wants it found, closed or not).
    OPEN = ""
    FINISHED = "finished"
    ALL = "all"
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[
            (OPEN, _("Open orders (to do)")),
            (FINISHED, _("Finished: resolved, closed or rejected")),
            (ALL, _("All statuses")),
            *OrderStatus.choices,
        ],
        help_text=_("A search looks at open and finished orders alike."),
    )
    region = forms.ChoiceField(label=_("Region"), required=False, choices=[("", _("Whole jurisdiction"))])
    overdue = forms.ChoiceField(
        label=_("Time limit"),
        required=False,
        choices=[("", _("All")), ("1", _("Overdue only")), ("0", _("Not overdue"))],
    )
    language = forms.ChoiceField(
        label=_("Language"), required=False, choices=[("", _("All languages")), *Language.choices]
    )
    q = forms.CharField(
        label=_("Search"),
        required=False,
        max_length=64,
        help_text=_("Tracking number, mobile number or words from the description"),
    )

    def __init__(self, *args: Any, regions: Sequence[Region] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["region"]).choices = [
            ("", _("Whole jurisdiction")),
            *((r.code, r.name) for r in regions),
        ]

    def statuses(self) -> tuple[str, ...] | None:
        """The statuses the queue shows (None: all), from the valid form's status and search."""
        status = self.cleaned_data.get("status") or self.OPEN
        if status == self.ALL:
            return None
        if status == self.FINISHED:
            return tuple(s for s in OrderStatus.values if s not in OPEN_STATUSES)
        if status == self.OPEN:
            return None if (self.cleaned_data.get("q") or "").strip() else tuple(OPEN_STATUSES)
        return (status,)


class BulkForm(forms.Form):
    ACCEPT = "accept"
    TRANSFER = "transfer"

    action = forms.ChoiceField(choices=[(ACCEPT, _("Accept")), (TRANSFER, _("Transfer"))])
    orders = forms.MultipleChoiceField(
        label=_("Orders"), error_messages={"required": _("Select at least one order.")}
    )
    target = forms.ChoiceField(label=_("Transfer to"), required=False)
    reason = forms.CharField(label=_("Reason for the transfer"), required=False, max_length=REASON_MAX)

    def __init__(
        self,
        *args: Any,
        order_choices: Sequence[str] = (),
        targets: Sequence[tuple[str, str]] = (),
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.MultipleChoiceField, self.fields["orders"]).choices = [(t, t) for t in order_choices]
        cast(forms.ChoiceField, self.fields["target"]).choices = [("", "—"), *targets]

    def clean(self) -> dict[str, Any]:
        data = cast(dict[str, Any], super().clean())  # Form.clean returns cleaned_data, never None
        if data.get("action") == self.TRANSFER:
            if not data.get("target"):
                self.add_error("target", _("Choose where to transfer the orders."))
            if not (data.get("reason") or "").strip():
                self.add_error("reason", _("A transfer needs a reason."))
        return data


# ---- order page actions ----------------------------------------------------------------------------


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"), max_length=REASON_MAX, widget=forms.Textarea(attrs={"rows": 2})
    )


class OptionalReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Note"), required=False, max_length=REASON_MAX, widget=forms.Textarea(attrs={"rows": 2})
    )


class ResolveForm(forms.Form):
    resolution = forms.CharField(
        label=_("Resolution"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("What was done or answered; the applicant sees this."),
    )


class TransferForm(forms.Form):
    target = forms.ChoiceField(label=_("Transfer to"))
    reason = forms.CharField(
        label=_("Reason for the transfer"), max_length=REASON_MAX, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args: Any, targets: Sequence[tuple[str, str]] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["target"]).choices = [("", "—"), *targets]


class SupervisionForm(forms.Form):
    deadline = forms.DateField(
        label=_("Answer by"), widget=forms.DateInput(attrs={"type": "date"}), help_text=_("A working day")
    )
    reason = forms.CharField(
        label=_("What must be done"), max_length=REASON_MAX, widget=forms.Textarea(attrs={"rows": 2})
    )


class SupervisionAnswerForm(forms.Form):
    """督办回复: the written answer of the region a supervision order was issued to."""

    response = forms.CharField(
        label=_("Answer"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("What was done about it; the supervisor reads this answer."),
        error_messages={"required": _("Write the answer.")},
    )


# ---- intake: hotline console and window ------------------------------------------------------------


def county_choices() -> list[tuple[str, list[tuple[str, str]]]]:
    """Sichuan's counties grouped by prefecture, for the region picker (townships load on demand)."""
    rows = Region.objects.filter(level__in=(RegionLevel.PREFECTURE, RegionLevel.COUNTY)).only(
        "code", "name", "level", "parent_id"
    )
    prefectures: dict[str, tuple[str, list[tuple[str, str]]]] = {}
    counties = []
    for region in rows:
        if region.level == RegionLevel.PREFECTURE:
            prefectures[region.code] = (
                region.name,
                [(region.code, _("%(prefecture)s (whole prefecture)") % {"prefecture": region.name})],
            )
        else:
            counties.append(region)
    for county in counties:
        if county.parent_id in prefectures:
            prefectures[county.parent_id][1].append((county.code, county.name))
    return [prefectures[code] for code in sorted(prefectures)]


class ModuleFieldsMixin(forms.Form):
    """An intake form that also shows the chosen service's own fields: its workflow's `intake_form`
    (docs/adr/0011), after the shared fields, each named `details.<field>` as the service names its
    errors, so a refusal lands on the input without a mapping. The service is read from the bound
    data (or the initial value); a page without JavaScript that switches to a service with fields of
    its own gets them on the next send, each marked as needed when it is required."""

    module_fields: tuple[str, ...] = ()

    def add_module_fields(self) -> None:
        from .workflow import workflow_get

        item = self._chosen_service_item()
        form_class = workflow_get(item.workflow).intake_form if item is not None else None
        if form_class is None:
            return
        fields = cast(type[forms.Form], form_class).base_fields
        for name, field in fields.items():
            self.fields[f"details.{name}"] = copy.deepcopy(field)
        self.module_fields = tuple(f"details.{name}" for name in fields)

    def _chosen_service_item(self) -> ServiceItem | None:
        field = self.fields["service_item"]
        raw = (
            self.data.get(self.add_prefix("service_item"))
            if self.is_bound
            else self.initial.get("service_item")
        )
        if isinstance(raw, ServiceItem):
            return raw
        try:
            return cast(ServiceItem | None, field.to_python(raw))
        except forms.ValidationError:
            return None

    def module_bound_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in self.module_fields]

    def module_details(self) -> dict[str, Any]:
        """The module's fields as sent, by their own names: `order_submit(details=...)` checks them
        with the module's form (its cross-field rules included)."""
        return {
            name.removeprefix("details."): self.fields[name].widget.value_from_datadict(
                self.data, self.files, self.add_prefix(name)
            )
            for name in self.module_fields
        }


class IntakeForm(ModuleFieldsMixin):
    """What the hotline agent and the window clerk record. Field names are the service's argument
    names so its field errors land on the right input."""

    applicant_phone = forms.CharField(label=_("Mobile number"), max_length=32, required=False)
    applicant_name = forms.CharField(label=_("Name"), max_length=64, required=False)
    applicant_kind = forms.ChoiceField(
        label=_("Applicant"),
        choices=[c for c in ApplicantKind.choices if c[0] != ApplicantKind.INSTITUTION],
        initial=ApplicantKind.CITIZEN,
    )
    enterprise_name = forms.CharField(label=_("Enterprise name"), max_length=128, required=False)
    enterprise_credit_code = forms.CharField(
        label=_("Unified social credit code"), max_length=18, required=False
    )
    service_item = forms.ModelChoiceField(
        label=_("Service"), queryset=ServiceItem.objects.filter(offered_items()), empty_label="—"
    )
    region = forms.ChoiceField(label=_("County or district"))
    township = forms.CharField(label=_("Township or street"), required=False, max_length=12)
    language = forms.ChoiceField(label=_("Language"), choices=Language.choices, initial=Language.CHINESE)
    priority_groups = forms.MultipleChoiceField(
        label=_("Priority groups"),
        choices=PriorityGroup.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    description = forms.CharField(
        label=_("What the applicant needs"), widget=forms.Textarea(attrs={"rows": 4})
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["region"]).choices = [("", "—"), *county_choices()]
        self.add_module_fields()

    def clean(self) -> dict[str, Any]:
        data = cast(dict[str, Any], super().clean())  # Form.clean returns cleaned_data, never None
        county_code = data.get("region")
        township_code = (data.get("township") or "").strip()
        if county_code:
            county = Region.objects.filter(code=county_code).first()
            region = county
            if township_code:
                township = Region.objects.filter(code=township_code, parent_id=county_code).first()
                if township is None:
                    self.add_error("township", _("This township is not in the chosen county."))
                region = township or county
            data["region_obj"] = region
        return data

    def service_kwargs(self) -> dict:
        data = self.cleaned_data
        return {
            "service_item": data["service_item"],
            "region": data["region_obj"],
            "description": data["description"],
            "applicant_kind": data["applicant_kind"],
            "applicant_name": data.get("applicant_name", ""),
            "applicant_phone": data.get("applicant_phone", ""),
            "enterprise_name": data.get("enterprise_name", ""),
            "enterprise_credit_code": data.get("enterprise_credit_code", ""),
            "language": data["language"],
            "priority_groups": data.get("priority_groups") or (),
            "details": self.module_details(),
        }


class HotlineIntakeForm(IntakeForm):
    DISPATCH = "dispatch"
    ANSWER = "answer"

    outcome = forms.ChoiceField(
        label=_("Outcome of the call"),
        choices=[(DISPATCH, _("Create an order and dispatch it")), (ANSWER, _("Answered on the spot"))],
        initial=DISPATCH,
        widget=forms.RadioSelect,
    )
    answer = forms.CharField(
        label=_("Answer given on the call"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("outcome") == self.ANSWER and not (data.get("answer") or "").strip():
            self.add_error("answer", _("Write down the answer given on the call."))
        return data

    def service_kwargs(self) -> dict:
        kwargs = super().service_kwargs()
        if self.cleaned_data.get("outcome") == self.ANSWER:
            kwargs["resolved_at_first_contact"] = self.cleaned_data["answer"].strip()
        return kwargs


class WindowIntakeForm(IntakeForm):
    applicant_id_number = forms.CharField(label=_("Resident ID number"), max_length=32, required=False)
    # MultipleFileField, not FileField with a multiple widget: FileField.clean() refuses the list the
    # widget returns with Django's "No file was submitted. Check the encoding type on the form."
    attachments = MultipleFileField(
        label=_("Materials (PDF, JPEG, PNG)"),
        required=False,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Put together per form, in the reader's language: a class attribute would be translated once, in
        # whatever language was active when this module was first imported.
        self.fields["attachments"].help_text = gettext(
            "Up to %(n)d files of at most %(mb)d MB each, scanned or photographed."
        ) % {"n": MAX_ATTACHMENTS, "mb": settings.FAWANG_ATTACHMENT_MAX_BYTES // (1024 * 1024)}

    def service_kwargs(self) -> dict:
        kwargs = super().service_kwargs()
        kwargs["applicant_id_number"] = self.cleaned_data.get("applicant_id_number", "")
        kwargs["attachments"] = self.cleaned_data.get("attachments") or ()
        return kwargs


class PhoneLookupForm(forms.Form):
    phone = forms.CharField(label=_("Caller's mobile number"), max_length=32)
