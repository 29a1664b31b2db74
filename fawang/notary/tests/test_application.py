"""The matters list, booking and applying, acceptance, the art. 30 clock, payment and refusal."""

from __future__ import annotations

import datetime as dt
import threading

import pytest
from django.db import connection
from django.utils import timezone

from fawang.core.errors import ValidationFailed
from fawang.notary.enums import PaymentKind, Stage
from fawang.notary.models import MatterFee, NotaryApplication, NotaryMatter, Payment, Slot
from fawang.orders.models import OrderClock
from fawang.orders.services import order_accept, order_reject, order_resume, order_suspend

pytestmark = pytest.mark.django_db


def test_the_matters_list_has_the_annex_matters_with_a_fee_and_how_each_is_done(notary):
    codes = set(NotaryMatter.objects.values_list("code", flat=True))
    assert {
        "birth",
        "kinship",
        "no_criminal_record",
        "degree",
        "driving_licence",
        "contract",
        "will",
        "power_of_attorney",
        "evidence_preservation",
        "debt_instrument",
    } <= codes
    assert NotaryMatter.objects.get(code="birth").mode == "online"
    assert NotaryMatter.objects.get(code="will").mode == "presence"  # 公证法第二十六条: in person
    assert NotaryMatter.objects.get(code="debt_instrument").enforceable
    for fee in MatterFee.objects.all():
        assert isinstance(fee.amount_fen, int) and fee.is_demo and fee.basis.startswith("DEMO")


def test_a_fee_version_may_not_overlap_another(notary):
    from fawang.notary.services import matter_fee_create

    birth = NotaryMatter.objects.get(code="birth")
    with pytest.raises(ValidationFailed) as caught:
        matter_fee_create(
            actor=None,
            matter=birth,
            amount_fen=9000,
            effective_from=dt.date(2026, 1, 1),
            effective_to=None,
            basis="x",
        )
    assert caught.value.errors[0].field == "effective_from"
    # Ending the current version first lets the next one in; the fee of a day is the version then.
    MatterFee.objects.filter(matter=birth).update(effective_to=dt.date(2026, 12, 31))
    matter_fee_create(
        actor=None,
        matter=birth,
        amount_fen=9000,
        effective_from=dt.date(2027, 1, 1),
        effective_to=None,
        basis="x",
    )
    from fawang.notary.selectors import fee_as_of

    assert fee_as_of(birth, dt.date(2026, 6, 1)).amount_fen == 8000
    assert fee_as_of(birth, dt.date(2027, 6, 1)).amount_fen == 9000


def test_an_application_goes_to_the_office_the_applicant_chose_with_its_fee_and_slot(notary, notary_apply):
    order = notary_apply("marital_status", slot=notary.slots[0])
    assert order.workflow == "notary" and order.assigned_institution_id == notary.office.pk
    application = NotaryApplication.objects.get(order=order)
    assert application.fee_fen == 8000
    assert Slot.objects.get(pk=notary.slots[0].pk).order_id == order.pk
    # 公证法第三十条 counts from acceptance: no clock runs before it.
    assert not OrderClock.objects.filter(order=order).exists()


def test_a_matter_done_in_person_needs_an_appointment(notary, notary_apply):
    with pytest.raises(ValidationFailed) as caught:
        notary_apply("will")
    assert [e.field for e in caught.value.errors] == ["details.slot"]


def test_a_booked_slot_cannot_be_booked_again(notary, notary_apply):
    from fawang.accounts.tests.factories import CitizenFactory

    notary_apply("contract", slot=notary.slots[0])
    with pytest.raises(ValidationFailed) as caught:
        notary_apply("contract", slot=notary.slots[0], citizen=CitizenFactory())
    assert caught.value.errors[0].field == "details.slot"
    assert NotaryApplication.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_two_applicants_racing_for_one_slot_one_wins(notary, notary_apply):
    """The booking is one conditional UPDATE: both forms pass their checks, one intake wins."""
    if connection.vendor == "sqlite":
        pytest.skip("needs concurrent writers (PostgreSQL)")
    from fawang.accounts.tests.factories import CitizenFactory

    other = CitizenFactory()
    results: list[object] = []
    barrier = threading.Barrier(2)

    def book(citizen):
        try:
            barrier.wait()
            results.append(notary_apply("contract", slot=notary.slots[1], citizen=citizen))
        except ValidationFailed as exc:
            results.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=book, args=(c,)) for c in (notary.citizen, other)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sum(isinstance(r, ValidationFailed) for r in results) == 1
    assert Slot.objects.get(pk=notary.slots[1].pk).order_id is not None


def _accepted(notary, notary_apply, **kw):
    order = notary_apply(**kw)
    order_accept(actor=notary.clerk, order=order)
    order.refresh_from_db()
    return order


