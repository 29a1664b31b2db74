"""Filing, fees, the roster and conflicts, the tribunal, hearings, the award and its corrections, and
who sees a case: each bad input refused naming its field with nothing saved."""

from __future__ import annotations

import datetime as dt
import hashlib

import pytest

from fawang.arbitration.awards import award_correct, award_make, pdf_bytes
from fawang.arbitration.fees import fee_for
from fawang.arbitration.models import ArbitrationCase, ConflictDeclaration, FeeTable, TribunalMember
from fawang.arbitration.services import (
    arbitrator_pay,
    conflict_declare,
    correction_request,
    fee_assess,
    fee_table_create,
    hearing_book,
    tribunal_form,
)
from fawang.core.errors import NotFound, ValidationFailed
from fawang.orders.engine import order_act
from fawang.orders.models import ServiceOrder

from .conftest import DEMO_RATES, TZ, acting_at, at

pytestmark = pytest.mark.django_db


def test_art_33_a_filing_without_the_arbitration_agreement_is_refused_naming_the_field(arb, file_case):
    before = ServiceOrder.objects.count()
    with pytest.raises(ValidationFailed) as refused:
        file_case(agreement="")
    assert refused.value.field == "details.agreement"
    assert "第三十三条" in str(refused.value.message)
    assert ServiceOrder.objects.count() == before and not ArbitrationCase.objects.exists()


def test_a_labour_filing_needs_no_agreement_and_routes_to_the_chosen_commission(arb, file_case):
    order = file_case("labour_arbitration")
    case = ArbitrationCase.objects.get(order=order)
    assert case.kind == "labour_arbitration" and case.agreement == ""
    assert order.assigned_institution_id == arb.commission.pk and order.workflow == "labour_arbitration"


def test_the_agreement_and_respondent_are_encrypted_at_rest(arb, file_case):
    """The agreement is ours (encrypted); the respondent is the disputes base's party (encrypted there),
    read from the base: arbitration keeps no copy of the name."""
    from django.db import connection

    from fawang.arbitration.seam import respondent_names

    order = file_case()
    with connection.cursor() as cursor:
        cursor.execute("SELECT agreement FROM arbitration_arbitrationcase WHERE order_id = %s", [order.pk])
        (agreement,) = cursor.fetchone()
        cursor.execute(
            "SELECT name FROM disputes_party WHERE order_id = %s AND side = 'respondent'", [order.pk]
        )
        (respondent,) = cursor.fetchone()
    assert "仲裁" not in agreement and "商贸" not in respondent
    assert respondent_names(order) == ["成都某商贸有限公司"]


@pytest.mark.parametrize("bad", ["\x00", "-5", "1" * 30])
def test_bad_claim_amounts_are_refused_naming_the_field(arb, file_case, bad):
    with pytest.raises(ValidationFailed) as refused:
        file_case(claim_amount_fen=bad)
    assert refused.value.field == "details.claim_amount_fen"
    assert not ServiceOrder.objects.exists()


def test_the_fee_follows_the_table_band_by_band(arb):
    table = FeeTable.objects.get(commission=arb.commission)
    assert fee_for(table, 50_000) == 10_000  # up to 1,000 yuan: the minimum
    # 80,000 yuan: 100 + 49,000 × 4.5 % + 30,000 × 3.5 % = 100 + 2,205 + 1,050 = 3,355 yuan
    assert fee_for(table, 8_000_000) == 335_500
    # 2,000,000 yuan: 100 + 2,205 + 1,750 + 2,500 + 4,500 + 3,750 + 1,000,000 × 0.4 % = 18,805 yuan
    assert fee_for(table, 200_000_000) == 1_880_500


