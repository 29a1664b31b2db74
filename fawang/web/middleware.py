"""Which language a page opens in (ADR 0013).

Chinese is the default and has no URL prefix; the other languages live under /bo/, /ii/ and /en/. A
prefixed URL says its language outright (it may be a shared link). An unprefixed page asked for with
GET is sent to the prefix of the visitor's language: the signed-in account's preferred language (set
by the language switcher), else the language cookie (also set by the switcher), else the browser's
Accept-Language; a language we do not offer falls back to Chinese, the page as asked."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import get_script_prefix, is_valid_path
from django.utils.cache import patch_vary_headers
from django.utils.translation import (
    get_language_from_path,
    get_language_from_request,
    get_supported_language_variant,
    override,
)

NOT_PAGES = ("/api/", "/i18n/", "/static/", "/media/")


def supported_language(code: str | None) -> str | None:
    """`code` as one of settings.LANGUAGES (a variant such as zh-cn maps to zh-hans), or None."""
    if not code:
        return None
    try:
        return get_supported_language_variant(code)
    except LookupError:
        return None


def preferred_language(request: HttpRequest) -> str:
    """The account's language, then the cookie's, then Accept-Language's; Chinese when none is ours."""
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        chosen = supported_language(getattr(user, "preferred_language", ""))
        if chosen:
            return chosen
    # Django reads the cookie, then Accept-Language, and answers LANGUAGE_CODE for anything unknown.
    return get_language_from_request(request, check_path=False)


def _is_page(language: str, path: str, urlconf: str | None) -> bool:
    # i18n_patterns match only the prefix of the active language.
    with override(language):
        return bool(is_valid_path(f"/{language}{path}", urlconf))


class PreferredLanguageMiddleware:
    """Send an unprefixed page to the visitor's language (after AuthenticationMiddleware)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        path = request.path_info
        if request.method not in ("GET", "HEAD") or path.startswith(NOT_PAGES):
            return self.get_response(request)
        if get_language_from_path(path):
            return self.get_response(request)
        language = preferred_language(request)
        urlconf = getattr(request, "urlconf", None)
        if language != settings.LANGUAGE_CODE and _is_page(language, path, urlconf):
            target = f"{get_script_prefix()}{language}{path}"
            if request.META.get("QUERY_STRING"):
                target += "?" + request.META["QUERY_STRING"]
            response: HttpResponse = HttpResponseRedirect(target)
        else:
            response = self.get_response(request)
        # The same unprefixed URL answers differently per account, cookie and browser language.
        patch_vary_headers(response, ("Cookie", "Accept-Language"))
        return response
