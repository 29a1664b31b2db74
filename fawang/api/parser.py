"""The API's JSON body parser: the one place every request body is read (ninja calls it for each
endpoint with a body), so it is where a body is refused for what it is rather than what it says.

- A body sent as anything but JSON is 415 `unsupported_media_type` (an order posted as text/plain was
  accepted before).
- `NaN`, `Infinity` (not JSON, though Python's parser reads them) are `invalid_json`: PostgreSQL's
  jsonb refuses them.
- Text a database cannot store (NUL, a lone surrogate) is 422 `invalid_characters`, and an integer
  past the 64-bit range 422 `out_of_range`, each naming the field (`details.household_size`), before
  any handler or schema sees the value (fawang.core.input explains why)."""

from __future__ import annotations

import json
import math
from collections.abc import Iterator
from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja.parser import Parser

from fawang.core.errors import DomainError, FieldError, ValidationFailed
from fawang.core.input import INT64_MAX, INT64_MIN, fits_bigint, is_storable_text

# One error per field, and no more than this many: a body of a million bad values gets a short answer.
MAX_ERRORS = 20


class UnsupportedMediaType(DomainError):
    status = 415


def _refuse_constant(name: str) -> Any:
    raise ValueError(f"{name} is not JSON")


def is_json_content_type(content_type: str | None) -> bool:
    content_type = (content_type or "").lower()
    return content_type == "application/json" or (
        content_type.startswith("application/") and content_type.endswith("+json")
    )


def unstorable_values(value: Any, path: tuple[str, ...] = ()) -> Iterator[FieldError]:
    """What in a parsed JSON document no column can hold, one error per offending value."""
    field = ".".join(path) or None
    if isinstance(value, str):
        if not is_storable_text(value):
            yield FieldError(
                "invalid_characters", _("Contains a character that is not allowed (NUL)."), field
            )
    elif isinstance(value, bool):
        return
    elif isinstance(value, int):
        if not fits_bigint(value):
            message = (
                _("Must be at most %(n)s.") % {"n": INT64_MAX}
                if value > 0
                else _("Must be at least %(n)s.") % {"n": INT64_MIN}
            )
            yield FieldError("out_of_range", message, field)
    elif isinstance(value, float):
        if not math.isfinite(value):
            yield FieldError("out_of_range", _("The number is too large."), field)
    elif isinstance(value, dict):
        for key, item in value.items():
            if not is_storable_text(key):
                yield FieldError(
                    "invalid_characters",
                    _("A field name contains a character that is not allowed (NUL)."),
                    field,
                )
                continue
            yield from unstorable_values(item, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from unstorable_values(item, (*path, str(index)))


class JsonBodyParser(Parser):
    def parse_body(self, request: HttpRequest) -> Any:
        # ninja turns any exception raised here into HttpError(400) with this one as its cause; the
        # API's handler answers with the cause when it is a DomainError (fawang.api.api.http_error).
        if not is_json_content_type(request.content_type):
            raise UnsupportedMediaType(
                "unsupported_media_type",
                _("Send the body as JSON (Content-Type: application/json)."),
                None,
            )
        data = json.loads(request.body, parse_constant=_refuse_constant)
        errors: list[FieldError] = []
        seen: set[str | None] = set()
        for error in unstorable_values(data):
            if error.field not in seen:
                seen.add(error.field)
                errors.append(error)
            if len(errors) >= MAX_ERRORS:
                break
        if errors:
            raise ValidationFailed(errors)
        return data
