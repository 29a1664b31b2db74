"""The pages and the API: an entrusting court's form (a bad category named on its field, nothing saved;
NUL bytes and huge numbers refused without a 5xx), the institution's entrustment page, the opinion PDF
for the court, the API's idempotent entrustment and its decision."""

from __future__ import annotations

import pytest
from django.urls import reverse

from fawang.orders.models import ServiceOrder

pytestmark = pytest.mark.django_db


def _form(appraisal, **kw):
    data = {
        "institution": appraisal.institution.pk,
        "category": "forensic_medicine",
        "case_reference": "（2026）川0107民初1号",
        "matter": "伤残等级鉴定一宗",
    }
    data.update(kw)
    return data


def test_the_court_entrusts_on_its_page_and_a_bad_category_is_named(client, appraisal):
    client.force_login(appraisal.judge)
    assert client.get(reverse("appraisal:entrust")).status_code == 200
    before = ServiceOrder.objects.count()
    refused = client.post(reverse("appraisal:entrust"), _form(appraisal, category="audio_visual"))
    assert (
        refused.status_code == 400 and "未登记" in refused.content.decode()
    )  # on the category field, in Chinese
    for bad in ({"matter": "\x00\x00"}, {"institution": "9" * 40}, {"category": "\x00"}):
        assert client.post(reverse("appraisal:entrust"), _form(appraisal, **bad)).status_code == 400
    assert ServiceOrder.objects.count() == before
    sent = client.post(reverse("appraisal:entrust"), _form(appraisal))
    assert sent.status_code == 302
    page = client.get(sent["Location"])
    assert page.status_code == 200 and appraisal.institution.name in page.content.decode()
    # The court does not act on it.
    assert 'data-testid="accept-form"' not in page.content.decode()


def test_the_institution_accepts_and_records_on_the_entrustment_page(client, appraisal, entrust):
    row = entrust()
    url = reverse("appraisal:entrustment", args=[row.order.tracking_no])
    client.force_login(appraisal.clerk)
    page = client.get(url)
    assert 'data-testid="accept-form"' in page.content.decode()
    refused = client.post(url, {"action": "accept", "appraisers": [appraisal.appraisers[0].pk]})
    assert refused.status_code == 400
    ok = client.post(
        url, {"action": "accept", "appraisers": [p.pk for p in appraisal.appraisers[:2]], "fee_fen": "0"}
    )
    assert ok.status_code == 302
    row.order.refresh_from_db()
    assert row.order.status == "accepted"
    assert client.post(url, {"action": "appraisal_receive_materials"}).status_code == 302
    assert (
        client.post(url, {"action": "appraisal_examine", "reason": ""}).status_code == 400
    )  # a note is required
    assert client.post(url, {"action": "appraisal_issue"}).status_code == 403  # not from this stage


def test_the_api_entrusts_once_per_idempotency_key_and_decides(client, appraisal):
    from fawang.accounts.services import api_token_create

    _token, raw = api_token_create(actor=appraisal.judge, user=appraisal.judge, name="t")
    headers = {"HTTP_AUTHORIZATION": f"Bearer {raw}", "HTTP_IDEMPOTENCY_KEY": "k-1"}
    body = _form(appraisal)
    first = client.post("/api/v1/appraisal/entrustments", body, content_type="application/json", **headers)
    again = client.post("/api/v1/appraisal/entrustments", body, content_type="application/json", **headers)
    assert first.status_code == again.status_code == 201
    assert first.json()["tracking_no"] == again.json()["tracking_no"]
    bad = client.post(
        "/api/v1/appraisal/entrustments",
        _form(appraisal, category="environmental_damage"),
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {raw}",
    )
    assert bad.status_code == 422 and bad.json()["errors"][0]["field"] == "category"
    no = first.json()["tracking_no"]
    _t, clerk_raw = api_token_create(actor=appraisal.clerk, user=appraisal.clerk, name="c")
    decided = client.post(
        f"/api/v1/appraisal/entrustments/{no}/decision",
        {"accept": False, "reason": "超出本机构技术条件（第十五条）"},
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {clerk_raw}",
    )
    assert decided.status_code == 200 and decided.json()["stage"] == "refused"
    court_view = client.get(f"/api/v1/appraisal/entrustments/{no}", HTTP_AUTHORIZATION=f"Bearer {raw}")
    assert court_view.json()["status"] == "rejected"


def test_the_order_page_shows_the_appraisal_panel(client, appraisal, entrust):
    row = entrust(green_channel=True)
    client.force_login(appraisal.clerk)
    page = client.get(reverse("orders:order_detail", args=[row.order.tracking_no]))
    assert page.status_code == 200
    html = page.content.decode()
    assert 'data-testid="green-channel"' in html
    assert reverse("appraisal:entrustment", args=[row.order.tracking_no]) in html
