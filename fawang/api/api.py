"""The JSON API, v1. One router per app; errors are `{"code", "message", "field"}` (or a list of
them under `errors` when several fields fail) with stable codes."""

import re

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import URLPattern, re_path
from django.views.decorators.csrf import csrf_exempt
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError

from fawang.core.errors import DomainError, error_body

from .parser import JsonBodyParser
from .schemas import error_codes_markdown

DESCRIPTION = f"""Sichuan public legal service platform: service orders from every channel.

Every error, whoever refuses the request, has the body `ErrorOut`: `{{"code", "message", "field",
"errors"}}` (ADR 0010), the message in the language of `Accept-Language`. Besides the codes of each
domain (`order_already_accepted` ...), these are the general ones:

{error_codes_markdown()}

Bodies are JSON (`Content-Type: application/json`) of at most {settings.FAWANG_API_MAX_BODY_BYTES // 1024} KiB. Text may not contain NUL
(`\\u0000`), integers must fit in 64 bits."""

api = NinjaAPI(
    title="Fawang API",
    version="1",
    description=DESCRIPTION,
    urls_namespace="api-v1",
    parser=JsonBodyParser(),
)


@api.exception_handler(DomainError)
def domain_error(request: HttpRequest, exc: DomainError) -> HttpResponse:
    return api.create_response(request, error_body(exc.errors), status=exc.status)


@api.exception_handler(NinjaValidationError)
def schema_error(request: HttpRequest, exc: NinjaValidationError) -> HttpResponse:
    from .errors import schema_errors_to_field_errors

    return api.create_response(request, error_body(schema_errors_to_field_errors(exc.errors)), status=422)


@api.exception_handler(AuthenticationError)
def auth_error(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    from django.utils.translation import gettext as _

    body = {"code": "not_authenticated", "message": _("Sign in or send a valid bearer token."), "field": None}
    return api.create_response(request, {**body, "errors": [body]}, status=401)


@api.exception_handler(HttpError)
def http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    """ninja's own refusals (an unparseable body, throttling) in the same shape as every other error."""
    from django.utils.translation import gettext as _

    if isinstance(exc.__cause__, DomainError):  # the body parser's refusals (fawang.api.parser)
        return domain_error(request, exc.__cause__)
    if exc.status_code == 400 and str(exc.message).startswith("Cannot parse request body"):
        body = {"code": "invalid_json", "message": _("The request body is not valid JSON."), "field": None}
    else:
        body = {"code": f"http_{exc.status_code}", "message": str(exc.message), "field": None}
    return api.create_response(request, {**body, "errors": [body]}, status=exc.status_code)


from fawang.regions.api import router as regions_router  # noqa: E402

api.add_router("/regions", regions_router)
from fawang.ledger.api import router as ledger_router  # noqa: E402

api.add_router("/ledger", ledger_router)  # the evidence log's proofs (docs/adr/0023): public
from fawang.evidence.api import router as evidence_router  # noqa: E402

api.add_router("/evidence", evidence_router)  # preserving files (存证), receipts, checks (issue 12)
from fawang.catalog.api import router as catalog_router  # noqa: E402

api.add_router("/catalog", catalog_router)
from fawang.orders.api import router as orders_router  # noqa: E402

api.add_router("/orders", orders_router)
from fawang.disputes.api import router as disputes_router  # noqa: E402

api.add_router("/disputes", disputes_router)  # the dispute workflows' monthly figures (docs/adr/0031)
from fawang.knowledge.api import classify_router as knowledge_classify_router  # noqa: E402
from fawang.knowledge.api import router as knowledge_router  # noqa: E402

api.add_router("/knowledge", knowledge_router)
# Reading a question belongs to the consultation page but is the knowledge base's (ADR 0027): its own
# router at exactly /consult/classify, beside the consultation module's /consult/ router.
api.add_router("/consult/classify", knowledge_classify_router)

# Each service module's own API, as its workflow declares it (docs/adr/0011, 0019): at
# /api/v1/<api_path>/ (default the workflow code), and at each of its older `api_aliases`.
from fawang.orders.workflow import workflows  # noqa: E402

for _flow in workflows():
    if _flow.api_router is not None:
        api.add_router(f"/{_flow.api_segment}", _flow.api_router)


@csrf_exempt  # the operation it serves makes its own checks (ninja's auth and CSRF)
def _alias_view(request: HttpRequest, rest: str, *, segment: str) -> HttpResponse:
    """Serve /api/v1/<alias>/<rest> as /api/v1/<segment>/<rest>: the same operation and answer, so
    clients of a module's older path keep working (no redirect: some clients do not resend a POST)."""
    from django.urls import Resolver404, resolve

    target = f"/api/v1/{segment}/{rest}"
    try:
        match = resolve(target)
    except Resolver404:
        raise Http404 from None
    request.path_info = request.path = target
    response: HttpResponse = match.func(request, *match.args, **match.kwargs)
    response["Deprecation"] = "true"
    response["Link"] = f'<{target}>; rel="successor-version"'
    return response


def alias_urlpatterns() -> list[URLPattern]:
    """The URL patterns of the modules' older API paths (config/urls.py puts them before the API's),
    left out of the OpenAPI schema: the schema names each operation once, at its current path."""
    return [
        re_path(rf"^api/v1/{re.escape(alias)}/(?P<rest>.*)$", _alias_view, {"segment": flow.api_segment})
        for flow in workflows()
        if flow.api_router is not None
        for alias in flow.api_aliases
        if alias != flow.api_segment
    ]
