"""Template tags of the form partials in `fawang/ui/templates/ui/`."""

from __future__ import annotations

from django import forms, template

from fawang.ui.forms import ErrorSummaryItem, error_summary

register = template.Library()


@register.simple_tag
def form_error_summary(form: forms.BaseForm) -> list[ErrorSummaryItem]:
    return error_summary(form)
