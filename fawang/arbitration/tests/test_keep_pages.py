"""The commission keeps its own rows from its staff page: fee-table versions, roster entries (their
qualification and status), and reads the conflicts declared on its cases and its secretaries' cases.
Bad input is refused naming the field and the rule, nothing saved. `arbitration.roster` belongs to the
staff of an arbitration commission, not to every institution's staff."""

from __future__ import annotations

import pytest
from django.urls import reverse

from fawang.accounts import policy
from fawang.arbitration.models import FeeTable, RosterEntry

pytestmark = pytest.mark.django_db


def _post(client, commission, op: str, **fields: str):
    data = {"op": op, **{f"{op}-{k}": v for k, v in fields.items()}}
    return client.post(reverse("arbitration:keep") + f"?commission={commission.pk}", data)


def test_only_an_arbitration_commissions_staff_keep_its_roster(arb, client):
    from fawang.accounts.enums import Role
    from fawang.accounts.tests.factories import StaffFactory
    from fawang.accounts.tests.minimal_rows import institution

    centre = institution("510107", "武侯区法律援助中心", kind="legal_aid_center")
    clerk = StaffFactory(jurisdiction_institution=centre, roles=[Role.INSTITUTION_STAFF])
    assert policy.has_action(arb.secretary, "arbitration.roster")
    assert not policy.has_action(clerk, "arbitration.roster")
    client.force_login(clerk)
    assert client.get(reverse("arbitration:keep")).status_code == 403
    assert client.get(reverse("arbitration:commission")).status_code == 403
    client.force_login(arb.secretary)
    page = client.get(reverse("arbitration:keep"))
    assert page.status_code == 200 and "王仲" in page.content.decode()


def test_a_fee_table_version_is_added_inside_the_national_ranges(arb, client):
    client.force_login(arb.secretary)
    # Overlapping the table in force since 2025: refused naming the start date.
    overlap = _post(
        client,
        arb.commission,
        "fee_table",
        effective_from="2026-01-01",
        minimum_fen="10000",
        rates_bp="450,350,250,150,75,40",
        basis="成仲〔2026〕1号",
    )
    assert overlap.status_code == 400 and "2025-01-01" in overlap.content.decode()
    assert 'id="id_fee_table-effective_from_error"' in overlap.content.decode()
    # A rate outside its band's range: refused naming the rates field and the range.
    out_of_range = _post(
        client,
        arb.commission,
        "fee_table",
        effective_from="2030-01-01",
        minimum_fen="10000",
        rates_bp="900,350,250,150,75,40",
        basis="成仲〔2030〕1号",
    )
    text = out_of_range.content.decode()
    assert out_of_range.status_code == 400 and 'id="id_fee_table-rates_bp_error"' in text
    not_numbers = _post(
        client,
        arb.commission,
        "fee_table",
        effective_from="2030-01-01",
        minimum_fen="10000",
        rates_bp="a,b",
        basis="x",
    )
    assert not_numbers.status_code == 400
    assert FeeTable.objects.filter(commission=arb.commission).count() == 1
    # End the version in force, then add the next one.
    FeeTable.objects.filter(commission=arb.commission).update(effective_to="2029-12-31")
    added = _post(
        client,
        arb.commission,
        "fee_table",
        effective_from="2030-01-01",
        minimum_fen="8000",
        rates_bp="420,340,240,140,70,35",
        basis="成仲〔2030〕1号",
    )
    assert added.status_code == 302
    assert FeeTable.objects.get(commission=arb.commission, effective_from="2030-01-01").minimum_fen == 8000
    assert "2030-01-01" in client.get(reverse("arbitration:keep")).content.decode()


def test_roster_entries_their_qualification_and_status(arb, client, formed):
    from fawang.accounts.tests.minimal_rows import practitioner
    from fawang.arbitration.services import conflict_declare, secretary_take

    client.force_login(arb.secretary)
    newcomer = practitioner(arb.commission, name="钱明", kind="arbitrator")
    lawyer = practitioner(arb.other, name="孙律", kind="arbitrator")
    bad = _post(client, arb.commission, "roster", practitioner=str(lawyer.pk), qualification="lawyer_8")
    assert bad.status_code == 400 and 'id="id_roster-practitioner_error"' in bad.content.decode()
    bad_head = _post(client, arb.commission, "roster", practitioner=str(newcomer.pk), qualification="friend")
    assert bad_head.status_code == 400 and 'id="id_roster-qualification_error"' in bad_head.content.decode()
    assert not RosterEntry.objects.filter(practitioner=newcomer).exists()
    ok = _post(
        client,
        arb.commission,
        "roster",
        practitioner=str(newcomer.pk),
        qualification="judge_8",
        fields="合同、建设工程",
    )
    assert ok.status_code == 302
    entry = RosterEntry.objects.get(practitioner=newcomer)
    assert (entry.qualification, entry.fields, entry.active) == ("judge_8", ["合同", "建设工程"], True)
    off = _post(client, arb.commission, "roster_status", practitioner=str(newcomer.pk), active="0")
    assert off.status_code == 302 and not RosterEntry.objects.get(practitioner=newcomer).active
    # Conflicts and secretaries of the commission's cases are listed.
    conflict_declare(
        actor=arb.secretary, order=formed, practitioner_id=arb.arbitrators[2].pk, ground="interest"
    )
    secretary_take(actor=arb.secretary, order=formed)
    page = client.get(reverse("arbitration:keep")).content.decode()
    assert formed.tracking_no in page and "张公" in page
    assert arb.secretary.display_name in page


def test_the_case_page_records_payment_counterclaim_and_settlement(arb, file_case, client):
    from fawang.orders.engine import order_act
    from fawang.orders.models import ServiceOrder

    order = file_case()
    order_act(actor=arb.secretary, order=order, action="accept")
    client.force_login(arb.secretary)
    url = reverse("arbitration:manage", args=[order.tracking_no])

    def post(op: str, **fields: str):
        return client.post(url, {"op": op, **{f"{op}-{k}": v for k, v in fields.items()}})

    page = client.get(url).content.decode()
    assert 'data-testid="fee-pay-form"' in page and 'data-clock="fee"' in page
    # Paying before the fee is assessed is refused naming the amount; nothing saved.
    refused = post("fee_pay", amount_fen="100", receipt="R-1")
    assert refused.status_code == 400 and 'id="id_fee_pay-amount_fen_error"' in refused.content.decode()
    counter = post("counterclaim", text="请求赔偿损失", claim_amount_fen="-3")
    assert (
        counter.status_code == 400
        and 'id="id_counterclaim-claim_amount_fen_error"' in counter.content.decode()
    )
    assert post("counterclaim", text="请求申请人赔偿违约金", claim_amount_fen="1000000").status_code == 302
    assert 'data-testid="counterclaims"' in client.get(url).content.decode()
    assert post("settle", agreement="双方同意被申请人分期付款，申请人撤回申请。").status_code == 302
    order = ServiceOrder.objects.get(pk=order.pk)
    assert (order.status, order.stage) == ("closed", "settled")
    assert 'data-testid="settle-form"' not in client.get(url).content.decode()
