"""The receiving end of mediation → arbitration (an order made through the engine naming the failed
mediation), the pages (filing, the party's case, the commission's work page, roster, statistics and
its XLSX) and the API."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse

from fawang.arbitration.models import ArbitrationCase
from fawang.core.errors import ValidationFailed
from fawang.orders.engine import order_act
from fawang.orders.models import ServiceOrder

pytestmark = pytest.mark.django_db


def _failed_mediation(arb):
    from fawang.accounts.tests.minimal_rows import service_order
    from fawang.disputes.services import parties_add_at_intake, party_clean

    order = service_order("510107", applicant=arb.citizen, status="closed")
    order.workflow = "mediation"
    order.save(update_fields=["workflow"])
    villager = dict(
        party_clean(side="applicant", kind="person", name="陈小明", phone=arb.citizen.phone),
        account=arb.citizen,
    )
    other = party_clean(side="respondent", kind="person", name="李四")
    parties_add_at_intake(order=order, parties=[villager, other], actor=None)
    return order


def _make_from(arb, source):
    """As the mediation module does it: its committee's staff, who see the mediation, make the order."""
    from fawang.accounts.enums import Role
    from fawang.accounts.tests.factories import StaffFactory
    from fawang.catalog.models import ServiceItem
    from fawang.orders import routing
    from fawang.orders.services.intake import order_make
    from fawang.regions.models import Region

    mediator = StaffFactory(jurisdiction_region_id="510107", roles=[Role.COUNTY_STAFF])
    return order_make(
        actor=mediator,
        service_item=ServiceItem.objects.get(code="arbitration"),
        region=Region.objects.get(code="510107"),
        description="调解不成，转入仲裁（人民调解+仲裁）。",
        handler=routing.decision_for_place(institution=arb.commission),
        reason="人民调解不成，依当事人的仲裁协议转入仲裁",
        details={
            "commission": arb.commission.pk,
            "respondent": "李四",
            "agreement": "双方同意调解不成时提交成都仲裁委员会仲裁。",
            "from_mediation": source.tracking_no,
        },
    )


def test_a_failed_mediation_moves_into_arbitration_through_the_engine(arb, client):
    source = _failed_mediation(arb)
    order = _make_from(arb, source)
    # The case file came along: both parties, and the villager sees the new case as a party.
    assert order.dispute_parties.count() == 2
    client.force_login(arb.citizen)
    assert client.get(reverse("arbitration:case", args=[order.tracking_no])).status_code == 200
    client.force_login(arb.neighbour)
    assert client.get(reverse("arbitration:case", args=[order.tracking_no])).status_code == 404
    case = ArbitrationCase.objects.get(order=order)
    assert case.from_mediation == source.tracking_no and order.workflow == "arbitration"
    assert order.assigned_institution_id == arb.commission.pk
    assert order.clocks.get().name == "accept"  # art. 35 runs from receipt, as for any filing
    with pytest.raises(ValidationFailed) as twice:
        _make_from(arb, source)
    assert twice.value.field == "details.from_mediation"
    assert ArbitrationCase.objects.filter(from_mediation=source.tracking_no).count() == 1


def test_a_hand_off_naming_no_mediation_is_refused(arb, file_case):
    not_mediation = file_case("labour_arbitration")
    with pytest.raises(ValidationFailed) as refused:
        _make_from(arb, not_mediation)
    assert refused.value.field == "details.from_mediation"


def test_the_filing_page_refuses_a_filing_without_agreement_and_takes_a_good_one(arb, client):
    client.force_login(arb.citizen)
    url = reverse("arbitration:file")
    data = {
        "s-region": "510107",
        "s-applicant_name": "陈小明",
        "s-description": "对方拖欠货款八万元。",
        "d-commission": str(arb.commission.pk),
        "d-respondent": "成都某商贸有限公司",
        "d-claim_amount_fen": "8000000",
        "d-agreement": "",
    }
    response = client.post(url, data)
    assert response.status_code == 400 and "第三十三条" in response.content.decode()
    assert not ServiceOrder.objects.exists()
    data["d-agreement"] = "因本合同引起的争议，提交成都仲裁委员会仲裁。"
    response = client.post(url, data)
    order = ServiceOrder.objects.get()
    assert response.status_code == 302 and response["Location"].endswith(
        f"/arbitration/cases/{order.tracking_no}/"
    )


def test_parties_see_only_their_own_case(arb, file_case, client):
    order = file_case()
    client.force_login(arb.citizen)
    assert client.get(reverse("arbitration:case", args=[order.tracking_no])).status_code == 200
    client.force_login(arb.neighbour)
    assert client.get(reverse("arbitration:case", args=[order.tracking_no])).status_code == 404
    client.force_login(arb.stranger)  # another commission's staff
    assert client.get(reverse("arbitration:manage", args=[order.tracking_no])).status_code in (403, 404)


