from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.utils import translation


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
