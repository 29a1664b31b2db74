from collections.abc import Callable
from http import HTTPStatus

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils import translation
from django.utils.translation import gettext as _

from fawang.core.errors import JSON_CONTENT_TYPE, FieldError, error_body


class ApiLanguageMiddleware:
    """The API answers in the language the client asks for (Accept-Language; zh-hans by default).

    Django's LocaleMiddleware pins every unprefixed URL to LANGUAGE_CODE because the site uses
    `i18n_patterns(prefix_default_language=False)`; API URLs carry no language prefix, so without this
    an English-speaking partner would get Chinese error messages whatever it asked for."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not request.path_info.startswith("/api/"):
            return self.get_response(request)
        language = translation.get_language_from_request(request, check_path=False)
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", request.LANGUAGE_CODE)
        return response


def _generic_errors() -> dict[int, tuple[str, str]]:
    """Codes and messages for the refusals that come from Django or the server rather than a handler."""
    return {
        400: ("bad_request", _("The request could not be read.")),
        401: ("not_authenticated", _("Sign in or send a valid bearer token.")),
        403: ("permission_denied", _("You are not allowed to do this.")),
        404: ("not_found", _("Nothing was found at this address.")),
        405: ("method_not_allowed", _("This address does not accept this method.")),
        413: ("request_too_large", _("The request body is too large.")),
        415: ("unsupported_media_type", _("Send the body as JSON (Content-Type: application/json).")),
        429: ("rate_limited", _("Too many requests. Please wait a moment and try again.")),
        500: (
            "server_error",
            _("Something went wrong on our side. The error has been recorded; try again later."),
        ),
        503: ("unavailable", _("The service is briefly unavailable. Try again in a few minutes.")),
    }


def api_error_response(status: int, code: str | None = None, message: str | None = None) -> JsonResponse:
    default_code, default_message = _generic_errors().get(
        status, (f"http_{status}", HTTPStatus(status).phrase)
    )
    error = FieldError(code or default_code, message or default_message, None)
    return JsonResponse(error_body([error]), status=status, content_type=JSON_CONTENT_TYPE)


class ApiErrorBodyMiddleware:
    """Every API error in the documented body (ADR 0010), whoever refused the request.

    Before the view: a body declared larger than FAWANG_API_MAX_BODY_BYTES gets 413 `request_too_large`
    without being read (Django would otherwise read up to its own limit and answer with an HTML 400
    page). After it: a refusal from Django or ninja that is not JSON (an unknown address's 404, ninja's
    405, Django's 400 for a malformed request, a 500) is replaced by the JSON body for its status."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not request.path_info.startswith("/api/"):
            return self.get_response(request)
        limit = settings.FAWANG_API_MAX_BODY_BYTES
        from .uploads import streamed_upload_for

        streamed = streamed_upload_for(request)
        if streamed is not None:  # a registered file upload: its own limit, its handlers before any read
            limit = streamed.max_bytes() + 64 * 1024  # the file, and the multipart framing around it
            request.upload_handlers = streamed.handlers(request)
        try:
            declared = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            declared = 0
        if declared > limit:
            message = _("The request body is too large: at most %(n)s bytes.") % {"n": limit}
            return api_error_response(413, message=message)
        response = self.get_response(request)
        content_type = response.get("Content-Type", "")
        if response.status_code >= 400 and not content_type.startswith("application/json"):
            replaced = api_error_response(response.status_code)
            if "Allow" in response:
                replaced["Allow"] = response["Allow"]
            return replaced
        return response
