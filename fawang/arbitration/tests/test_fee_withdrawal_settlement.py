"""The acceptance fee's own clock (仲裁委员会仲裁收费办法第四条: paid in advance within 15 days of the
notice of acceptance; 第六条: deferral, or deemed withdrawn), withdrawal and settlement ending the case
(仲裁法（2025）第六十二条), and the respondent's counterclaim with its own fee (第三十八条; 收费办法第四条)."""

from __future__ import annotations

import pytest

from fawang.arbitration.awards import award_make, pdf_bytes
from fawang.arbitration.models import ArbitrationCase, Counterclaim
from fawang.arbitration.services import (
    counterclaim_file,
    fee_assess,
    fee_defer,
    fee_lapsed_withdraw,
    fee_pay,
    fee_quote,
    settle,
    withdraw,
)
from fawang.core.errors import Conflict, NotFound, ValidationFailed
from fawang.orders.engine import order_act
from fawang.orders.enums import OrderStatus
from fawang.orders.models import ServiceOrder, SupervisionOrder
from fawang.orders.sweep import sweep_deadlines

from .conftest import acting_at, at

pytestmark = pytest.mark.django_db


def _accepted(arb, file_case, kind: str = "arbitration"):
    order = file_case(kind, now=at(2026, 11, 4, 10, 0))
    with acting_at(at(2026, 11, 5, 9, 0)):
        order_act(actor=arb.secretary, order=order, action="accept")
    return ServiceOrder.objects.get(pk=order.pk)


def test_art_4_the_fee_is_paid_within_15_days_of_the_notice_of_acceptance(arb, file_case):
    """收费办法第四条: fifteen days from the notice of acceptance; late, the sweep warns, supervises
    citing the article and escalates; paid in time, the clock stops."""
    order = _accepted(arb, file_case)
    fee = order.clocks.get(name="fee")
    assert (fee.limit, fee.unit) == (15, "calendar_days") and "第四条" in fee.legal_basis
    assert "收费办法" in fee.legal_basis
    # 15 days from Thu 5 Nov end on Fri 20 Nov.
    assert fee.due_at == at(2026, 11, 20, 23, 59, 59)
    assert order.tracking_no in sweep_deadlines(now=at(2026, 11, 20, 12, 0)).warned
    sweep_deadlines(now=at(2026, 11, 21, 9, 0))
    supervision = SupervisionOrder.objects.get(order=order, clock__name="fee")
    assert "第四条" in supervision.reason
    assert sweep_deadlines(now=at(2026, 12, 21, 9, 0)).escalated


def test_art_4_a_fee_paid_in_time_stops_its_clock_and_must_be_the_fee_assessed(arb, file_case):
    order = _accepted(arb, file_case)
    expected, _table = fee_quote(commission=arb.commission, amount_fen=8_000_000)
    with pytest.raises(ValidationFailed) as early:
        fee_pay(actor=arb.secretary, order=order, amount_fen=expected, receipt="SC-0001")
    assert early.value.field == "amount_fen"  # nothing assessed yet
    fee_assess(actor=arb.secretary, order=order, amount_fen=expected)
    with pytest.raises(ValidationFailed) as wrong:
        fee_pay(actor=arb.secretary, order=order, amount_fen=expected - 1, receipt="SC-0001")
    assert (wrong.value.field, wrong.value.code) == ("amount_fen", "not_in_table")
    with pytest.raises(ValidationFailed) as no_receipt:
        fee_pay(actor=arb.secretary, order=order, amount_fen=expected, receipt="  ")
    assert no_receipt.value.field == "receipt"
    assert ArbitrationCase.objects.get(order=order).fee_paid_at is None
    with acting_at(at(2026, 11, 12, 9, 0)):
        fee_pay(actor=arb.secretary, order=order, amount_fen=expected, receipt="SC-0001")
    assert order.clocks.get(name="fee").stopped_at == at(2026, 11, 12, 9, 0)
    assert sweep_deadlines(now=at(2026, 11, 21, 9, 0)).overdue == []
    # Paid: the case cannot be deemed withdrawn for the fee.
    with pytest.raises(Conflict):
        fee_lapsed_withdraw(actor=arb.secretary, order=order, now=at(2026, 11, 25, 9, 0))


