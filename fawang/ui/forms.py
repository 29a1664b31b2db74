"""Form helpers every app's pages use. Forms only shape and check input; domain rules stay in the
services, whose DomainErrors are put back on the field they name (`add_domain_error`)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from fawang.core.errors import DomainError


def add_domain_error(form: forms.Form, exc: DomainError, field_map: dict[str, str] | None = None) -> None:
    """Attach each FieldError a service raised to the form field it names (`field_map` renames service
    fields to form fields), or to the form as a whole when the form has no such field."""
    field_map = field_map or {}
    for error in exc.errors:
        name = field_map.get(error.field or "", error.field)
        form.add_error(name if name in form.fields else None, str(error.message))


def explain(exc: DomainError) -> str:
    """A refusal in words for a page's message. The services word their conflicts for people already (a
    lost accept race names who accepted and when), so their messages are shown as they are."""
    return " ".join(str(e.message) for e in exc.errors)


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input; each is checked (size, type) by the service that stores them. Its
    refusals say what to do: the browser forgets the chosen files when the page comes back."""

    widget = MultipleFileInput
    default_error_messages = {
        "invalid": _("The file did not arrive. Choose it again and send the form once more."),
        "missing": _("The file did not arrive. Choose it again and send the form once more."),
        "empty": _("A chosen file is empty (0 bytes). Choose the right file and attach it again."),
        "max_length": _(
            "A file name is too long (at most %(max)d characters, it has %(length)d). "
            "Rename the file and attach it again."
        ),
    }

    def clean(self, data: Any, initial: Any = None) -> list[Any]:
        if isinstance(data, (list, tuple)):
            return [super(MultipleFileField, self).clean(item, initial) for item in data if item]
        return [super().clean(data, initial)] if data else []
