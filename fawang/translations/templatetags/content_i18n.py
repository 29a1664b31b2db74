"""`{{ value|translated }}`: a `Translated` text with its language marked (`lang`, so fonts and screen
readers switch) and, when the reader's language had no translation, a visible note saying the Chinese
is shown; a machine draft says it is one. Any other value renders as usual."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.html import format_html
from django.utils.translation import gettext as _

from fawang.translations.selectors import Translated, fallback_note

register = template.Library()

_HTML_LANG = {"zh": "zh-Hans", "bo": "bo", "ii": "ii", "en": "en"}


@register.filter
def translated(value: Any) -> Any:
    if not isinstance(value, Translated):
        return value
    if value.fallback:
        return format_html(
            '<span lang="{}">{}</span> <small class="translation-note" role="note" data-translation="fallback">{}</small>',
            _HTML_LANG.get(value.language, value.language),
            str(value),
            fallback_note(value.wanted),
        )
    if value.is_machine_draft:
        return format_html(
            '<span lang="{}">{}</span> <small class="translation-note" data-translation="machine" title="{}">{}</small>',
            _HTML_LANG.get(value.language, value.language),
            str(value),
            _("This translation was made by machine and has not been reviewed yet."),
            _("(machine translation)"),
        )
    return format_html(
        '<span lang="{}">{}</span>', _HTML_LANG.get(value.language, value.language), str(value)
    )


@register.filter
def legal_basis(value: Any) -> Any:
    """A cited law and article (`display_legal_basis`) as every page shows it (docs/adr/0014): the
    text marked as `translated` does, and after it whether this is the law's official Chinese wording
    (a fallback) or a translation for reading only."""
    if not isinstance(value, Translated):
        return value
    if value.fallback:
        note = _("(the law's official Chinese wording)")
    elif value.language != "zh":
        note = _("(a translation for reading; the law's official wording is Chinese)")
    else:
        return format_html("<cite>{}</cite>", translated(value))
    return format_html(
        '<cite>{}</cite> <span class="muted" data-basis-note>{}</span>', translated(value), note
    )
