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
