from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from .enums import ExpertField
from .services import ANSWER_MAX, OPINION_MAX, QUESTION_MAX, SUBJECT_MAX


class AnswerForm(forms.Form):
    """The lawyer's answer with the article picker: `find` searches the knowledge base (words, or a law
    and an article number), the results and the chosen ones come back as `cite` checkboxes
    ("article:<id>" / "entry:<id>"); the checked ones are saved as the answer's citations."""

    answer = forms.CharField(
        label=_("Answer"), max_length=ANSWER_MAX, widget=forms.Textarea(attrs={"rows": 8})
    )
    find = forms.CharField(
        label=_("Find a statute article or an answer to cite"),
        help_text=_("Words, or a law and its article number, e.g. 劳动合同法第三十条"),
        required=False,
        max_length=200,
    )

    def chosen(self) -> list[str]:
        """The checked `cite` values (the posted ones; an unbound form: its initial ones)."""
        values = self.data.getlist("cite") if self.is_bound else self.initial.get("cite", [])
        return [str(v) for v in values][:20]

    def citations(self) -> list[dict[str, object]]:
        """The checked citations as the service takes them; a malformed one is passed on as it is, so
        the service refuses it by name (`citations`)."""
        out: list[dict[str, object]] = []
        for value in self.chosen():
            kind, _sep, pk = value.partition(":")
            out.append({"kind": kind, "id": pk})
        return out


class FollowUpForm(forms.Form):
    reason = forms.CharField(
        label=_("Your follow-up question"), max_length=QUESTION_MAX, widget=forms.Textarea(attrs={"rows": 4})
    )


class PublishForm(forms.Form):
    question = forms.CharField(
        label=_("Question as published"), max_length=OPINION_MAX, widget=forms.Textarea(attrs={"rows": 4})
    )
    answer = forms.CharField(
        label=_("Answer as published"), max_length=OPINION_MAX, widget=forms.Textarea(attrs={"rows": 8})
    )
    domain = forms.CharField(label=_("Legal domain"), max_length=64, required=False)


class ExpertRequestForm(forms.Form):
    body_name = forms.CharField(label=_("Government body"), max_length=128)
    field = forms.ChoiceField(label=_("Field"), choices=ExpertField.choices)
    subject = forms.CharField(label=_("Subject"), max_length=SUBJECT_MAX)
    question = forms.CharField(
        label=_("Question for the experts"), max_length=OPINION_MAX, widget=forms.Textarea(attrs={"rows": 8})
    )
    deadline = forms.DateField(label=_("Deadline"), widget=forms.DateInput(attrs={"type": "date"}))


class OpinionForm(forms.Form):
    opinion = forms.CharField(
        label=_("Written opinion"), max_length=OPINION_MAX, widget=forms.Textarea(attrs={"rows": 10})
    )
