"""Errors raised by services and turned into `{"code", "message", "field"}` by the API and into form
errors by the web. Codes are stable strings; messages are translated at raise time."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class FieldError:
    code: str
    message: str
    field: str | None = None

    def as_dict(self) -> dict[str, str | None]:
        return {"code": self.code, "message": str(self.message), "field": self.field}


def error_body(errors: list[FieldError]) -> dict[str, Any]:
    """The API's error body (ADR 0010): the first error at top level, and every error under `errors`."""
    items = [e.as_dict() for e in errors]
    return {**items[0], "errors": items}


# The content type of the API's responses (ninja's), for error bodies written outside ninja.
JSON_CONTENT_TYPE = "application/json; charset=utf-8"


class DomainError(Exception):
    """A rule of the domain refused the request. `status` is the HTTP status the API answers with."""

    status = 400

    def __init__(self, code: str, message: str, field: str | None = None) -> None:
        super().__init__(str(message))
        self.code = code
        self.message = message
        self.field = field

    @property
    def errors(self) -> list[FieldError]:
        return [FieldError(self.code, self.message, self.field)]


class ValidationFailed(DomainError):
    """One or more fields are invalid; `errors` lists one entry per field, nothing was saved."""

    status = 422

    def __init__(self, errors: list[FieldError]) -> None:
        first = errors[0]
        super().__init__(first.code, first.message, first.field)
        self._errors = errors

    @property
    def errors(self) -> list[FieldError]:
        return self._errors


class NotFound(DomainError):
    """Missing and forbidden look the same, so nobody learns what exists outside their jurisdiction."""

    status = 404


class Forbidden(DomainError):
    status = 403


class Conflict(DomainError):
    """The state changed under the request (another clerk acted first, a stale transition)."""

    status = 409


class ErrorCollector:
    """Collects one error per field so a form or API call reports every problem at once."""

    def __init__(self) -> None:
        self.errors: list[FieldError] = []

    def add(self, field: str | None, code: str, message: str) -> None:
        self.errors.append(FieldError(code=code, message=message, field=field))

    def has(self, field: str) -> bool:
        return any(e.field == field for e in self.errors)

    def raise_if_any(self) -> None:
        if self.errors:
            raise ValidationFailed(self.errors)


class RateLimited(DomainError):
    """Too many attempts from one client or for one phone in a short time."""

    status = 429
