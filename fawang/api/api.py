"""The JSON API, v1. One router per app; errors are `{"code", "message", "field"}` (or a list of
them under `errors` when several fields fail) with stable codes."""

from django.http import HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.errors import AuthenticationError
from ninja.errors import ValidationError as NinjaValidationError

from fawang.core.errors import DomainError

api = NinjaAPI(
    title="Fawang API",
    version="1",
    description="Sichuan public legal service platform: service orders from every channel.",
    urls_namespace="api-v1",
)


@api.exception_handler(DomainError)
def domain_error(request: HttpRequest, exc: DomainError) -> HttpResponse:
    errors = [e.as_dict() for e in exc.errors]
    return api.create_response(request, {**errors[0], "errors": errors}, status=exc.status)


@api.exception_handler(NinjaValidationError)
def schema_error(request: HttpRequest, exc: NinjaValidationError) -> HttpResponse:
    from .errors import schema_errors_to_field_errors

    errors = [e.as_dict() for e in schema_errors_to_field_errors(exc.errors)]
    return api.create_response(request, {**errors[0], "errors": errors}, status=422)


@api.exception_handler(AuthenticationError)
def auth_error(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    from django.utils.translation import gettext as _

    body = {"code": "not_authenticated", "message": _("Sign in or send a valid bearer token."), "field": None}
    return api.create_response(request, body, status=401)


from fawang.regions.api import router as regions_router  # noqa: E402

api.add_router("/regions", regions_router)
