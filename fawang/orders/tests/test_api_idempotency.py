"""`Idempotency-Key` on POST /api/v1/orders: a retry gets the first answer and files nothing twice."""

import pytest

from fawang.api.models import IdempotencyRecord
from fawang.api.tests.helpers import ApiClient, hotline_order_body, make_network
from fawang.orders.models import ServiceOrder

pytestmark = pytest.mark.django_db


def test_retry_with_the_same_key_returns_the_first_order(hotline_agent):
    make_network()
    agent = ApiClient(hotline_agent)

    first = agent.post("/api/v1/orders", hotline_order_body(), key="call-20261125-0001")
    retry = agent.post("/api/v1/orders", hotline_order_body(), key="call-20261125-0001")

    assert first.status_code == retry.status_code == 201
    assert retry.json() == first.json()
    assert retry["Idempotent-Replayed"] == "true"
    assert "Idempotent-Replayed" not in first
    assert ServiceOrder.objects.count() == 1


def test_same_key_with_a_different_body_is_refused(hotline_agent):
    make_network()
    agent = ApiClient(hotline_agent)
    agent.post("/api/v1/orders", hotline_order_body(), key="call-0002")

    other = agent.post("/api/v1/orders", hotline_order_body(applicant_name="李华"), key="call-0002")

    assert other.status_code == 422
    assert other.json()["code"] == "idempotency_key_reused"
    assert other.json()["field"] == "Idempotency-Key"
    assert ServiceOrder.objects.count() == 1


def test_keys_belong_to_one_caller(hotline_agent, wuhou_clerk):
    """Two callers choosing the same key each get their own order, never each other's response."""
    make_network()

    mine = ApiClient(hotline_agent).post("/api/v1/orders", hotline_order_body(), key="order-1")
    theirs = ApiClient(wuhou_clerk).post(
        "/api/v1/orders", hotline_order_body(channel="window"), key="order-1"
    )

    assert mine.status_code == theirs.status_code == 201
    assert mine.json()["tracking_no"] != theirs.json()["tracking_no"]
    assert ServiceOrder.objects.count() == 2


def test_a_duplicate_arriving_while_the_first_is_in_flight_is_409(hotline_agent, monkeypatch):
    """The duplicate is sent from inside the first request's order_submit: the first has claimed the
    key but not answered yet, exactly the moment two racing retries meet."""
    import fawang.orders.services as services

    make_network()
    agent = ApiClient(hotline_agent)
    real_submit = services.order_submit
    seen = {}

    def submit_while_duplicate_arrives(**kwargs):
        seen["duplicate"] = agent.post("/api/v1/orders", hotline_order_body(), key="slow-network")
        return real_submit(**kwargs)

    monkeypatch.setattr(services, "order_submit", submit_while_duplicate_arrives)
    first = agent.post("/api/v1/orders", hotline_order_body(), key="slow-network")

    assert first.status_code == 201
    assert seen["duplicate"].status_code == 409
    assert seen["duplicate"].json()["code"] == "idempotency_in_progress"
    assert ServiceOrder.objects.count() == 1


def test_a_refused_request_frees_its_key_for_the_corrected_retry(hotline_agent):
    make_network()
    agent = ApiClient(hotline_agent)

    refused = agent.post("/api/v1/orders", hotline_order_body(applicant_phone="12345"), key="fix-me")
    fixed = agent.post("/api/v1/orders", hotline_order_body(), key="fix-me")

    assert refused.status_code == 422
    assert refused.json()["field"] == "applicant_phone"
    assert fixed.status_code == 201
    assert ServiceOrder.objects.count() == 1
    assert (
        IdempotencyRecord.objects.get(key="fix-me").response_body["tracking_no"]
        == fixed.json()["tracking_no"]
    )


def test_a_transition_retried_with_its_key_is_not_applied_twice(hotline_agent, wuhou_clerk):
    make_network()
    tracking_no = ApiClient(hotline_agent).post("/api/v1/orders", hotline_order_body()).json()["tracking_no"]
    clerk = ApiClient(wuhou_clerk)

    first = clerk.post(f"/api/v1/orders/{tracking_no}/transitions", {"action": "accept"}, key="acc-1")
    retry = clerk.post(f"/api/v1/orders/{tracking_no}/transitions", {"action": "accept"}, key="acc-1")

    assert first.status_code == retry.status_code == 200
    assert retry["Idempotent-Replayed"] == "true"
    order = ServiceOrder.objects.get(tracking_no=tracking_no)
    assert order.events.filter(kind="accepted").count() == 1


def test_an_overlong_key_is_refused(hotline_agent):
    make_network()

    response = ApiClient(hotline_agent).post("/api/v1/orders", hotline_order_body(), key="k" * 300)

    assert response.status_code == 422
    assert response.json()["code"] == "idempotency_key_invalid"
    assert not ServiceOrder.objects.exists()
