from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from .enums import ExpertField
from .services import ANSWER_MAX, OPINION_MAX, QUESTION_MAX, SUBJECT_MAX


class AnswerForm(forms.Form):
    answer = forms.CharField(
        label=_("Answer"), max_length=ANSWER_MAX, widget=forms.Textarea(attrs={"rows": 8})
    )
    articles = forms.CharField(
        label=_("Statute articles cited (ids, comma-separated)"), required=False, max_length=200
    )
    entries = forms.CharField(
        label=_("Knowledge-base entries cited (ids, comma-separated)"), required=False, max_length=200
    )

    def citations(self) -> list[dict[str, object]]:
        out: list[dict[str, object]] = []
        for kind, name in (("article", "articles"), ("entry", "entries")):
            for part in (self.cleaned_data.get(name) or "").replace("，", ",").split(","):
                part = part.strip()
                if part:
                    out.append({"kind": kind, "id": part})
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
