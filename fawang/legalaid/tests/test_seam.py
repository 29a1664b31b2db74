"""Legal aid on the workflow seam's second pass (docs/adr/0019): the decision reads as the law names
it (法律援助法第四十三条), a refusal carries its reasons and the right to object (第四十九条), the
applicant objects online from their own order page, and the eligibility check is served at the
issue's path with the old one kept."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from fawang.audit.models import AuditEntry
from fawang.notify.models import InboxMessage, SmsMessage
from fawang.orders.engine import order_act
from fawang.orders.enums import OrderStatus

pytestmark = pytest.mark.django_db


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def own_application(apply, citizen):
    """A legal aid application the signed-in citizen filed from their account."""

    def _own(**overrides):
        return apply(
            actor=citizen,
            applicant=citizen,
            applicant_kind="citizen",
            applicant_phone="13912345678",
            **overrides,
        )

    return _own


def test_the_decision_reads_grant_or_refuse_legal_aid_falv_yuanzhu_art_43(apply, wuhou_clerk):
    order = apply()
    page = _client(wuhou_clerk).get(reverse("orders:order_detail", args=[order.tracking_no])).content.decode()
    assert 'data-action="accept">给予法律援助</button>' in page
    assert 'data-action="reject">不予法律援助</button>' in page
    assert ">受理</button>" not in page and ">不予受理</button>" not in page
    api = _client(wuhou_clerk).get(f"/api/v1/orders/{order.tracking_no}").json()
    labels = {a["action"]: a["label"] for a in api["actions"]}
    assert labels["accept"] == "给予法律援助" and labels["reject"] == "不予法律援助"


def test_legal_aid_is_not_granted_in_bulk_from_the_queue_falv_yuanzhu_art_43(apply, wuhou_clerk):
    # Each decision is taken on its own file, with its eligibility assessment stored beside it.
    order = apply()
    client = _client(wuhou_clerk)
    client.post(reverse("orders:bulk"), {"action": "accept", "orders": [order.tracking_no]})
    order.refresh_from_db()
    assert (order.status, order.stage) == (OrderStatus.SUBMITTED, "")
    results = client.get(reverse("orders:workbench")).content.decode().split('data-testid="bulk-results"')[1]
    assert "给予法律援助" in results and "逐件办理" in results


def test_a_refusal_carries_its_reasons_and_the_right_to_object_falv_yuanzhu_art_49(
    own_application, wuhou_clerk, citizen, django_capture_on_commit_callbacks
):
    order = own_application()
    with django_capture_on_commit_callbacks(execute=True):
        # The shared reject (the order page, the API, the demo) passes no data of its own.
        order_act(actor=wuhou_clerk, order=order, action="reject", reason="家庭人均月收入高于标准")
    event = order.events.get(kind="legal_aid_refused")
    assert event.data["refusal"] == {"reasons": "家庭人均月收入高于标准", "basis": "法律援助法第四十三条"}
    # Art. 49: to the justice administration that set up the centre (Wuhou's), reviewed within five
    # days; the article sets no time limit for objecting, so none is stated.
    assert event.data["objection"] == {
        "to": "武侯区司法局",
        "to_region": "510107",
        "basis": "法律援助法第四十九条",
        "filing_limit_days": None,
        "review_limit_days": 5,
        "online": True,
    }
    note = "可以向武侯区司法局提出（《法律援助法》第四十九条）"
    staff_page = _client(wuhou_clerk).get(reverse("orders:order_detail", args=[order.tracking_no]))
    assert note in staff_page.content.decode()
    detail = _client(citizen).get(f"/api/v1/orders/{order.tracking_no}").json()
    refusal = next(e for e in detail["timeline"] if e["kind"] == "legal_aid_refused")
    assert refusal["reason"] == "家庭人均月收入高于标准"
    assert refusal["data"]["objection"]["to"] == "武侯区司法局" and note in refusal["note"]
    assert any(note in m.body and "5日内审查" in m.body for m in InboxMessage.objects.filter(order=order))
    assert any("武侯区司法局" in m.text for m in SmsMessage.objects.filter(order=order))


def test_the_applicant_objects_online_from_their_order_page_falv_yuanzhu_art_49(
    own_application, wuhou_clerk, citizen
):
    order = own_application()
    url = reverse("web:my_order", args=[order.tracking_no])
    client = _client(citizen)
    assert 'data-action="legal_aid_object"' not in client.get(url).content.decode()  # nothing refused yet
    order_act(actor=wuhou_clerk, order=order, action="reject", reason="不属于法律援助范围")
    page = client.get(url).content.decode()
    assert 'data-action="legal_aid_object"' in page and "可以向武侯区司法局提出" in page
    assert 'data-action="legal_aid_object"' in client.get(reverse("web:my_orders")).content.decode()
    # No reason: refused, naming the field and the rule, nothing saved.
    refused = client.post(url, {"action": "legal_aid_object", "step-legal_aid_object-reason": " "})
    assert refused.status_code == 400
    body = refused.content.decode()
    assert "书面理由" in body and "请填写理由" in body
    order.refresh_from_db()
    assert (order.status, order.stage) == (OrderStatus.REJECTED, "refused")
    done = client.post(
        url, {"action": "legal_aid_object", "step-legal_aid_object-reason": "追索劳动报酬属于法律援助范围"}
    )
    assert done.status_code == 302
    order.refresh_from_db()
    assert (order.status, order.stage) == (OrderStatus.REOPENED, "objection_review")
    event = order.events.get(kind="legal_aid_objection_filed")
    assert event.actor == citizen and event.reason == "追索劳动报酬属于法律援助范围"
    assert AuditEntry.objects.filter(action="order.legal_aid_object", actor=citizen).exists()
    assert order.clocks.get(name="review_objection").stopped_at is None  # the bureau's five days run
    # Only once: the step is no longer open.
    assert 'data-action="legal_aid_object"' not in client.get(url).content.decode()


def test_another_citizen_cannot_object_to_someone_elses_refusal_falv_yuanzhu_art_49(
    own_application, wuhou_clerk
):
    from fawang.accounts.tests.factories import CitizenFactory

    order = own_application()
    order_act(actor=wuhou_clerk, order=order, action="reject", reason="不属于法律援助范围")
    stranger = CitizenFactory(username="citizen_13700000000", phone="13700000000")
    url = reverse("web:my_order", args=[order.tracking_no])
    response = _client(stranger).post(
        url, {"action": "legal_aid_object", "step-legal_aid_object-reason": "x"}
    )
    assert response.status_code == 404
    order.refresh_from_db()
    assert order.status == OrderStatus.REJECTED


ELIGIBILITY = {"region": "510107", "matter": "wages", "household_size": 3, "monthly_income_fen": 150000}


def test_eligibility_check_is_served_at_the_issues_path_and_the_old_one_still_answers(legal_aid):
    client = Client()
    new = client.post("/api/v1/legal-aid/eligibility", ELIGIBILITY, content_type="application/json")
    old = client.post("/api/v1/legal_aid/eligibility", ELIGIBILITY, content_type="application/json")
    assert new.status_code == old.status_code == 200
    assert old.json() == new.json()
    assert old["Deprecation"] == "true" and "/api/v1/legal-aid/eligibility" in old["Link"]
    bad = client.post("/api/v1/legal_aid/eligibility", {"region": "x"}, content_type="application/json")
    assert bad.status_code == 422 and bad.json()["field"] == "region"
    from fawang.api.api import api

    paths = api.get_openapi_schema()["paths"]
    assert "/api/v1/legal-aid/eligibility" in paths and "/api/v1/legal_aid/eligibility" not in paths
