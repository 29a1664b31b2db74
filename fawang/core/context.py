"""Where a change comes from (channel and client address), carried beside the explicit `actor` so the
audit trail can record it without every service signature growing two more parameters."""

from __future__ import annotations

import contextlib
import functools
import ipaddress
from collections.abc import Iterator
from contextvars import ContextVar
from dataclasses import dataclass

from django.conf import settings
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
    """The address of the client that sent `request`: what the rate limits count and the audit trail
    records. The one place that reads X-Forwarded-For.

    The header is anyone's to write, so it is believed only as far as it was written by our own proxies
    (settings.TRUSTED_PROXIES, addresses or networks). Starting from the peer that connected to us
    (REMOTE_ADDR), each trusted hop vouches for the address to its left; the first hop from the right
    that is not one of our proxies is the client. Whatever a client puts in the header itself sits to
    the left of that hop and is ignored. With no trusted proxies the header is ignored altogether."""
    peer = _parse_ip(request.META.get("REMOTE_ADDR", ""))
    if peer is None:
        return None
    trusted = _trusted_networks(tuple(settings.TRUSTED_PROXIES))
    client = peer
    if _is_trusted(client, trusted):
        hops = [hop.strip() for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
        for hop in reversed([h for h in hops if h]):
            address = _parse_ip(hop)
            if address is None:
                # A proxy of ours appends valid addresses only: this was written by someone else.
                # Keep the last hop a proxy of ours vouched for.
                break
            client = address
            if not _is_trusted(address, trusted):
                break
    return str(client)


def _parse_ip(value: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    try:
        address = ipaddress.ip_address(value.strip())
    except ValueError:
        return None
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        return address.ipv4_mapped
    return address


@functools.lru_cache(maxsize=8)
def _trusted_networks(entries: tuple[str, ...]) -> tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...]:
    return tuple(ipaddress.ip_network(entry.strip(), strict=False) for entry in entries if entry.strip())


def _is_trusted(
    address: ipaddress.IPv4Address | ipaddress.IPv6Address,
    trusted: tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...],
) -> bool:
    return any(address.version == network.version and address in network for network in trusted)
