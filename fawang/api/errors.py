from typing import Any

from django.utils.translation import gettext as _

from fawang.core.errors import FieldError

_MESSAGES = {
    "missing": lambda ctx: _("This field is required."),
    "string_too_long": lambda ctx: _("At most %(n)s characters.") % {"n": ctx.get("max_length")},
    "string_too_short": lambda ctx: _("At least %(n)s characters.") % {"n": ctx.get("min_length")},
}


def schema_errors_to_field_errors(errors: list[dict[str, Any]]) -> list[FieldError]:
    """pydantic's errors, one per field, with the field's dotted name and a translated message."""
    out = []
    for err in errors:
        loc = [str(p) for p in err.get("loc", ()) if p not in ("body", "payload", "query", "path")]
        field = ".".join(loc) or None
        kind = err.get("type", "invalid")
        msg = _MESSAGES.get(kind)
        message = (
            msg(err.get("ctx") or {})
            if msg
            else _("Invalid value: %(detail)s") % {"detail": err.get("msg", "")}
        )
        out.append(
            FieldError(
                code=f"invalid_{kind}" if kind != "missing" else "required", message=message, field=field
            )
        )
    return out
