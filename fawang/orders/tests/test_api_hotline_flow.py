"""One order end to end through the API, from the 12348 hotline: the agent files it, the Wuhou clerk
accepts, starts and resolves it, the caller rates it 不满意 by phone, and the Chengdu supervisor sees it
reopened with a review waiting."""

import pytest

from fawang.api.tests.helpers import ApiClient, hotline_order_body, make_network
from fawang.orders.models import ServiceOrder

pytestmark = pytest.mark.django_db


def test_hotline_order_from_call_to_bad_rating_and_review(hotline_agent, wuhou_clerk, chengdu_supervisor):
    network = make_network()
    agent, clerk, supervisor = ApiClient(hotline_agent), ApiClient(wuhou_clerk), ApiClient(chengdu_supervisor)

    created = agent.post("/api/v1/orders", hotline_order_body())
    assert created.status_code == 201, created.json()
    order = created.json()
    tracking_no = order["tracking_no"]
    assert order["channel"] == "hotline"
    assert order["status"] == "submitted"
    assert order["assigned_point"] == network.wuhou_centre.name
    assert order["routing_reason"].startswith(network.wuhou_centre.name)
    assert order["due_at"] is not None
    assert isinstance(order["due_is_provisional"], bool)
    # The phone comes back masked, never whole.
    assert order["applicant_phone"] == "139****5678"
    assert "13912345678" not in created.content.decode()

    for action, extra, status in (
        ("accept", {}, "accepted"),
        ("start", {}, "in_progress"),
        (
            "resolve",
            {"resolution": "已告知可向劳动监察大队投诉并申请劳动仲裁，附仲裁申请书模板。"},
            "resolved",
        ),
    ):
        moved = clerk.post(f"/api/v1/orders/{tracking_no}/transitions", {"action": action, **extra})
        assert moved.status_code == 200, moved.json()
        assert moved.json()["status"] == status

    # The caller, not signed in, rates by phone.
    rated = ApiClient().post(
        f"/api/v1/orders/{tracking_no}/evaluation",
        {"level": 4, "comment": "回答太笼统，没有解决我的问题。", "phone": "139 1234 5678"},
    )
    assert rated.status_code == 201, rated.json()
    assert rated.json()["level"] == 4
    assert rated.json()["order_status"] == "reopened"

    seen = supervisor.get(f"/api/v1/orders/{tracking_no}")
    assert seen.status_code == 200
    detail = seen.json()
    assert detail["status"] == "reopened"
    kinds = [e["kind"] for e in detail["timeline"]]
    for kind in ("submitted", "accepted", "started", "resolved", "evaluated", "reopened"):
        assert kind in kinds
    assert kinds.index("accepted") < kinds.index("resolved") < kinds.index("reopened")

    from fawang.feedback.selectors import reviews_for_supervisor

    reviews = list(reviews_for_supervisor(chengdu_supervisor))
    assert [r.order.tracking_no for r in reviews] == [tracking_no]
    assert ServiceOrder.objects.count() == 1


def test_second_accept_is_409_with_the_reason(hotline_agent, wuhou_clerk):
    from fawang.accounts.enums import Role
    from fawang.accounts.tests.factories import StaffFactory

    make_network()
    other_clerk = StaffFactory(jurisdiction_region_id="510107", roles=[Role.COUNTY_STAFF])
    tracking_no = ApiClient(hotline_agent).post("/api/v1/orders", hotline_order_body()).json()["tracking_no"]

    first = ApiClient(wuhou_clerk).post(f"/api/v1/orders/{tracking_no}/transitions", {"action": "accept"})
    second = ApiClient(other_clerk).post(f"/api/v1/orders/{tracking_no}/transitions", {"action": "accept"})

    assert first.status_code == 200
    assert second.status_code == 409
    assert second.json()["code"] in {"order_already_accepted", "transition_not_allowed", "order_changed"}
    assert second.json()["message"]


def test_resolving_without_a_resolution_names_the_field(hotline_agent, wuhou_clerk):
    make_network()
    tracking_no = ApiClient(hotline_agent).post("/api/v1/orders", hotline_order_body()).json()["tracking_no"]
    clerk = ApiClient(wuhou_clerk)
    clerk.post(f"/api/v1/orders/{tracking_no}/transitions", {"action": "accept"})

    response = clerk.post(f"/api/v1/orders/{tracking_no}/transitions", {"action": "resolve"})

    assert response.status_code == 422
    assert response.json()["field"] == "resolution"
    assert ServiceOrder.objects.get(tracking_no=tracking_no).status == "accepted"


def test_unknown_action_names_the_actions_there_are(hotline_agent, wuhou_clerk):
    make_network()
    tracking_no = ApiClient(hotline_agent).post("/api/v1/orders", hotline_order_body()).json()["tracking_no"]

    response = ApiClient(wuhou_clerk).post(f"/api/v1/orders/{tracking_no}/transitions", {"action": "approve"})

    assert response.status_code == 422
    assert response.json()["field"] == "action"
    # Actions come from the workflow registry (modules add theirs), so the engine names the choices.
    assert response.json()["code"] == "action_unknown"
    assert "accept" in response.json()["message"]
