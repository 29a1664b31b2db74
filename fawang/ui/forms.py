"""Form helpers every app's pages use. Forms only shape and check input; domain rules stay in the
services, whose DomainErrors are put back on the field they name (`add_domain_error`)."""

from __future__ import annotations

from dataclasses import dataclass
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


@dataclass(frozen=True)
class ErrorSummaryItem:
    """One line of a form's error banner: the field's label and the message, and the address of the
    field's input (`#id_phone`) when there is one to go to."""

    message: str
    label: str = ""
    href: str = ""


def error_summary(form: forms.BaseForm) -> list[ErrorSummaryItem]:
    """The errors of a re-rendered form, form-wide ones first, then each field's in the form's order,
    for the banner above it (`ui/form_errors.html`): each names its field and links to its input.
    A group of radio buttons or check boxes has no single input: its link goes to the first choice,
    as Django numbers them (`id_level_0`). A hidden field's error is named but not linked."""
    items = [ErrorSummaryItem(message=str(error)) for error in form.non_field_errors()]
    for field in form:
        if not field.errors:
            continue
        target = ""
        if not field.is_hidden and field.auto_id:
            target = field.id_for_label or f"{field.auto_id}_0"
        label = str(field.label or field.name)
        items.extend(
            ErrorSummaryItem(message=str(error), label=label, href=f"#{target}" if target else "")
            for error in field.errors
        )
    return items


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
