from collections.abc import Callable
from typing import Any

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _

from .context import client_ip, request_meta
from .errors import JSON_CONTENT_TYPE, FieldError, error_body
from .input import fits_bigint, is_storable_text, unstorable_fields
from .ratelimit import LimiterUnavailable


class RequestContextMiddleware:
    """Web requests are the `web` channel unless a view says otherwise (window, hotline)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        channel = "api" if request.path.startswith("/api/") else "web"
        with request_meta(channel=channel, ip=client_ip(request)):
            return self.get_response(request)


class PrivateResponsesMiddleware:
    """Pages and API answers for a signed-in person (or a bearer token) carry names, phones and case
    details: `Cache-Control: no-store`, so neither a shared proxy nor the browser's disk or back button
    keeps them after the clerk has signed out. Answers to a POST (the tracking page's result) too.

    It also turns `LimiterUnavailable` (the cache that counts attempts is down) into the 503 page in the
    user's language: the tracking page, rating by phone and sign-in fail closed, never with a 500."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if "no-store" in response.get("Cache-Control", ""):
            return response  # the view has said so itself
        if (
            (user is not None and user.is_authenticated)
            or "HTTP_AUTHORIZATION" in request.META
            or request.method == "POST"
        ):
            add_never_cache_headers(response)  # no-store, no-cache, private, max-age=0
        return response

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not isinstance(exception, LimiterUnavailable):
            return None
        response = render(request, "503.html", {"message": exception.message}, status=503)
        response["Retry-After"] = "60"
        return response


def _is_api(request: HttpRequest) -> bool:
    return request.path_info.startswith("/api/")


class InputGuardMiddleware:
    """Refuses what the database cannot store before a view sees it (fawang.core.input): NUL or a lone
    surrogate in the path, a query parameter or a form field, and a path number past the 64-bit range.
    A path part is "not found" (404); a parameter or field is named in a 400 page on the web and in
    the API's 422 error body (ADR 0010), in the caller's language.

    It runs after URL resolution (`process_view`), so it knows the names of the path's parts. The API's
    JSON bodies are checked by its parser (fawang.api.parser); this middleware never reads them."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self,
        request: HttpRequest,
        view_func: Callable[..., HttpResponse],
        view_args: tuple[Any, ...],
        view_kwargs: dict[str, Any],
    ) -> HttpResponse | None:
        for name, value in view_kwargs.items():
            bad_text = isinstance(value, str) and not is_storable_text(value)
            if bad_text or (isinstance(value, int) and not fits_bigint(value)):
                return self._not_found(request, name)
        if any(isinstance(value, str) and not is_storable_text(value) for value in view_args):
            return self._not_found(request, None)
        fields = list(unstorable_fields(request.GET.lists()))
        upload_handlers = getattr(view_func, "upload_handlers", None)
        if upload_handlers is not None and request.method == "POST":
            # A view that streams its uploads (fawang.evidence: hashing to disk, a size limit) names its
            # handlers; they must be in place before the body is parsed, which happens just below.
            request.upload_handlers = upload_handlers(request)
        if not _is_api(request) and request.method == "POST":
            # The API parses its own bodies; reading request.POST here would consume them.
            # (Uploaded files' names need no check: Django drops their unprintable characters.)
            fields += unstorable_fields(request.POST.lists())
        if fields:
            return self._bad_field(request, fields)
        return None

    def _not_found(self, request: HttpRequest, field: str | None) -> HttpResponse:
        if _is_api(request):
            error = FieldError("not_found", _("Nothing was found at this address."), field)
            return JsonResponse(error_body([error]), status=404, content_type=JSON_CONTENT_TYPE)
        return render(request, "404.html", status=404)

    def _bad_field(self, request: HttpRequest, fields: list[str]) -> HttpResponse:
        if _is_api(request):
            message = _("Contains a character that is not allowed (NUL).")
            errors = [FieldError("invalid_characters", message, field) for field in fields]
            return JsonResponse(error_body(errors), status=422, content_type=JSON_CONTENT_TYPE)
        problem = _(
            "The field “%(field)s” contains a character that is not allowed (NUL). Remove it and try again."
        )
        problems = [problem % {"field": field} for field in fields]
        return render(request, "400.html", {"problems": problems}, status=400)
