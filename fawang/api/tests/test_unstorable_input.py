"""Input no database can hold (NUL, a lone surrogate, numbers past 64 bits) is refused in the error
body, naming the field, and nothing is saved; before, each of these was a 500 on PostgreSQL (and a
NUL silently stored on SQLite). Issue 8, item 15."""

import json

import pytest
from django.test import Client

from fawang.api.tests.helpers import ApiClient, hotline_order_body, make_network
from fawang.orders.models import ServiceOrder

pytestmark = pytest.mark.django_db


def assert_error(response, status, code, field):
    assert response.status_code == status, response.content
    assert response["Content-Type"].startswith("application/json")
    body = response.json()
    assert (body["code"], body["field"]) == (code, field)
    assert body["errors"][0] == {"code": code, "message": body["message"], "field": field}
    return body


def test_a_nul_in_a_region_code_is_not_found_without_signing_in(sichuan):
    response = Client().get("/api/v1/regions/%00", headers={"Accept-Language": "en"})

    assert_error(response, 404, "not_found", "code")
    assert_error(Client().get("/api/v1/regions/51%0001/children"), 404, "not_found", "code")


def test_a_nul_in_a_tracking_number_is_not_found(hotline_agent):
    assert_error(ApiClient(hotline_agent).get("/api/v1/orders/SC%00"), 404, "not_found", "tracking_no")


def test_a_nul_in_the_search_names_the_search_field_in_chinese(hotline_agent):
    response = ApiClient(hotline_agent, language="zh-hans").get("/api/v1/orders", q="陈\x00")

    body = assert_error(response, 422, "invalid_characters", "q")
    assert "NUL" in body["message"] and "字符" in body["message"], body["message"]


def test_a_page_size_past_the_limit_is_out_of_range_not_a_crash(hotline_agent):
    # Pages are read by cursor (fawang.core.keyset): no page number to overflow an OFFSET; the page
    # size is bounded.
    response = ApiClient(hotline_agent).get("/api/v1/orders", page_size="99999999999999999999")

    assert_error(response, 422, "out_of_range", "page_size")
    assert ApiClient(hotline_agent).get("/api/v1/orders", page_size="100").status_code == 200


def test_a_nul_in_a_name_is_refused_on_that_field_and_nothing_is_filed(hotline_agent):
    make_network()
    client = ApiClient(hotline_agent)

    response = client.post(
        "/api/v1/orders",
        hotline_order_body(applicant_name="陈\x00明", details={"notes": ["ok", "bad\x00"]}),
    )

    body = assert_error(response, 422, "invalid_characters", "applicant_name")
    assert {e["field"] for e in body["errors"]} == {"applicant_name", "details.notes.1"}
    assert not ServiceOrder.objects.exists()


def test_a_lone_surrogate_is_refused_like_a_nul(hotline_agent):
    make_network()
    raw = json.dumps(hotline_order_body(applicant_name="NAME")).replace('"NAME"', '"\\ud800"')

    response = ApiClient(hotline_agent).post("/api/v1/orders", raw)

    assert_error(response, 422, "invalid_characters", "applicant_name")
    assert not ServiceOrder.objects.exists()


def test_a_nul_in_a_reason_is_refused_and_the_order_does_not_move(hotline_agent, wuhou_clerk):
    make_network()
    tracking_no = ApiClient(hotline_agent).post("/api/v1/orders", hotline_order_body()).json()["tracking_no"]

    response = ApiClient(wuhou_clerk).post(
        f"/api/v1/orders/{tracking_no}/transitions", {"action": "reject", "reason": "不属于\x00受理范围"}
    )

    assert_error(response, 422, "invalid_characters", "reason")
    assert ServiceOrder.objects.get(tracking_no=tracking_no).status == "submitted"


def test_an_id_past_64_bits_is_out_of_range(hotline_agent, wuhou_clerk):
    make_network()
    tracking_no = ApiClient(hotline_agent).post("/api/v1/orders", hotline_order_body()).json()["tracking_no"]

    response = ApiClient(wuhou_clerk).post(
        f"/api/v1/orders/{tracking_no}/transitions",
        {"action": "transfer", "reason": "转办", "to_point": 99999999999999999999},
    )

    assert_error(response, 422, "out_of_range", "to_point")


def test_nan_is_not_json(hotline_agent):
    make_network()
    raw = json.dumps(hotline_order_body(details={"household_size": 1})).replace(": 1}", ": NaN}")

    assert_error(ApiClient(hotline_agent).post("/api/v1/orders", raw), 400, "invalid_json", None)
    assert not ServiceOrder.objects.exists()
