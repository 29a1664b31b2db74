"""pydantic's schema errors turned into Fawang's `{"code", "message", "field"}` (ADR 0010).

pydantic's own messages are English sentences about Python types ("Input should be a valid integer,
unable to parse string as an integer"); a clerk in Ganzi or a partner's developer needs the rule that
was broken, in their language, under a code that never changes. Each pydantic error type maps to one
stable code and a translated message naming the rule."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.utils.translation import gettext as _

from fawang.core.errors import FieldError

# Parts of pydantic's `loc` that name where the value came from, not which field it was.
_LOCATION_PARTS = {"body", "payload", "query", "path", "header", "filters", "form", "file"}


def _choices(ctx: dict[str, Any]) -> str:
    expected = str(ctx.get("expected", ""))
    return expected.replace("'", "")


Rule = tuple[str, Callable[[dict[str, Any]], str]]

_RULES: dict[str, Rule] = {
    "missing": ("required", lambda ctx: _("This field is required.")),
    "string_too_long": (
        "too_long",
        lambda ctx: _("Too long: at most %(n)s characters.") % {"n": ctx.get("max_length")},
    ),
    "string_too_short": (
        "too_short",
        lambda ctx: _("Too short: at least %(n)s characters.") % {"n": ctx.get("min_length")},
    ),
    "too_long": (
        "too_long",
        lambda ctx: _("Too many entries: at most %(n)s.") % {"n": ctx.get("max_length")},
    ),
    "too_short": (
        "too_short",
        lambda ctx: _("Too few entries: at least %(n)s.") % {"n": ctx.get("min_length")},
    ),
    "string_pattern_mismatch": (
        "invalid_format",
        lambda ctx: _("The value does not have the expected format."),
    ),
    "literal_error": (
        "invalid_choice",
        lambda ctx: _("Not a valid choice. Allowed: %(choices)s.") % {"choices": _choices(ctx)},
    ),
    "enum": (
        "invalid_choice",
        lambda ctx: _("Not a valid choice. Allowed: %(choices)s.") % {"choices": _choices(ctx)},
    ),
    "int_parsing": ("not_a_number", lambda ctx: _("Enter a whole number.")),
    "int_type": ("not_a_number", lambda ctx: _("Enter a whole number.")),
    "int_from_float": ("not_a_number", lambda ctx: _("Enter a whole number.")),
    "greater_than_equal": (
        "out_of_range",
        lambda ctx: _("Must be at least %(n)s.") % {"n": ctx.get("ge")},
    ),
    "less_than_equal": (
        "out_of_range",
        lambda ctx: _("Must be at most %(n)s.") % {"n": ctx.get("le")},
    ),
    "greater_than": ("out_of_range", lambda ctx: _("Must be greater than %(n)s.") % {"n": ctx.get("gt")}),
    "less_than": ("out_of_range", lambda ctx: _("Must be less than %(n)s.") % {"n": ctx.get("lt")}),
    "bool_parsing": ("not_a_boolean", lambda ctx: _("Enter true or false.")),
    "bool_type": ("not_a_boolean", lambda ctx: _("Enter true or false.")),
    "string_type": ("invalid_type", lambda ctx: _("Enter text.")),
    "list_type": ("invalid_type", lambda ctx: _("Enter a list.")),
    "dict_type": ("invalid_type", lambda ctx: _("Send a JSON object.")),
    "model_attributes_type": ("invalid_type", lambda ctx: _("Send a JSON object.")),
    "json_invalid": ("invalid_json", lambda ctx: _("The request body is not valid JSON.")),
    "extra_forbidden": ("unknown_field", lambda ctx: _("This field is not accepted here.")),
}


def schema_errors_to_field_errors(errors: list[dict[str, Any]]) -> list[FieldError]:
    """pydantic's errors, one per field (the first rule a field broke), with the field's dotted name
    (list positions included: `priority_groups.1`) and a translated message."""
    out: list[FieldError] = []
    seen: set[str | None] = set()
    for err in errors:
        loc = [str(p) for p in err.get("loc", ()) if p not in _LOCATION_PARTS]
        field = ".".join(loc) or None
        if field in seen:
            continue
        seen.add(field)
        kind = err.get("type", "invalid")
        rule = _RULES.get(kind)
        if rule is not None:
            code, message = rule[0], rule[1](err.get("ctx") or {})
        else:
            code, message = "invalid", _("Invalid value: %(detail)s") % {"detail": err.get("msg", "")}
        out.append(FieldError(code=code, message=message, field=field))
    return out