def test_a_fee_not_in_the_table_or_negative_is_refused_naming_amount_fen(arb, file_case):
    order = file_case()
    order_act(actor=arb.secretary, order=order, action="accept")
    for amount, code in ((-1, "invalid"), (335_400, "not_in_table")):
        with pytest.raises(ValidationFailed) as refused:
            fee_assess(actor=arb.secretary, order=order, amount_fen=amount)
        assert (refused.value.field, refused.value.code) == ("amount_fen", code)
    assert ArbitrationCase.objects.get(order=order).fee_fen is None
    case = fee_assess(actor=arb.secretary, order=order, amount_fen=335_500)
    assert case.fee_fen == 335_500 and order.events.filter(kind="arbitration_fee_assessed").exists()


def test_art_53_labour_arbitration_is_free_of_charge(arb, file_case):
    order = file_case("labour_arbitration", claim_amount_fen=800_000)
    assert ArbitrationCase.objects.get(order=order).fee_fen == 0
    order_act(actor=arb.secretary, order=order, action="accept")
    with pytest.raises(ValidationFailed) as refused:
        fee_assess(actor=arb.secretary, order=order, amount_fen=4_000)
    assert refused.value.field == "amount_fen" and "第五十三条" in str(refused.value.message)
    assert ArbitrationCase.objects.get(order=order).fee_fen == 0


def test_fee_table_versions_stay_inside_the_national_ranges_and_never_overlap(arb):
    args = {"actor": None, "commission": arb.commission, "effective_to": None, "basis": "DEMO"}
    with pytest.raises(ValidationFailed) as refused:
        fee_table_create(effective_from=dt.date(2027, 1, 1), minimum_fen=3_000, rates_bp=DEMO_RATES, **args)
    assert refused.value.field == "minimum_fen"
    with pytest.raises(ValidationFailed) as refused:
        fee_table_create(
            effective_from=dt.date(2027, 1, 1),
            minimum_fen=10_000,
            rates_bp=[450, 350, 250, 150, 75, 60],
            **args,
        )
    assert refused.value.field == "rates_bp.5"
    with pytest.raises(ValidationFailed) as refused:
        fee_table_create(effective_from=dt.date(2027, 1, 1), minimum_fen=10_000, rates_bp=DEMO_RATES, **args)
    assert (refused.value.field, refused.value.code) == ("effective_from", "fee_overlap")
    assert FeeTable.objects.count() == 1


def test_art_44_the_chair_appoints_and_art_46_a_conflicted_arbitrator_cannot_be_appointed(arb, file_case):
    order = file_case()
    order_act(actor=arb.secretary, order=order, action="accept")
    conflicted = arb.arbitrators[0]
    conflict_declare(
        actor=arb.secretary,
        order=order,
        practitioner_id=conflicted.pk,
        ground="relation",
        note="曾任申请人法律顾问",
    )
    with pytest.raises(ValidationFailed) as refused:
        tribunal_form(
            actor=arb.secretary,
            order=order,
            mode="three",
            members=[
                (arb.arbitrators[1].pk, "presiding", "chair"),
                (conflicted.pk, "member", "claimant"),
                (arb.arbitrators[2].pk, "member", "respondent"),
            ],
        )
    assert (refused.value.field, refused.value.code) == ("second", "conflict_declared")
    order.refresh_from_db()
    assert order.stage == "constituting" and not TribunalMember.objects.exists()
    # 第四十三条: the presiding arbitrator is not one side's choice.
    with pytest.raises(ValidationFailed) as refused:
        tribunal_form(
            actor=arb.secretary,
            order=order,
            mode="three",
            members=[
                (arb.arbitrators[1].pk, "presiding", "claimant"),
                (arb.arbitrators[2].pk, "member", "claimant"),
                (arb.arbitrators[3].pk, "member", "respondent"),
            ],
        )
    assert refused.value.field == "first_chosen_by"
    tribunal_form(
        actor=arb.secretary,
        order=order,
        mode="three",
        members=[
            (arb.arbitrators[1].pk, "presiding", "chair"),
            (arb.arbitrators[2].pk, "member", "claimant"),
            (arb.arbitrators[3].pk, "member", "respondent"),
        ],
    )
    order.refresh_from_db()
    assert (order.status, order.stage) == ("in_progress", "tribunal_formed")
    assert ConflictDeclaration.objects.count() == 1 and TribunalMember.objects.count() == 3


