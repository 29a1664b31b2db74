"""The whole API, fuzzed from its own OpenAPI document by schemathesis (issue 8, item 15): valid and
invalid paths, queries, headers and bodies, NUL bytes and huge numbers included, sent as a partner
system with a staff API token and as a clerk signed in on the web (session + CSRF token). No answer
may be a 5xx, and every answer must be documented: its status, content type and body schema.

Bounded and seeded (`derandomize`), so a run is the same on every machine and short; a failure prints
the request to replay."""

from __future__ import annotations

from typing import Any

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections, transaction
from django.middleware.csrf import _get_new_csrf_string
from django.test import Client
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from fawang.api.tests.helpers import ApiClient, hotline_order_body, make_network

pytestmark = pytest.mark.django_db

# The coverage phase adds every boundary and invalid value the schema implies (page 0 and 1000001, a
# string too long, a wrong type, a missing field, an undocumented method) to hypothesis's random ones,
# whose strings include NUL (schemathesis's `allow-x00`, on by default).
CONFIG = schemathesis.Config.from_dict({"phases": {"coverage": {"enabled": True}}})
schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", get_wsgi_application(), config=CONFIG)

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
]

FUZZ = settings(
    max_examples=10,
    derandomize=True,  # a fixed seed: the same cases on every run
    deadline=None,
    database=None,
    suppress_health_check=list(HealthCheck),
)


@pytest.fixture
def world(hotline_agent, wuhou_clerk) -> dict[str, Any]:
    """The service network with two orders in the queue, so lists return rows to check against the
    schema."""
    make_network()
    client = ApiClient(hotline_agent)
    numbers = [client.post("/api/v1/orders", hotline_order_body()).json()["tracking_no"] for _ in range(2)]
    assert all(numbers)
    return {"tracking_numbers": numbers}


@pytest.fixture
def token_headers(world, hotline_agent) -> dict[str, str]:
    return {"Authorization": ApiClient(hotline_agent).headers["Authorization"]}


@pytest.fixture
def session_headers(world, wuhou_clerk) -> dict[str, str]:
    browser = Client()
    browser.force_login(wuhou_clerk)
    csrf = _get_new_csrf_string()
    session = browser.cookies["sessionid"].value
    return {"Cookie": f"sessionid={session}; csrftoken={csrf}", "X-CSRFToken": csrf}


def call_and_validate(case, headers: dict[str, str]) -> None:
    """One case in its own savepoint, rolled back after: cases do not see each other's orders, and on
    PostgreSQL a failed statement is reported on the case that caused it, not on every later one.

    The call goes through the real WSGI application, whose request signals close a database connection
    they find in a transaction, the test's own; Django's test client unhooks them the same way."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    savepoint = transaction.savepoint()
    try:
        case.call_and_validate(headers=headers, checks=CHECKS)
    finally:
        transaction.savepoint_rollback(savepoint)
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


@schema.parametrize()
@FUZZ
def test_api_as_a_partner_system_with_a_staff_token(case, token_headers):
    call_and_validate(case, token_headers)


# The public region lookups need no sign-in; the partner run above covers them.
@schema.exclude(path_regex="^/api/v1/regions/").parametrize()
@FUZZ
def test_api_as_a_clerk_signed_in_on_the_web(case, session_headers):
    call_and_validate(case, session_headers)
