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


class GuideForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    body = forms.CharField(label=_("Text"), max_length=20_000, widget=forms.Textarea(attrs={"rows": 14}))
    domain = forms.ChoiceField(
        label=_("Legal domain"), required=False, choices=[("", _("Every domain")), *Domain.choices]
    )
    references = forms.CharField(
        label=_("Statute articles cited"),
        help_text=_("One per line: the law and its article number, e.g. 劳动合同法第三十条"),
        required=False,
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class GuideReviewForm(forms.Form):
    note = forms.CharField(
        label=_("Note to the author"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
