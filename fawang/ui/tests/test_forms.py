"""add_domain_error: a service's field errors land on the form field they name, or on the whole form.
The error banner names and links each invalid field; the fields say they are invalid."""

import re

from django import forms
from django.template.loader import render_to_string
from django.utils import translation

from fawang.core.errors import FieldError, ValidationFailed
from fawang.ui.forms import MultipleFileField, add_domain_error, error_summary


class NoteForm(forms.Form):
    note = forms.CharField(required=False)


def test_a_field_error_lands_on_its_field_renamed_or_on_the_form():
    form = NoteForm(data={"note": "差"})
    assert form.is_valid()
    exc = ValidationFailed(
        [
            FieldError(code="comment_required", message="Say what went wrong.", field="comment"),
            FieldError(code="phone_invalid", message="No.", field="phone"),
        ]
    )

    add_domain_error(form, exc, {"comment": "note"})

    assert form.errors["note"] == ["Say what went wrong."]
    assert form.non_field_errors() == ["No."]  # the form has no phone field


def test_several_files_in_one_input():
    field = MultipleFileField(required=False)
    assert field.clean([]) == []
    assert field.clean(None) == []


class ContactForm(forms.Form):
    token = forms.CharField(widget=forms.HiddenInput)
    phone = forms.CharField(label="手机号码", help_text="11 位")
    level = forms.ChoiceField(
        label="评价", choices=[("1", "满意"), ("5", "不满意")], widget=forms.RadioSelect
    )
    note = forms.CharField(label="备注", required=False)


def test_the_error_summary_names_each_field_and_links_to_its_input():
    form = ContactForm(data={"token": "", "phone": "", "level": ""})
    assert not form.is_valid()
    form.add_error(None, "该工单已办结。")

    items = error_summary(form)

    assert [(i.label, i.href) for i in items] == [
        ("", ""),  # a form-wide error: nothing to link to
        ("Token", ""),  # a hidden field: named, not linked
        ("手机号码", "#id_phone"),
        ("评价", "#id_level_0"),  # a radio group: its first choice
    ]
    assert items[0].message == "该工单已办结。"
    assert all(i.message for i in items)


def test_the_error_banner_links_each_field_takes_the_focus_and_the_fields_say_they_are_invalid():
    form = ContactForm(data={"token": "x", "phone": "", "level": "", "note": "好"})
    assert not form.is_valid()
    with translation.override("zh-hans"):
        html = (
            render_to_string("ui/form_errors.html", {"form": form})
            + "".join(render_to_string("ui/field.html", {"field": form[name]}) for name in ("phone", "note"))
            + render_to_string("ui/choice_field.html", {"field": form["level"]})
        )

    banner = re.search(r'<div class="form-errors"[^>]*>', html).group(0)
    assert 'role="alert"' in banner and 'tabindex="-1"' in banner and "data-error-summary" in banner
    assert re.search(r'<a href="#id_phone">手机号码：[^<]+</a>', html)
    assert re.search(r'<a href="#id_level_0">评价：[^<]+</a>', html)
    # The invalid field says so and points at its error, which is on the page under that id.
    phone_input = re.search(r'<input[^>]*name="phone"[^>]*>', html).group(0)
    assert 'aria-invalid="true"' in phone_input
    assert 'aria-describedby="id_phone_helptext id_phone_error"' in phone_input
    assert 'id="id_phone_error"' in html and 'id="id_phone_helptext"' in html
    note_input = re.search(r'<input[^>]*name="note"[^>]*>', html).group(0)
    assert "aria-invalid" not in note_input and "aria-describedby" not in note_input
    assert 'aria-describedby="id_level_error"' in html and 'id="id_level_error"' in html
    assert html.count('aria-invalid="true"') == 3  # the phone input and both radio buttons
