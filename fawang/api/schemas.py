"""Schemas shared by every router: the error body, documented once for OpenAPI."""

from __future__ import annotations

from ninja import Field, Schema


class FieldErrorOut(Schema):
    code: str = Field(..., description="Stable machine-readable code", examples=["required"])
    message: str = Field(
        ..., description="In the caller's language (Accept-Language)", examples=["This field is required."]
    )
    field: str | None = Field(None, description="The field at fault, dotted for nested fields")


class ErrorOut(FieldErrorOut):
    """The first error at top level, and every error (one per field) under `errors`."""

    errors: list[FieldErrorOut] = Field(default_factory=list)

    model_config = {
        "json_schema_extra": {
            "examples": [
                {
                    "code": "required",
                    "message": "This field is required.",
                    "field": "description",
                    "errors": [
                        {"code": "required", "message": "This field is required.", "field": "description"},
                        {
                            "code": "too_long",
                            "message": "Too long: at most 64 characters.",
                            "field": "applicant_name",
                        },
                    ],
                }
            ]
        }
    }


# 401 unauthenticated · 403 role does not allow · 404 missing or outside the jurisdiction ·
# 409 state conflict (already accepted, idempotency key in flight) · 422 invalid fields.
ERROR_RESPONSES: dict[int, type[Schema]] = {
    401: ErrorOut,
    403: ErrorOut,
    404: ErrorOut,
    409: ErrorOut,
    422: ErrorOut,
}

# Endpoints that read a JSON body also answer 400 `invalid_json`, 413 `request_too_large` (read
# unread: fawang.api.middleware) and 415 `unsupported_media_type` (fawang.api.parser).
BODY_ERROR_RESPONSES: dict[int, type[Schema]] = {
    400: ErrorOut,
    **ERROR_RESPONSES,
    413: ErrorOut,
    415: ErrorOut,
}

# Every error code that does not come from an app's enums.py, by status: the API's description shows
# this table (fawang.api.api), and a test checks that each code is in the OpenAPI document.
GENERAL_ERROR_CODES: dict[int, tuple[str, ...]] = {
    400: ("invalid_json",),
    401: ("not_authenticated",),
    403: ("permission_denied",),
    404: ("not_found",),
    405: ("method_not_allowed",),
    409: ("idempotency_in_progress",),
    413: ("request_too_large",),
    415: ("unsupported_media_type",),
    422: (
        "required",
        "too_long",
        "too_short",
        "invalid_choice",
        "out_of_range",
        "not_a_number",
        "not_a_boolean",
        "invalid_type",
        "invalid_format",
        "unknown_field",
        "invalid_characters",
        "idempotency_key_invalid",
        "idempotency_key_reused",
    ),
    429: ("rate_limited",),
}


def error_codes_markdown() -> str:
    """The table of GENERAL_ERROR_CODES for the API's description."""
    rows = [
        f"| {status} | {', '.join(f'`{c}`' for c in codes)} |"
        for status, codes in GENERAL_ERROR_CODES.items()
    ]
    return "\n".join(["| status | codes |", "|---|---|", *rows])
