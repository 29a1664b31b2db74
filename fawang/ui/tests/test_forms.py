"""add_domain_error: a service's field errors land on the form field they name, or on the whole form."""

from django import forms

from fawang.core.errors import FieldError, ValidationFailed
from fawang.ui.forms import MultipleFileField, add_domain_error


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