def test_art_30_fifteen_working_days_from_acceptance_not_counting_supplementary_materials_or_verification(
    notary, notary_apply
):
    """公证法第三十条: the certificate within fifteen working days of accepting the application; time
    for supplementary materials and for verifying the facts is not counted."""
    from fawang.core.calendar import add_working_days, working_days_between
    from fawang.notary.payments import notary_pay
    from fawang.orders.engine import order_act

    order = _accepted(notary, notary_apply)
    clock = OrderClock.objects.get(order=order, name="certify")
    assert clock.limit == 15 and clock.unit == "working_days" and "第三十条" in clock.legal_basis
    accepted_on = timezone.localtime(clock.started_at).date()
    due = timezone.localtime(clock.due_at).date()
    assert working_days_between(accepted_on, due) in (15, 16)  # counted on the official calendar
    assert due == add_working_days(accepted_on, 15)[0] or due == add_working_days(accepted_on, 16)[0]

    notary_pay(actor=notary.citizen, order=order)
    order_act(actor=notary.clerk, order=order, action="notary_review")
    order.refresh_from_db()
    # Supplementary materials (补充证明材料): the clock stands still ...
    start = timezone.now()
    order_suspend(actor=notary.clerk, order=order, reason="请补充出生医学证明原件")
    clock.refresh_from_db()
    assert clock.paused_at is not None
    # ... and five working days later the office resumes: the due date moves by those days.
    later = timezone.make_aware(
        dt.datetime.combine(add_working_days(timezone.localdate(start), 5)[0], dt.time(10))
    )
    order.refresh_from_db()
    from fawang.orders.engine import order_step

    order_step(actor=notary.clerk, order=order, action="resume", now=later)
    clock.refresh_from_db()
    moved = timezone.localtime(clock.due_at).date()
    assert working_days_between(due, moved) == 5
    # Verifying the facts (核实有关情况) pauses it the same way.
    order.refresh_from_db()
    order_act(actor=notary.clerk, order=order, action="notary_verify", reason="向学校核实学历")
    clock.refresh_from_db()
    assert clock.paused_at is not None
    order.refresh_from_db()
    assert order.stage == Stage.VERIFYING


def test_materials_asked_before_acceptance_and_then_accepted(notary, notary_apply):
    order = notary_apply()
    order_suspend(actor=notary.clerk, order=order, reason="请上传户口簿")
    order.refresh_from_db()
    assert order.stage == Stage.MATERIALS_REQUESTED
    order_resume(actor=notary.clerk, order=order)
    order.refresh_from_db()
    order_accept(actor=notary.clerk, order=order)
    order.refresh_from_db()
    assert (order.status, order.stage) == ("accepted", Stage.PAYMENT_DUE)


def test_the_applicant_pays_the_fee_through_the_local_backend_once(notary, notary_apply):
    from fawang.core.errors import Conflict
    from fawang.notary.payments import notary_pay

    order = _accepted(notary, notary_apply)
    payment = notary_pay(actor=notary.citizen, order=order)
    assert payment.amount_fen == 8000 and payment.state == "confirmed" and payment.backend == "local"
    assert "本地记录" in payment.record["request"]["note"]
    order.refresh_from_db()
    assert order.stage == Stage.PAID
    with pytest.raises(Conflict):
        notary_pay(actor=notary.citizen, order=order)
    assert Payment.objects.filter(kind=PaymentKind.CHARGE).count() == 1


def test_a_refusal_gives_written_reasons_and_refunds_what_was_paid(notary, notary_apply):
    from fawang.notary.payments import notary_pay
    from fawang.orders.models import OrderEvent

    order = _accepted(notary, notary_apply, slot=notary.slots[2])
    notary_pay(actor=notary.citizen, order=order)
    order.refresh_from_db()
    with pytest.raises(ValidationFailed):
        order_reject(actor=notary.clerk, order=order, reason="")
    order_reject(
        actor=notary.clerk, order=order, reason="当事人与申请公证的事项没有利害关系（公证法第三十一条第二项）"
    )
    order.refresh_from_db()
    assert (order.status, order.stage) == ("rejected", Stage.REFUSED)
    event = OrderEvent.objects.get(order=order, kind="notary_refused")
    assert "利害关系" in event.reason
    refund = Payment.objects.get(kind=PaymentKind.REFUND)
    assert refund.amount_fen == 8000 and refund.state == "confirmed"
    assert Slot.objects.get(pk=notary.slots[2].pk).order_id is None  # the time is free again


def test_visits_are_counted_per_application_and_reported_per_office(notary, notary_apply):
    from fawang.notary.selectors import visit_figures
    from fawang.notary.services import notary_visit_record

    first, second = notary_apply(), notary_apply("kinship")
    notary_visit_record(actor=notary.clerk, order=first)
    notary_visit_record(actor=notary.clerk, order=second)
    notary_visit_record(actor=notary.clerk, order=second)
    (row,) = [f for f in visit_figures(notary.clerk) if f.office == notary.office.name]
    assert (row.applications, row.none, row.one, row.more) == (2, 0, 1, 1)
    assert row.at_most_one_rate == 0.5
