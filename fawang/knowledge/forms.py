from django import forms
from django.utils.translation import gettext_lazy as _

from .enums import Domain, EntryKind

MAX_QUERY = 500


class SearchForm(forms.Form):
    q = forms.CharField(
        label=_("Your question or keywords"),
        required=False,
        max_length=MAX_QUERY,
        error_messages={"max_length": _("At most %(limit_value)d characters.")},
    )
    type = forms.ChoiceField(
        label=_("Type"),
        required=False,
        choices=[("", _("Everything")), ("article", _("Statute articles")), *EntryKind.choices],
    )
    domain = forms.ChoiceField(
        label=_("Legal domain"), required=False, choices=[("", _("Every domain")), *Domain.choices]
    )
