"""Forms of the feedback pages: they check shape (required, choice, pairing) so the page can point at
the field at once; the rating rules stay in fawang.feedback.services, whose field errors are put back
onto the same form fields by `add_domain_error`."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from .enums import EvaluationLevel

NOTE_MAX = 2000


# ---- return visits (回访) ----------------------------------------------------------------------------


class ReturnVisitForm(forms.Form):
    """One call of a return visit. Whether the caller must give a rating depends on whether they were
    reached, so that pairing is checked here and points at the rating field; the rating rules
    themselves (a bad rating must say what went wrong) stay in fawang.feedback.services."""

    reached = forms.TypedChoiceField(
        label=_("Was the caller reached?"),
        choices=[("1", _("Reached")), ("0", _("Not reached"))],
        coerce=lambda value: value == "1",
        widget=forms.RadioSelect,
        error_messages={"required": _("Say whether the caller was reached.")},
    )
    level = forms.TypedChoiceField(
        label=_("Caller's rating"),
        choices=[("", _("No rating")), *EvaluationLevel.choices],
        coerce=int,
        empty_value=None,
        required=False,
    )
    note = forms.CharField(
        label=_("Comment"),
        required=False,
        max_length=NOTE_MAX,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_(
            "What the caller said, or why the call failed. A rating of Dissatisfied or worse must say "
            "what went wrong."
        ),
    )

    def clean(self) -> dict:
        data = super().clean()
        reached, level = data.get("reached"), data.get("level")
        if reached is True and level is None and "level" not in self.errors:
            self.add_error("level", _("The caller was reached: record the rating they gave."))
        elif reached is False and level is not None:
            self.add_error("level", _("A caller who was not reached gave no rating: leave the rating empty."))
        return data
