"""Every refusal of the API comes in the documented error body (ADR 0010), whoever refused it: the
size limit before the body is read, a body that is not JSON, an unknown address, a wrong method; and
each general code is in the OpenAPI document. Issue 8, item 21."""

import io
import json

import pytest
from django.conf import settings
from django.test import Client

from fawang.api.tests.helpers import ApiClient, hotline_order_body, make_network
from fawang.orders.models import ServiceOrder

pytestmark = pytest.mark.django_db


def assert_error(response, status, code):
    assert response.status_code == status, response.content
    assert response["Content-Type"] == "application/json; charset=utf-8"
    body = response.json()
    assert body["code"] == code
    assert body["errors"] == [{"code": code, "message": body["message"], "field": None}]
    return body


def test_a_3_mb_order_is_413_in_the_error_body_not_an_html_page(hotline_agent):
    make_network()

    response = ApiClient(hotline_agent).post(
        "/api/v1/orders", hotline_order_body(description="诉" * 1_000_000)
    )

    body = assert_error(response, 413, "request_too_large")
    assert str(settings.FAWANG_API_MAX_BODY_BYTES) in body["message"]
    assert not ServiceOrder.objects.exists()


class UnreadableBody(io.RawIOBase):
    """A 30 MB upload still on the wire: reading it at all fails the test."""

    def read(self, *args):
        raise AssertionError("the API read a body it should have refused by its Content-Length")

    readline = read


def test_a_30_mb_body_is_refused_by_its_declared_length_without_being_read(hotline_agent):
    client = ApiClient(hotline_agent, language="zh-hans")

    response = client.client.post(
        "/api/v1/orders",
        data="{}",
        content_type="application/json",
        headers=client.headers,
        CONTENT_LENGTH=str(30 * 1024 * 1024),
        **{"wsgi.input": UnreadableBody()},
    )

    body = assert_error(response, 413, "request_too_large")
    assert "请求体过大" in body["message"]


def test_an_order_sent_as_text_plain_is_415_and_not_filed(hotline_agent):
    make_network()
    client = ApiClient(hotline_agent)

    response = client.client.post(
        "/api/v1/orders",
        data=json.dumps(hotline_order_body()),
        content_type="text/plain",
        headers=client.headers,
    )

    assert_error(response, 415, "unsupported_media_type")
    assert not ServiceOrder.objects.exists()


def test_json_with_a_charset_or_a_json_suffix_is_still_json(hotline_agent):
    make_network()
    client = ApiClient(hotline_agent)
    for content_type in ("application/json; charset=utf-8", "application/merge-patch+json"):
        response = client.client.post(
            "/api/v1/orders",
            data=json.dumps(hotline_order_body()),
            content_type=content_type,
            headers=client.headers,
        )
        assert response.status_code == 201, (content_type, response.content)


def test_an_unknown_api_address_is_404_in_the_error_body(sichuan):
    assert_error(Client().get("/api/v1/no-such-thing"), 404, "not_found")


def test_a_wrong_method_is_405_in_the_error_body_with_the_allowed_ones(hotline_agent):
    client = ApiClient(hotline_agent)

    response = client.client.delete("/api/v1/orders", headers=client.headers)

    assert_error(response, 405, "method_not_allowed")
    assert set(response["Allow"].replace(" ", "").split(",")) == {"GET", "POST"}


def test_the_openapi_document_names_every_general_error_code_and_documents_body_errors():
    doc = Client().get("/api/v1/openapi.json").json()
    text = json.dumps(doc)

    for code in (
        "invalid_json",
        "request_too_large",
        "unsupported_media_type",
        "method_not_allowed",
        "not_found",
        "invalid_characters",
        "out_of_range",
    ):
        assert f"`{code}`" in doc["info"]["description"], code
    for path, method in [
        ("/api/v1/orders", "post"),
        ("/api/v1/orders/{tracking_no}/transitions", "post"),
        ("/api/v1/orders/{tracking_no}/evaluation", "post"),
    ]:
        responses = doc["paths"][path][method]["responses"]
        assert {"400", "413", "415", "422"} <= set(responses), (path, set(responses))
        assert responses["413"]["content"]["application/json"]["schema"] == {
            "$ref": "#/components/schemas/ErrorOut"
        }
    assert {"404"} <= set(doc["paths"]["/api/v1/regions/{code}"]["get"]["responses"])
    assert "429" in doc["paths"]["/api/v1/orders/{tracking_no}/evaluation"]["post"]["responses"]
    assert "invalid_json" in text