def test_the_commission_works_the_case_from_its_page(arb, file_case, client):
    from fawang.arbitration.awards import pdf_bytes
    from fawang.arbitration.models import AwardDocument

    order = file_case()
    order_act(actor=arb.secretary, order=order, action="accept")
    client.force_login(arb.secretary)
    url = reverse("arbitration:manage", args=[order.tracking_no])
    assert client.get(url).status_code == 200
    bad = client.post(url, {"op": "fee", "fee-amount_fen": "-1"})
    assert bad.status_code == 400
    assert client.post(url, {"op": "fee", "fee-amount_fen": "335500"}).status_code == 302
    tribunal = {
        "op": "tribunal",
        "tribunal-mode": "sole",
        "tribunal-first": str(arb.arbitrators[0].pk),
        "tribunal-first_chosen_by": "chair",
    }
    assert client.post(url, tribunal).status_code == 302
    assert (
        client.post(
            url, {"op": "hearing", "hearing-starts_at": "2027-03-03 09:30", "hearing-kind": "video"}
        ).status_code
        == 302
    )
    assert (
        client.post(
            url, {"op": "award", "award-text": "裁决被申请人支付货款八万元，仲裁费由被申请人承担。"}
        ).status_code
        == 302
    )
    document = AwardDocument.objects.get()
    client.force_login(arb.citizen)
    page = client.get(reverse("arbitration:case", args=[order.tracking_no])).content.decode()
    assert document.sha256 in page and "未接入视频服务" in page
    pdf = client.get(reverse("arbitration:document_pdf", args=[order.tracking_no, document.number]))
    assert pdf.status_code == 200 and pdf.content == pdf_bytes(document)


def test_the_roster_shows_workload_and_fees_paid(arb, formed, client):
    from fawang.arbitration.services import arbitrator_pay

    arbitrator_pay(
        actor=arb.secretary, order=formed, practitioner_id=arb.arbitrators[0].pk, amount_fen=150_000
    )
    client.force_login(arb.secretary)
    page = client.get(reverse("arbitration:commission")).content.decode()
    assert "王仲" in page and "¥1500.00" in page and formed.tracking_no in page


def test_statistics_per_commission_as_a_page_and_an_xlsx(arb, file_case, client):
    from openpyxl import load_workbook

    accepted = file_case()
    order_act(actor=arb.secretary, order=accepted, action="accept")
    refused = file_case("labour_arbitration")
    order_act(actor=arb.secretary, order=refused, action="reject", reason="不属于劳动争议")
    file_case("labour_arbitration")
    client.force_login(arb.secretary)
    page = client.get(reverse("arbitration:statistics"))
    assert page.status_code == 200
    response = client.get(reverse("arbitration:statistics_xlsx"))
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    book = load_workbook(io.BytesIO(response.content))
    rows = list(book["cases"].iter_rows(values_only=True))[2:]
    assert [r[1:] for r in rows] == [(1, 1, 0, 0, 1), (2, 0, 1, 0, 1)]
    clocks = list(book["clocks"].iter_rows(values_only=True))[1:]
    assert sorted((r[1], r[3], r[4], r[5]) for r in clocks) == [
        ("accept", 1, 1, 100.0),
        ("accept", 1, 1, 100.0),
    ]


def test_the_api_quotes_fees_shows_a_case_and_books_a_hearing_once(arb, formed, client):
    from fawang.accounts.services import api_token_create

    quote = client.get(f"/api/v1/arbitration/fees/quote?commission={arb.commission.pk}&amount_fen=8000000")
    assert quote.status_code == 200 and quote.json()["fee_fen"] == 335_500
    negative = client.get(f"/api/v1/arbitration/fees/quote?commission={arb.commission.pk}&amount_fen=-1")
    assert negative.status_code == 422 and negative.json()["field"] == "amount_fen"
    _token, raw = api_token_create(actor=arb.secretary, user=arb.secretary, name="t")
    auth = {"HTTP_AUTHORIZATION": f"Bearer {raw}"}
    body = {"starts_at": "2027-03-03T09:30:00+08:00", "kind": "in_person"}
    url = f"/api/v1/arbitration/cases/{formed.tracking_no}/hearings"
    first = client.post(url, body, content_type="application/json", HTTP_IDEMPOTENCY_KEY="k1", **auth)
    again = client.post(url, body, content_type="application/json", HTTP_IDEMPOTENCY_KEY="k1", **auth)
    assert first.status_code == again.status_code == 201 and again["Idempotent-Replayed"] == "true"
    assert formed.dispute_sessions.filter(kind="hearing").count() == 1
    sunday = client.post(
        url, {**body, "starts_at": "2027-03-07T09:30:00+08:00"}, content_type="application/json", **auth
    )
    assert sunday.status_code == 422 and sunday.json()["field"] == "starts_at"
    case = client.get(f"/api/v1/arbitration/cases/{formed.tracking_no}", **auth).json()
    assert (
        case["kind"] == "arbitration"
        and case["tribunal"][0]["chosen_by"] == "chair"
        and len(case["hearings"]) == 1
    )
    _t, other = api_token_create(actor=arb.stranger, user=arb.stranger, name="t")
    hidden = client.get(
        f"/api/v1/arbitration/cases/{formed.tracking_no}", HTTP_AUTHORIZATION=f"Bearer {other}"
    )
    assert hidden.status_code == 404
