"""The OpenAPI document partners build against lists every order endpoint with its error shape."""

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


def test_openapi_lists_every_order_endpoint_with_errors_and_examples():
    doc = Client().get("/api/v1/openapi.json").json()
    paths = doc["paths"]

    assert set(paths["/api/v1/orders"]) == {"get", "post"}
    assert "get" in paths["/api/v1/orders/{tracking_no}"]
    assert "post" in paths["/api/v1/orders/{tracking_no}/transitions"]
    assert "post" in paths["/api/v1/orders/{tracking_no}/evaluation"]

    create = paths["/api/v1/orders"]["post"]
    assert {"201", "401", "404", "409", "422"} <= set(create["responses"])
    assert any(p["name"] == "Idempotency-Key" and p["in"] == "header" for p in create["parameters"])
    error_schema = doc["components"]["schemas"]["ErrorOut"]
    assert {"code", "message", "field", "errors"} <= set(error_schema["properties"])
    order_in = doc["components"]["schemas"]["OrderIn"]
    assert order_in["properties"]["service_item"]["examples"] == ["legal_aid"]
    listing = paths["/api/v1/orders"]["get"]
    assert {p["name"] for p in listing["parameters"]} >= {
        "status",
        "region",
        "overdue",
        "q",
        "cursor",
        "page_size",
    }
