"""Issue 8, item 13: a different X-Forwarded-For with each guess let 200 of 200 phone guesses through
the tracking page's limit, and wrote any address into the audit trail."""

import pytest
from django.urls import reverse

from fawang.core.ratelimit import PHONE_CHECK_LIMIT

pytestmark = pytest.mark.django_db


def guess(client, n: int, **headers):
    return client.post(
        reverse("web:track"),
        {"tracking_no": "SC0000000000", "phone": f"1390000{n:04d}"},
        headers=headers,
    )


def test_a_new_forwarded_address_per_guess_does_not_reset_the_limit(client, settings, sichuan):
    settings.TRUSTED_PROXIES = []
    answers = [guess(client, n, x_forwarded_for=f"198.51.100.{n}").status_code for n in range(30)]
    assert answers.count(429) == 30 - PHONE_CHECK_LIMIT


def test_behind_our_proxy_a_spoofed_left_part_does_not_reset_the_limit(client, settings, sichuan):
    settings.TRUSTED_PROXIES = ["127.0.0.1"]
    answers = [
        guess(client, n, x_forwarded_for=f"198.51.100.{n}, 203.0.113.9").status_code for n in range(30)
    ]
    assert answers.count(429) == 30 - PHONE_CHECK_LIMIT
    # Another client behind the same proxy still has its own budget.
    assert guess(client, 99, x_forwarded_for="203.0.113.10").status_code == 200


def test_the_audit_trail_records_the_address_that_connected(settings, hotline_agent):
    from fawang.api.tests.helpers import ApiClient, hotline_order_body, make_network
    from fawang.audit.models import AuditEntry

    settings.TRUSTED_PROXIES = []
    make_network()
    response = ApiClient(hotline_agent).post(
        "/api/v1/orders", hotline_order_body(), X_Forwarded_For="6.6.6.6"
    )
    assert response.status_code == 201, response.json()
    ips = set(AuditEntry.objects.exclude(ip=None).values_list("ip", flat=True))
    assert ips == {"127.0.0.1"}  # the test client's address, not the header's
