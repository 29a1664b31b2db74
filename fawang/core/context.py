"""Where a change comes from (channel and client address), carried beside the explicit `actor` so the
audit trail can record it without every service signature growing two more parameters."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from contextvars import ContextVar
from dataclasses import dataclass

from django.http import HttpRequest


@dataclass(frozen=True)
class RequestMeta:
    channel: str = "system"
    ip: str | None = None


_current: ContextVar[RequestMeta] = ContextVar("fawang_request_meta", default=RequestMeta())  # noqa: B039 - frozen, immutable


def current_meta() -> RequestMeta:
    return _current.get()


@contextlib.contextmanager
def request_meta(channel: str, ip: str | None = None) -> Iterator[RequestMeta]:
    meta = RequestMeta(channel=channel, ip=ip)
    token = _current.set(meta)
    try:
        yield meta
    finally:
        _current.reset(token)


def client_ip(request: HttpRequest) -> str | None:
    # Behind the load balancer the first X-Forwarded-For hop is the client.
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if forwarded:
        return forwarded.split(",")[0].strip() or None
    return request.META.get("REMOTE_ADDR")