def test_only_the_commission_handling_the_case_forms_its_tribunal(arb, file_case):
    order = file_case()
    order_act(actor=arb.secretary, order=order, action="accept")
    with pytest.raises(NotFound):
        tribunal_form(
            actor=arb.stranger, order=order, mode="sole", members=[(arb.arbitrators[0].pk, "sole", "chair")]
        )


def test_hearings_are_booked_on_working_days_and_video_through_the_adapter(arb, formed):
    sunday = dt.datetime(2027, 3, 7, 9, 0, tzinfo=TZ)
    with pytest.raises(ValidationFailed) as refused:
        hearing_book(actor=arb.secretary, order=formed, starts_at=sunday, kind="in_person")
    assert (refused.value.field, refused.value.code) == ("starts_at", "session_on_rest_day")
    national_day = at(2026, 10, 5, 9, 0)  # a Monday of the National Day holiday
    with pytest.raises(ValidationFailed) as refused:
        hearing_book(
            actor=arb.secretary,
            order=formed,
            starts_at=national_day,
            kind="in_person",
            now=at(2026, 9, 1, 9, 0),
        )
    assert (refused.value.field, refused.value.code) == ("starts_at", "session_on_rest_day")
    with pytest.raises(ValidationFailed) as refused:
        hearing_book(actor=arb.secretary, order=formed, starts_at=at(2020, 1, 6, 9, 0), kind="in_person")
    assert refused.value.field == "starts_at"
    assert not formed.dispute_sessions.exists()
    data = hearing_book(actor=arb.secretary, order=formed, starts_at=at(2027, 3, 3, 9, 30), kind="video")
    assert data["room"]["backend"] == "local" and data["room"]["connected"] is False
    session = formed.dispute_sessions.get()
    assert (session.kind, session.mode) == ("hearing", "video")
    # Both parties were told (the base's notices): the applicant has an account and a phone.
    assert session.notices.exists()


def test_the_award_pdf_hash_is_in_the_evidence_log(arb, formed):
    from fawang.ledger.selectors import entry

    document = award_make(
        actor=arb.secretary, order=formed, text="裁决被申请人向申请人支付货款八万元，仲裁费由被申请人承担。"
    )
    pdf = pdf_bytes(document)
    assert pdf.startswith(b"%PDF") and hashlib.sha256(pdf).hexdigest() == document.sha256
    body = bytes(entry(document.log_index).body)
    assert document.number.encode() in body and document.sha256.encode() in body
    assert "陈小明".encode() not in body and "商贸".encode() not in body
    formed.refresh_from_db()
    assert (formed.status, formed.stage) == ("resolved", "awarded")


def test_art_69_correction_request_within_30_days_of_receipt(arb, formed):
    with acting_at(at(2027, 3, 1, 10, 0)):
        award_make(
            actor=arb.secretary,
            order=formed,
            text="裁决被申请人向申请人支付货款八万元，仲裁费由被申请人承担。",
        )
    # Another person is told the case does not exist.
    with pytest.raises(NotFound):
        correction_request(actor=arb.neighbour, order=formed, text="金额写错了", now=at(2027, 3, 5, 10, 0))
    correction_request(
        actor=arb.citizen, order=formed, text="裁决书第二页金额计算错误", now=at(2027, 3, 31, 10, 0)
    )
    assert formed.events.filter(kind="arbitration_correction_requested").count() == 1
    with pytest.raises(ValidationFailed) as late:
        correction_request(actor=arb.citizen, order=formed, text="又发现一处笔误", now=at(2027, 4, 1, 10, 0))
    assert (late.value.field, late.value.code) == ("text", "too_late") and "第六十九条" in str(
        late.value.message
    )
    assert formed.events.filter(kind="arbitration_correction_requested").count() == 1
    correction = award_correct(
        actor=arb.secretary, order=formed, text="将裁决书第二页“八千元”更正为“八万元”。"
    )
    assert correction.number.endswith("-B1") and correction.log_index is not None
    assert formed.events.filter(kind="arbitration_award_corrected").exists()


