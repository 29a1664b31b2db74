"""Whose address a request is: the rate limits and the audit trail believe X-Forwarded-For only as far
as our own proxies (TRUSTED_PROXIES) wrote it, so a guesser cannot name a fresh address per guess."""

import pytest
from django.test import RequestFactory

from fawang.core.context import client_ip


def request(remote: str, forwarded: str | None = None):
    meta = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        meta["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **meta)


def test_without_trusted_proxies_the_header_is_ignored(settings):
    settings.TRUSTED_PROXIES = []
    assert client_ip(request("203.0.113.9", "198.51.100.1")) == "203.0.113.9"


def test_behind_our_proxy_the_right_most_untrusted_hop_is_the_client(settings):
    settings.TRUSTED_PROXIES = ["127.0.0.1", "10.0.0.0/8"]
    # The client wrote "1.2.3.4" itself; nginx appended the address it saw (203.0.113.9), then the
    # load balancer (10.0.0.5) appended nginx's.
    assert client_ip(request("127.0.0.1", "1.2.3.4, 203.0.113.9, 10.0.0.5")) == "203.0.113.9"


def test_a_request_not_from_our_proxy_cannot_name_its_address(settings):
    settings.TRUSTED_PROXIES = ["127.0.0.1"]
    assert client_ip(request("203.0.113.9", "1.2.3.4")) == "203.0.113.9"


@pytest.mark.parametrize("garbage", ["not-an-ip", "1.2.3.4:80", "<script>"])
def test_garbage_in_the_header_is_not_an_address(settings, garbage):
    settings.TRUSTED_PROXIES = ["127.0.0.1"]
    assert client_ip(request("127.0.0.1", garbage)) == "127.0.0.1"
    assert client_ip(request("127.0.0.1", f"{garbage}, 203.0.113.9")) == "203.0.113.9"


def test_when_every_hop_is_ours_the_left_most_is_the_client(settings):
    settings.TRUSTED_PROXIES = ["10.0.0.0/8", "127.0.0.1"]
    assert client_ip(request("127.0.0.1", "10.1.1.1, 10.0.0.5")) == "10.1.1.1"


def test_ipv6_and_ipv4_mapped_addresses(settings):
    settings.TRUSTED_PROXIES = ["::1"]
    assert client_ip(request("::1", "2001:db8::7")) == "2001:db8::7"
    assert client_ip(request("::ffff:203.0.113.9")) == "203.0.113.9"
