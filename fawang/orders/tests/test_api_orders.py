"""Filing, reading and listing orders through the API: who may claim which channel, who sees what."""

import pytest

from fawang.api.tests.helpers import ApiClient, hotline_order_body, make_network
from fawang.orders.models import ServiceOrder

pytestmark = pytest.mark.django_db


def file_order(user, **overrides) -> str:
    response = ApiClient(user).post("/api/v1/orders", hotline_order_body(**overrides))
    assert response.status_code == 201, response.json()
    return response.json()["tracking_no"]


def test_ganzi_clerk_cannot_see_a_chengdu_order(hotline_agent, wuhou_clerk, ganzi_clerk):
    make_network()
    tracking_no = file_order(hotline_agent)
    ganzi = ApiClient(ganzi_clerk)

    detail = ganzi.get(f"/api/v1/orders/{tracking_no}")
    missing = ganzi.get("/api/v1/orders/SC2611254730192")
    listing = ganzi.get("/api/v1/orders")

    assert detail.status_code == 404
    # Outside the jurisdiction looks exactly like a number that does not exist.
    assert detail.json() == missing.json()
    assert listing.status_code == 200
    assert tracking_no not in [o["tracking_no"] for o in listing.json()["items"]]
    # ... and it cannot be moved on either.
    moved = ganzi.post(f"/api/v1/orders/{tracking_no}/transitions", {"action": "accept"})
    assert moved.status_code == 404
    assert ServiceOrder.objects.get(tracking_no=tracking_no).status == "submitted"
    # The Wuhou clerk, whose district it is, sees it.
    assert ApiClient(wuhou_clerk).get(f"/api/v1/orders/{tracking_no}").status_code == 200


def queries_for(client, path):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        response = client.get(path)
    assert response.status_code == 200
    return len(ctx.captured_queries)


def test_staff_list_is_scoped_filtered_paginated_and_without_n_plus_one(hotline_agent, wuhou_clerk):
    make_network()
    wuhou = [file_order(hotline_agent)]
    clerk = ApiClient(wuhou_clerk)
    clerk.get("/api/v1/orders")  # the token's last-used stamp is written once, not per request
    with_one = queries_for(clerk, "/api/v1/orders")
    wuhou += [file_order(hotline_agent) for _ in range(2)]
    ganzi = file_order(hotline_agent, region="513301", applicant_phone="13812345678")

    # The same number of queries for one order as for three: no query per row.
    assert queries_for(clerk, "/api/v1/orders") == with_one
    listing = clerk.get("/api/v1/orders")

    body = listing.json()
    assert listing.status_code == 200
    assert body["count"] == 3
    assert sorted(o["tracking_no"] for o in body["items"]) == sorted(wuhou)
    assert ganzi not in [o["tracking_no"] for o in body["items"]]
    assert {o["applicant_phone"] for o in body["items"]} == {"139****5678"}

    assert ApiClient(hotline_agent).get("/api/v1/orders", region="513300").json()["count"] == 1
    assert clerk.get("/api/v1/orders", status="accepted").json()["count"] == 0
    assert clerk.get("/api/v1/orders", overdue="true").json()["count"] == 0
    assert clerk.get("/api/v1/orders", q=wuhou[0]).json()["items"][0]["tracking_no"] == wuhou[0]
    # One page holds them all: no cursor either way, and the count is exact.
    assert (body["next"], body["previous"], body["count_exact"]) == (None, None, True)
    bad = clerk.get("/api/v1/orders", status="lost")
    assert bad.status_code == 422
    assert bad.json()["field"] == "status"


def test_the_list_is_for_staff_only(citizen):
    assert ApiClient(citizen).get("/api/v1/orders").status_code == 401


def test_citizen_files_from_the_app_and_reads_their_own_order(citizen, ganzi_clerk):
    make_network()
    app = ApiClient(citizen)
    body = hotline_order_body(channel=None, applicant_name="", applicant_phone="")

    created = app.post("/api/v1/orders", body)

    assert created.status_code == 201, created.json()
    order = created.json()
    assert order["channel"] == "app"
    # Name and phone come from the citizen's account when left blank; the phone masked.
    assert order["applicant_name"] == "陈明"
    assert order["applicant_phone"] == "139****5678"
    detail = app.get(f"/api/v1/orders/{order['tracking_no']}")
    assert detail.status_code == 200
    # The applicant sees the public timeline only.
    assert all(e["kind"] not in {"warned", "overdue", "note"} for e in detail.json()["timeline"])


def test_citizen_cannot_claim_the_window_channel(citizen):
    make_network()

    response = ApiClient(citizen).post("/api/v1/orders", hotline_order_body(channel="window"))

    assert response.status_code == 422
    assert response.json()["field"] == "channel"
    assert response.json()["code"] == "channel_not_allowed"
    assert not ServiceOrder.objects.exists()


def test_a_citizen_cannot_read_someone_elses_order(hotline_agent, citizen):
    from fawang.accounts.tests.factories import CitizenFactory

    make_network()
    tracking_no = file_order(hotline_agent)
    stranger = CitizenFactory()

    assert ApiClient(stranger).get(f"/api/v1/orders/{tracking_no}").status_code == 404


def test_hotline_answer_at_first_contact_resolves_the_order(hotline_agent):
    make_network()

    response = ApiClient(hotline_agent).post(
        "/api/v1/orders", hotline_order_body(answer="已在电话中告知劳动仲裁的申请方式和时效。")
    )

    assert response.status_code == 201, response.json()
    assert response.json()["resolved_at_first_contact"] is True
    assert response.json()["status"] == "resolved"


def test_only_the_hotline_answers_at_first_contact(wuhou_clerk):
    make_network()

    response = ApiClient(wuhou_clerk).post(
        "/api/v1/orders", hotline_order_body(channel="window", answer="已当场答复。")
    )

    assert response.status_code == 422
    assert response.json()["field"] == "answer"
    assert not ServiceOrder.objects.exists()
