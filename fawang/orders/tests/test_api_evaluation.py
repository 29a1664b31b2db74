"""Rating an order through the API: only its applicant (signed in, or by the phone given at intake)."""

import pytest

from fawang.api.tests.helpers import ApiClient, hotline_order_body, make_network
from fawang.orders.models import ServiceOrder

pytestmark = pytest.mark.django_db


def resolved_order(hotline_agent, wuhou_clerk) -> str:
    make_network()
    tracking_no = ApiClient(hotline_agent).post("/api/v1/orders", hotline_order_body()).json()["tracking_no"]
    clerk = ApiClient(wuhou_clerk)
    clerk.post(f"/api/v1/orders/{tracking_no}/transitions", {"action": "accept"})
    clerk.post(f"/api/v1/orders/{tracking_no}/transitions", {"action": "start"})
    resolved = clerk.post(
        f"/api/v1/orders/{tracking_no}/transitions", {"action": "resolve", "resolution": "已电话答复。"}
    )
    assert resolved.status_code == 200, resolved.json()
    return tracking_no


def test_a_wrong_phone_cannot_rate_and_looks_like_an_unknown_order(hotline_agent, wuhou_clerk):
    tracking_no = resolved_order(hotline_agent, wuhou_clerk)

    response = ApiClient().post(
        f"/api/v1/orders/{tracking_no}/evaluation",
        {"level": 5, "comment": "乱说的差评", "phone": "13800000000"},
    )

    assert response.status_code == 404
    assert response.json()["code"] == "order_not_found"
    assert ServiceOrder.objects.get(tracking_no=tracking_no).status == "resolved"


def test_rating_without_signing_in_needs_the_phone(hotline_agent, wuhou_clerk):
    tracking_no = resolved_order(hotline_agent, wuhou_clerk)

    response = ApiClient().post(f"/api/v1/orders/{tracking_no}/evaluation", {"level": 1})

    assert response.status_code == 422
    assert response.json()["field"] == "phone"


def test_a_good_rating_closes_the_order(hotline_agent, wuhou_clerk):
    tracking_no = resolved_order(hotline_agent, wuhou_clerk)

    response = ApiClient().post(
        f"/api/v1/orders/{tracking_no}/evaluation", {"level": 1, "phone": "13912345678"}
    )

    assert response.status_code == 201, response.json()
    assert response.json()["order_status"] == "closed"
    assert response.json()["level_label"]


def test_the_hotline_agent_records_the_callers_rating_on_a_return_call(hotline_agent, wuhou_clerk):
    tracking_no = resolved_order(hotline_agent, wuhou_clerk)

    response = ApiClient(hotline_agent).post(f"/api/v1/orders/{tracking_no}/evaluation", {"level": 2})

    assert response.status_code == 201, response.json()
    from fawang.feedback.models import Evaluation

    evaluation = Evaluation.objects.get(order__tracking_no=tracking_no)
    assert evaluation.channel == "hotline"
    assert evaluation.on_behalf is True


def test_guessing_phones_to_rate_is_stopped_after_ten_tries(hotline_agent, wuhou_clerk):
    from fawang.core.ratelimit import PHONE_CHECK_LIMIT

    tracking_no = resolved_order(hotline_agent, wuhou_clerk)
    for guess in range(PHONE_CHECK_LIMIT):
        wrong = ApiClient().post(
            f"/api/v1/orders/{tracking_no}/evaluation",
            {"level": 5, "comment": "乱说的差评", "phone": f"1380000{guess:04d}"},
        )
        assert wrong.status_code == 404

    # The right phone now waits too: the budget is per client address, not per guess.
    blocked = ApiClient().post(
        f"/api/v1/orders/{tracking_no}/evaluation", {"level": 1, "phone": "13912345678"}
    )

    assert blocked.status_code == 429
    assert blocked.json()["code"] == "rate_limited"
    assert ServiceOrder.objects.get(tracking_no=tracking_no).status == "resolved"


def test_a_new_forwarded_address_per_guess_does_not_reset_the_limit(hotline_agent, wuhou_clerk, settings):
    """Issue 8, item 13: each guess with its own X-Forwarded-For used to get a fresh budget."""
    from fawang.core.ratelimit import PHONE_CHECK_LIMIT

    settings.TRUSTED_PROXIES = []
    tracking_no = resolved_order(hotline_agent, wuhou_clerk)
    statuses = [
        ApiClient()
        .post(
            f"/api/v1/orders/{tracking_no}/evaluation",
            {"level": 5, "phone": f"1380000{guess:04d}"},
            X_Forwarded_For=f"198.51.100.{guess}",
        )
        .status_code
        for guess in range(PHONE_CHECK_LIMIT + 5)
    ]
    assert statuses == [404] * PHONE_CHECK_LIMIT + [429] * 5