def test_art_6_unpaid_and_not_deferred_the_application_is_deemed_withdrawn(arb, file_case):
    """收费办法第六条第二款: not paid within the 15 days and no deferral asked for — deemed withdrawn;
    refused while the applicant still has time. 第六条第一款: an approved deferral stops the clock."""
    order = _accepted(arb, file_case)
    with pytest.raises(Conflict) as early:
        fee_lapsed_withdraw(actor=arb.secretary, order=order, now=at(2026, 11, 20, 18, 0))
    assert early.value.code == "fee_not_lapsed" and "2026-11-20" in str(early.value.message)
    order.refresh_from_db()
    assert order.status == OrderStatus.ACCEPTED
    fee_lapsed_withdraw(actor=arb.secretary, order=order, now=at(2026, 11, 21, 9, 0))
    order.refresh_from_db()
    assert (order.status, order.stage) == (OrderStatus.CLOSED, "deemed_withdrawn")
    assert "第六条" in order.events.get(kind="arbitration_deemed_withdrawn").reason
    assert all(c.stopped_at is not None for c in order.clocks.all())

    deferred = _accepted(arb, file_case)
    with pytest.raises(ValidationFailed) as no_reason:
        fee_defer(actor=arb.secretary, order=deferred, reason="")
    assert no_reason.value.field == "reason"
    with acting_at(at(2026, 11, 10, 9, 0)):
        fee_defer(actor=arb.secretary, order=deferred, reason="申请人经营困难，经仲裁委员会批准缓交")
    assert deferred.clocks.get(name="fee").stopped_at is not None
    with pytest.raises(Conflict):
        fee_lapsed_withdraw(actor=arb.secretary, order=deferred, now=at(2026, 11, 25, 9, 0))


def test_art_53_labour_arbitration_has_no_fee_clock(arb, file_case):
    order = _accepted(arb, file_case, "labour_arbitration")
    assert not order.clocks.filter(name="fee").exists()
    with pytest.raises(ValidationFailed) as free:
        fee_pay(actor=arb.secretary, order=order, amount_fen=100, receipt="X")
    assert "第五十三条" in str(free.value.message) or "53" in str(free.value.message)
    with pytest.raises(Conflict):
        fee_lapsed_withdraw(actor=arb.secretary, order=order, now=at(2027, 1, 1, 9, 0))


def test_the_applicant_withdraws_and_the_case_ends_with_its_clocks(arb, file_case):
    order = _accepted(arb, file_case, "labour_arbitration")
    assert order.clocks.filter(name="award", stopped_at__isnull=True).exists()
    # Somebody else cannot withdraw it; a withdrawal gives its reason.
    with pytest.raises((NotFound, ValidationFailed, Conflict)):
        withdraw(actor=arb.neighbour, order=order, reason="不想仲裁了")
    with pytest.raises(ValidationFailed) as no_reason:
        withdraw(actor=arb.citizen, order=order, reason="")
    assert no_reason.value.field == "reason"
    with acting_at(at(2026, 11, 6, 9, 0)):
        withdraw(actor=arb.citizen, order=order, reason="已与用人单位协商解决，撤回申请")
    order.refresh_from_db()
    assert (order.status, order.stage) == (OrderStatus.CLOSED, "withdrawn")
    assert all(c.stopped_at is not None for c in order.clocks.all())
    assert sweep_deadlines(now=at(2027, 2, 1, 9, 0)).overdue == []


