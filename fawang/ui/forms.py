"""Form helpers every app's pages use. Forms only shape and check input; domain rules stay in the
services, whose DomainErrors are put back on the field they name (`add_domain_error`)."""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass
from dataclasses import field as dataclass_field
from typing import TYPE_CHECKING, Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from fawang.core.errors import DomainError, ValidationFailed

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


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
class PostedStep:
    """What `posted_step` made of a request: a redirect to answer with (saved, or refused by a conflict
    shown as a message), or the posted form by its step, bound with its errors, for the page to show
    again (empty on a GET)."""

    response: HttpResponse | None = None
    bound: dict[str, forms.Form] = dataclass_field(default_factory=dict)


def posted_step(
    request: HttpRequest,
    offered: Collection[str],
    forms_by_step: Mapping[str, type[forms.Form]],
    save: Callable[[str, dict[str, Any]], None],
    done_url: str,
    unavailable: StrOrPromise,
) -> PostedStep:
    """A page of several step forms (each prefixed by its step name, the step in the POST's `step`):
    a step not offered now is refused (403, `unavailable`); a valid form goes to `save(step, data)`;
    the service's field errors go back on the form, its other refusals become a message and, like a
    save, a redirect to `done_url`."""
    if request.method != "POST":
        return PostedStep()
    step = request.POST.get("step", "")
    if step not in offered:
        raise PermissionDenied(str(unavailable))
    form = forms_by_step[step](request.POST, prefix=step)
    if form.is_valid():
        try:
            save(step, form.cleaned_data)
        except ValidationFailed as exc:
            add_domain_error(form, exc)
        except DomainError as exc:
            messages.error(request, str(exc.message))
            return PostedStep(response=HttpResponseRedirect(done_url))
        else:
            messages.success(request, gettext("Saved."))
            return PostedStep(response=HttpResponseRedirect(done_url))
    return PostedStep(bound={step: form})


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
