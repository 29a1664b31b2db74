from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.cache import add_never_cache_headers

from .context import client_ip, request_meta
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
