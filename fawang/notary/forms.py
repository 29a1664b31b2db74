"""Notary's forms: the application's own fields (the workflow's intake form, checked by the order's
intake with the shared fields; errors named `details.<field>`), a slot and a fee version."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from fawang.network.enums import InstitutionKind
from fawang.network.models import Institution

from .enums import Mode, SecondLanguage, SlotKind
from .models import NotaryMatter, Slot


def _matter_choices() -> list[tuple[str, str]]:
    return [(m.code, m.name) for m in NotaryMatter.objects.only("code", "name")]


def _office_choices() -> list[tuple[int, str]]:
    return [
        (o.pk, o.name)
        for o in Institution.objects.filter(kind=InstitutionKind.NOTARY_OFFICE)
        .only("pk", "name")
        .order_by("name")
    ]


def _slot_choices() -> list[tuple[Any, str]]:
    slots = Slot.objects.filter(order__isnull=True, starts_at__gt=timezone.now()).select_related("office")[
        :500
    ]
    return [("", _("No appointment (fully online)"))] + [
        (s.pk, f"{s.office.name} · {timezone.localtime(s.starts_at):%Y-%m-%d %H:%M} · {s.get_kind_display()}")
        for s in slots
    ]


class _SlotField(forms.TypedChoiceField):
    """Lists the next free times; accepts any time id, which `clean` checks (exists, free, the office's)."""

    def valid_value(self, value: Any) -> bool:
        return True


class NotaryIntakeForm(forms.Form):
    """The matter, the office the applicant chose among those offering it (公证法第二十五条), the
    appointment (needed unless the matter is done fully online), the certificate's second language.
    Shown also on the shared intake pages (window, hotline, /apply/) when a notary item is chosen."""

    matter = forms.ChoiceField(label=_("Notary matter"), choices=_matter_choices)
    office = forms.TypedChoiceField(label=_("Notary office"), coerce=int, choices=_office_choices)
    slot = _SlotField(
        label=_("Appointment"), coerce=int, required=False, empty_value=None, choices=_slot_choices
    )
    second_language = forms.ChoiceField(
        label=_("Certificate language"), choices=SecondLanguage.choices, required=False
    )
    purpose = forms.CharField(label=_("Purpose of use"), max_length=200, required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        code, office_id, slot_id = data.get("matter"), data.get("office"), data.get("slot")
        if code is None or office_id is None:
            return data
        matter = NotaryMatter.objects.filter(code=code).first()
        if matter is None:
            self.add_error(
                "matter", forms.ValidationError(_("Choose a matter from the list."), code="matter_unknown")
            )
            return data
        office = matter.offices.filter(pk=office_id).first()
        if office is None:
            self.add_error(
                "office",
                forms.ValidationError(_("This office does not offer this matter."), code="office_unknown"),
            )
            return data
        data["matter"], data["office"] = matter, office
        if slot_id is None:
            if matter.mode != Mode.ONLINE:
                self.add_error(
                    "slot",
                    forms.ValidationError(
                        _("This matter needs an appointment at the office: choose a time."), code="required"
                    ),
                )
            data["slot"] = None
            return data
        slot = Slot.objects.filter(pk=slot_id, office=office, starts_at__gt=timezone.now()).first()
        if slot is None:
            self.add_error(
                "slot", forms.ValidationError(_("Choose a free time of this office."), code="slot_unknown")
            )
        elif slot.order_id is not None:
            self.add_error(
                "slot",
                forms.ValidationError(_("This time was just booked: choose another."), code="slot_taken"),
            )
        elif slot.kind == SlotKind.VIDEO and matter.mode == Mode.PRESENCE:
            self.add_error(
                "slot",
                forms.ValidationError(
                    _("This matter needs you at the office: choose a time there."), code="invalid"
                ),
            )
        data["slot"] = slot
        return data


class SlotForm(forms.Form):
    starts_at = forms.DateTimeField(label=_("Starts at"))
    minutes = forms.IntegerField(label=_("Minutes"), min_value=10, max_value=240, initial=30)
    kind = forms.ChoiceField(label=_("Where"), choices=SlotKind.choices, initial=SlotKind.VISIT)
    notary = forms.IntegerField(label=_("Notary"), required=False, min_value=1, max_value=2**31 - 1)


class RevokeForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), min_length=5, max_length=1000, widget=forms.Textarea)
