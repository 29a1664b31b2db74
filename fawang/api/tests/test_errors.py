"""Bad input to the API: one error per field, each naming the field and the rule, in the caller's
language; nothing saved. And the error shape for a caller who is not signed in."""

import pytest

from fawang.api.tests.helpers import ApiClient, hotline_order_body
from fawang.orders.models import ServiceOrder

pytestmark = pytest.mark.django_db


def by_field(response):
    return {e["field"]: e for e in response.json()["errors"]}


def test_invalid_order_reports_every_bad_field_once_and_saves_nothing(hotline_agent):
    body = hotline_order_body(
        applicant_name="陈" * 65,
        applicant_kind="robot",
        language="fr",
        priority_groups=["elderly", "astronaut"],
    )
    del body["description"], body["service_item"]

    response = ApiClient(hotline_agent).post("/api/v1/orders", body)

    assert response.status_code == 422
    errors = by_field(response)
    assert set(errors) == {
        "description",
        "service_item",
        "applicant_name",
        "applicant_kind",
        "language",
        "priority_groups.1",
    }
    assert errors["description"]["code"] == "required"
    assert errors["description"]["message"] == "This field is required."
    assert errors["service_item"]["code"] == "required"
    assert errors["applicant_name"]["code"] == "too_long"
    assert "64 characters" in errors["applicant_name"]["message"]
    assert errors["applicant_kind"]["code"] == "invalid_choice"
    assert "citizen" in errors["applicant_kind"]["message"]
    assert "enterprise" in errors["applicant_kind"]["message"]
    assert errors["language"]["code"] == "invalid_choice"
    assert "bo" in errors["language"]["message"]
    assert errors["priority_groups.1"]["code"] == "invalid_choice"
    # The first error is repeated at top level for clients that read only one.
    first = response.json()
    assert first["field"] in errors and first["code"] == errors[first["field"]]["code"]
    assert not ServiceOrder.objects.exists()


def test_a_body_that_is_not_json_is_one_clear_error(hotline_agent):
    response = ApiClient(hotline_agent).post("/api/v1/orders", "{not json")

    assert response.status_code == 400
    assert response.json()["code"] == "invalid_json"


def test_rating_level_out_of_range_names_the_limit(citizen):
    response = ApiClient(citizen).post(
        "/api/v1/orders/SC2611254730192/evaluation", {"level": 9, "comment": ""}
    )

    assert response.status_code == 422
    error = by_field(response)["level"]
    assert error["code"] == "out_of_range"
    assert "5" in error["message"]


def test_unknown_codes_are_field_errors_before_anything_is_saved(hotline_agent):
    response = ApiClient(hotline_agent).post(
        "/api/v1/orders", hotline_order_body(service_item="astrology", region="999999")
    )

    assert response.status_code == 422
    errors = by_field(response)
    assert errors["service_item"]["code"] == "service_item_not_found"
    assert errors["region"]["code"] == "region_unknown"
    assert "999999" in errors["region"]["message"]
    assert not ServiceOrder.objects.exists()


def test_not_signed_in_is_401_in_the_error_shape(sichuan):
    response = ApiClient().get("/api/v1/orders")

    assert response.status_code == 401
    body = response.json()
    assert body["code"] == "not_authenticated"
    assert body["field"] is None
    assert body["errors"] == [{"code": "not_authenticated", "message": body["message"], "field": None}]


def test_anonymous_caller_cannot_file_an_order(sichuan):
    response = ApiClient().post("/api/v1/orders", hotline_order_body(channel="app"))

    assert response.status_code == 401
    assert response.json()["code"] == "not_authenticated"
    assert not ServiceOrder.objects.exists()


def test_a_revoked_token_is_refused(hotline_agent):
    from fawang.accounts.models import ApiToken

    client = ApiClient(hotline_agent)
    ApiToken.objects.filter(user=hotline_agent).update(revoked_at="2026-01-01T00:00:00+08:00")

    assert client.get("/api/v1/orders").status_code == 401


def test_messages_follow_accept_language_and_default_to_chinese(hotline_agent):
    body = hotline_order_body()
    del body["description"]

    english = ApiClient(hotline_agent, language="en").post("/api/v1/orders", body).json()
    default = ApiClient(hotline_agent, language="").post("/api/v1/orders", body).json()

    assert english["message"] == "This field is required."
    assert default["code"] == english["code"] == "required"
    assert any("\u4e00" <= ch <= "\u9fff" for ch in default["message"]), default["message"]