def test_arbitrators_fees_paid_are_whole_positive_fen_to_members_only(arb, formed):
    with pytest.raises(ValidationFailed) as refused:
        arbitrator_pay(
            actor=arb.secretary, order=formed, practitioner_id=arb.arbitrators[0].pk, amount_fen=-100
        )
    assert refused.value.field == "amount_fen"
    with pytest.raises(ValidationFailed) as refused:
        arbitrator_pay(
            actor=arb.secretary, order=formed, practitioner_id=arb.arbitrators[3].pk, amount_fen=100
        )
    assert refused.value.field == "practitioner"
    payment = arbitrator_pay(
        actor=arb.secretary, order=formed, practitioner_id=arb.arbitrators[0].pk, amount_fen=150_000
    )
    assert payment.amount_fen == 150_000


def test_the_award_opens_the_parties_rating(arb, formed):
    from fawang.feedback.models import EvaluationInvitation
    from fawang.feedback.services import evaluation_submit

    award_make(
        actor=arb.secretary, order=formed, text="裁决被申请人向申请人支付货款八万元，仲裁费由被申请人承担。"
    )
    formed.refresh_from_db()
    # The award opens the rating window, so each party (the other side with their own phone, the
    # sweep when the window ends) can rate, as for a mediation's or an appraisal's outcome.
    assert EvaluationInvitation.objects.filter(order=formed).exists()
    evaluation_submit(actor=arb.citizen, order=formed, level=1, comment="仲裁庭很专业", channel="web")
    assert formed.evaluations.get().level == 1


def test_the_award_is_the_bases_signed_outcome_and_verifies_on_the_public_page(arb, formed, client):
    """The award and its correction are the disputes base's outcomes: the hash of the downloaded PDF
    is the one the public QR page shows; a tampered file's hash is not; the correction names the award
    it corrects, and the award lists its correction."""
    import subprocess

    from django.urls import reverse

    award = award_make(
        actor=arb.secretary, order=formed, text="裁决被申请人向申请人支付货款八万元，仲裁费由被申请人承担。"
    )
    pdf = pdf_bytes(award)
    digest = hashlib.sha256(pdf).hexdigest()
    assert award.outcome.number == award.number and award.outcome.sha256 == digest
    page = client.get(reverse("disputes:verify", args=[award.number]))
    text = page.content.decode()
    assert page.status_code == 200 and digest in text and "成都仲裁委员会" in text
    assert "陈小明" not in text and "商贸" not in text  # public: no names
    tampered = pdf.replace(b"%%EOF", b"%%EOF\n%tampered", 1)
    assert hashlib.sha256(tampered).hexdigest() not in text
    # The PDF names both parties as the base holds them and carries the verification URL.
    words = subprocess.run(
        ["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True
    ).stdout.decode()
    assert "陈小明" in words and "成都某商贸有限公司" in words and award.number in words
    assert f"/disputes/verify/{award.number}/" in words.replace("\n", "")

    correction = award_correct(
        actor=arb.secretary, order=formed, text="将裁决书第二页“八千元”更正为“八万元”。"
    )
    assert correction.number == f"{award.number}-B1" and correction.outcome.corrects_id == award.outcome.pk
    shown = client.get(reverse("disputes:verify", args=[correction.number])).content.decode()
    assert correction.sha256 in shown and award.number in shown
    assert correction.number in client.get(reverse("disputes:verify", args=[award.number])).content.decode()
    # The next award of the commission is numbered after the award, not after its correction.
    assert award.number.endswith("-000001")
