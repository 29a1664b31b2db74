from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from .context import client_ip, request_meta


class RequestContextMiddleware:
    """Web requests are the `web` channel unless a view says otherwise (window, hotline)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        channel = "api" if request.path.startswith("/api/") else "web"
        with request_meta(channel=channel, ip=client_ip(request)):
            return self.get_response(request)
