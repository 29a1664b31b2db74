"""The base's forms: the month of the dispute workflows' figures; a party's representative and the record
of service of a document, for any module's panel (docs/adr/0029, addendum)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from .enums import Authority, RepresentativeKind, ServiceMethod


class MonthForm(forms.Form):
    month = forms.CharField(
        label=_("Month"), max_length=7, required=False, widget=forms.TextInput(attrs={"type": "month"})
    )


class RepresentativeForm(forms.Form):
    """Who acts for a party (`services.representative_add`): an agent, a lawyer or a legal
    representative, with general or special authority; a special one says what it covers."""

    party = forms.TypedChoiceField(label=_("For the party"), coerce=int, choices=())
    kind = forms.ChoiceField(label=_("Representative"), choices=RepresentativeKind.choices)
    name = forms.CharField(label=_("Name"), max_length=64)
    authority = forms.ChoiceField(label=_("Authority"), choices=Authority.choices)
    authority_scope = forms.CharField(
        label=_("What the special authority covers"),
        max_length=300,
        required=False,
        help_text=_("E.g. to admit, waive or change claims, to settle, to withdraw."),
    )
    phone = forms.CharField(label=_("Mobile number"), max_length=32, required=False)
    id_number = forms.CharField(label=_("ID number"), max_length=32, required=False)

    def __init__(self, *args: Any, parties: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["party"].choices = [(p.pk, f"{p.get_side_display()}: {p.masked_name}") for p in parties]


class ServiceRecordForm(forms.Form):
    """The record of service of a document on a party (`services.document_serve`, 送达回证)."""

    document = forms.TypedChoiceField(label=_("Document"), coerce=int, choices=())
    party = forms.TypedChoiceField(label=_("Served on"), coerce=int, choices=())
    method = forms.ChoiceField(label=_("How it was served"), choices=ServiceMethod.choices)
    served_at = forms.DateTimeField(
        label=_("Served at"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )
    receipt = forms.CharField(
        label=_("Receipt"),
        max_length=300,
        help_text=_("Who signed, the postal tracking number, the read receipt or where it was announced."),
    )

    def __init__(self, *args: Any, parties: list[Any], documents: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["party"].choices = [(p.pk, f"{p.get_side_display()}: {p.masked_name}") for p in parties]
        self.fields["document"].choices = [(d.pk, d.title) for d in documents]