def test_art_62_a_settlement_withdraws_or_becomes_an_award_by_consent(arb, file_case, formed):
    # Settled and withdrawn: the case ends, the agreement kept encrypted.
    order = _accepted(arb, file_case)
    with pytest.raises(ValidationFailed) as empty:
        settle(actor=arb.secretary, order=order, agreement="", into_award=False)
    assert empty.value.field == "agreement"
    with pytest.raises(ValidationFailed) as no_tribunal:
        settle(actor=arb.secretary, order=order, agreement="被申请人分两期支付货款八万元。", into_award=True)
    assert no_tribunal.value.field == "into_award"
    settle(actor=arb.secretary, order=order, agreement="被申请人分两期支付货款八万元。", into_award=False)
    order.refresh_from_db()
    assert (order.status, order.stage) == (OrderStatus.CLOSED, "settled")
    assert "第六十二条" in order.events.get(kind="arbitration_settled").reason
    assert all(c.stopped_at is not None for c in order.clocks.all())
    assert ArbitrationCase.objects.get(order=order).settlement.startswith("被申请人分两期")

    # Before a formed tribunal: an award on the agreement, signed like any award.
    award = settle(
        actor=arb.secretary, order=formed, agreement="被申请人于十日内一次性支付货款七万元。", into_award=True
    )
    formed.refresh_from_db()
    assert (formed.status, formed.stage) == (OrderStatus.RESOLVED, "awarded")
    assert formed.events.filter(kind="arbitration_settled").exists()
    assert award.outcome.log_index is not None and pdf_bytes(award).startswith(b"%PDF")
    # An award already made: nothing more to settle.
    with pytest.raises(Conflict):
        settle(actor=arb.secretary, order=formed, agreement="再次和解的内容写在这里。", into_award=False)


def test_art_38_the_respondents_counterclaim_joins_the_case_with_its_own_fee(arb, file_case, formed):
    from fawang.disputes.models import Party

    # The respondent (a citizen who is the respondent party) files it from their side.
    Party.objects.filter(order=formed, side="respondent").update(account=arb.neighbour)
    with pytest.raises(ValidationFailed) as bad:
        counterclaim_file(actor=arb.neighbour, order=formed, text="", claim_amount_fen=-1)
    assert {e.field for e in bad.value.errors} == {"text", "claim_amount_fen"}
    assert not Counterclaim.objects.exists()
    counter = counterclaim_file(
        actor=arb.neighbour,
        order=formed,
        text="申请人交付的货物有质量问题，请求赔偿损失",
        claim_amount_fen=2_000_000,
    )
    expected, _table = fee_quote(commission=arb.commission, amount_fen=2_000_000)
    assert counter.fee_fen == expected > 0 and counter.case_id == formed.pk
    event = formed.events.get(kind="arbitration_counterclaim_filed")
    assert event.data["fee_fen"] == expected
    # The applicant is not the respondent; a stranger is told the case does not exist.
    with pytest.raises(NotFound):
        counterclaim_file(actor=arb.citizen, order=formed, text="反请求内容", claim_amount_fen=100)
    # It joins the case: the award names it.
    import subprocess

    award = award_make(actor=arb.secretary, order=formed, text="裁决驳回被申请人的反请求，支持申请人的请求。")
    words = subprocess.run(["pdftotext", "-", "-"], input=pdf_bytes(award), capture_output=True, check=True)
    assert "反请求" in words.stdout.decode()
    with pytest.raises(Conflict):
        counterclaim_file(actor=arb.neighbour, order=formed, text="裁决后再提反请求", claim_amount_fen=100)


def test_a_labour_counterclaim_is_free(arb, file_case):
    from fawang.arbitration.services import tribunal_form

    order = _accepted(arb, file_case, "labour_arbitration")
    tribunal_form(
        actor=arb.secretary, order=order, mode="sole", members=[(arb.arbitrators[1].pk, "sole", "chair")]
    )
    order.refresh_from_db()
    counter = counterclaim_file(
        actor=arb.secretary, order=order, text="劳动者造成设备损坏，请求赔偿", claim_amount_fen=500_000
    )
    assert counter.fee_fen == 0
