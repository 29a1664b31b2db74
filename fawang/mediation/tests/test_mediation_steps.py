"""The mediation's steps, each named after its article: refusal (第十七条), ending at a party's request
(第二十三条), failure (第二十六条), the agreement written or oral (第二十八条至第三十条) in the evidence
log, judicial confirmation within thirty days (第三十三条) as its own clock, follow-up visits (第三十一条)."""

from __future__ import annotations

import datetime as dt
import hashlib

import pytest

from fawang.core.calendar import TZ
from fawang.core.errors import Conflict, DomainError, ValidationFailed
from fawang.disputes.outcomes import outcome_pdf_bytes
from fawang.ledger.models import LogEntry
from fawang.mediation.enums import Action
from fawang.mediation.models import FollowUp, Mediation
from fawang.mediation.services import follow_up_record, mediator_assign
from fawang.orders.engine import order_act
from fawang.orders.models import OrderClock, SupervisionOrder

from .conftest import NOW, agree

pytestmark = pytest.mark.django_db


def test_art_17_a_party_who_refuses_means_no_mediation(mediation_world, register):
    order = register()
    order_act(
        actor=mediation_world.clerk, order=order, action=Action.REFUSE, reason="被申请人明确表示拒绝调解"
    )
    order.refresh_from_db()
    assert (order.status, order.stage) == ("rejected", "refused")
    assert order.clocks.get(name="mediate").stopped_at is not None
    event = order.events.get(kind="mediation_refused")
    assert event.is_public


def test_art_23_the_applicant_may_end_the_mediation_themselves(mediation_world, mediating):
    order = mediating()
    order_act(actor=mediation_world.villager, order=order, action=Action.WITHDRAW, reason="双方已自行和解")
    order.refresh_from_db()
    assert (order.status, order.stage) == ("resolved", "withdrawn")
    # The other party cannot end it on the applicant's account.
    other = mediating()
    with pytest.raises(DomainError):
        order_act(actor=mediation_world.neighbour, order=other, action=Action.WITHDRAW, reason="不想调了")


def test_art_26_a_failed_mediation_ends_and_tells_the_parties_their_other_channels(
    mediation_world, mediating
):
    from fawang.orders.workflow import event_note

    order = mediating()
    with pytest.raises(ValidationFailed):
        order_act(actor=mediation_world.clerk, order=order, action=Action.FAIL, reason="")
    order_act(actor=mediation_world.clerk, order=order, action=Action.FAIL, reason="双方对赔偿金额分歧过大")
    order.refresh_from_db()
    assert (order.status, order.stage) == ("resolved", "failed")
    event = order.events.get(kind="mediation_failed")
    assert "第二十六条" in event_note(event.kind, event.data)  # in the tests' language, zh-hans


def test_arts_28_29_a_written_agreement_is_signed_by_both_sides_and_its_hash_is_logged(
    mediation_world, mediating
):
    order = mediating()
    from fawang.mediation.services import mediation_agree

    with pytest.raises(ValidationFailed) as caught:
        mediation_agree(
            actor=mediation_world.clerk, order=order, form="written", facts="事实", terms="协议", signed=[]
        )
    assert caught.value.errors[0].field == "signatories"
    order.refresh_from_db()
    assert order.stage == "mediating"  # nothing moved
    outcome = agree(mediation_world, order)
    order.refresh_from_db()
    assert (order.status, order.stage) == ("in_progress", "agreed")
    pdf = outcome_pdf_bytes(outcome)
    assert hashlib.sha256(pdf).hexdigest() == outcome.sha256
    assert LogEntry.objects.filter(index=outcome.log_index, kind="dispute-outcome").exists()
    assert outcome.title == "人民调解协议书" and outcome.number.startswith("SCTJ-")
    assert Mediation.objects.get(order=order).agreement_effective_on is not None
    assert order.clocks.get(name="mediate").stopped_at is not None


def test_art_30_an_oral_agreement_is_recorded_by_the_mediator(mediation_world, mediating):
    order = mediating()
    outcome = agree(mediation_world, order, form="oral")
    assert (outcome.form, outcome.title) == ("oral", "口头调解协议记录")


def test_art_33_judicial_confirmation_within_30_days(mediation_world, mediating):
    """人民调解法第三十三条: the parties may apply together to the court within thirty days of the
    agreement taking effect. The clock starts with the agreement, cites the article, is warned and
    supervised past its day, and stops when the application is recorded."""
    from fawang.orders.sweep import sweep_deadlines

    order = mediating()
    agreed_at = dt.datetime(2026, 9, 2, 10, 0, tzinfo=TZ)
    agree(mediation_world, order, now=agreed_at)
    clock = OrderClock.objects.get(order=order, name="confirm")
    assert clock.limit == 30 and clock.unit == "calendar_days"
    # 2 Sep + 30 days = 2 Oct, inside the National Day holiday: the period ends on the next working
    # day, 8 Oct (民法典第二百零三条).
    assert clock.due_at == dt.datetime(2026, 10, 8, 23, 59, 59, tzinfo=TZ)
    assert "人民调解法第三十三条" in clock.legal_basis
    sweep_deadlines(now=dt.datetime(2026, 10, 12, 9, 0, tzinfo=TZ))
    clock.refresh_from_db()
    assert clock.overdue_at is not None
    supervision = SupervisionOrder.objects.get(order=order)
    assert "第三十三条" in (supervision.reason + str(getattr(supervision, "legal_basis", "")))
    # Another agreement whose parties apply in time: the clock stops and nothing is supervised.
    second = mediating()
    agree(mediation_world, second, now=agreed_at)
    second.refresh_from_db()
    order_act(
        actor=mediation_world.clerk,
        order=second,
        action=Action.APPLY_CONFIRMATION,
        reason="双方已共同向武侯区人民法院申请司法确认",
    )
    assert OrderClock.objects.get(order=second, name="confirm").stopped_at is not None


def test_art_31_follow_up_visits_then_performed(mediation_world, mediating):
    order = mediating()
    with pytest.raises(ValidationFailed):
        follow_up_record(
            actor=mediation_world.clerk, order=order, visited_on=NOW.date(), performance="partly"
        )
    agree(mediation_world, order)
    order.refresh_from_db()
    import django.utils.timezone as tz

    today = tz.localdate()
    visit = follow_up_record(
        actor=mediation_world.clerk, order=order, visited_on=today, performance="partly", note="已拆除一半"
    )
    assert visit.note == "已拆除一半" and FollowUp.objects.count() == 1
    with pytest.raises(ValidationFailed) as caught:
        follow_up_record(
            actor=mediation_world.clerk,
            order=order,
            visited_on=today + dt.timedelta(days=3),
            performance="weird",
        )
    assert [e.field for e in caught.value.errors] == ["performance", "visited_on"]
    order_act(actor=mediation_world.clerk, order=order, action=Action.WAIVE_CONFIRMATION, reason="")
    order.refresh_from_db()
    order_act(actor=mediation_world.clerk, order=order, action=Action.PERFORMED, reason="已全部履行")
    order.refresh_from_db()
    assert (order.status, order.stage) == ("resolved", "performed")


def test_the_committee_assigns_one_of_its_mediators_who_then_works_the_case(mediation_world, mediating):
    order = mediating()
    with pytest.raises(ValidationFailed):
        mediator_assign(actor=mediation_world.clerk, order=order, mediator=999999)
    mediator_assign(actor=mediation_world.clerk, order=order, mediator=mediation_world.mediator.pk)
    order.refresh_from_db()
    assert order.assigned_practitioner_id == mediation_world.mediator.pk
    from fawang.mediation.services import mediation_agree

    parties = list(order.dispute_parties.all())
    outcome = mediation_agree(
        actor=mediation_world.mediator_user,
        order=order,
        form="written",
        facts="事实",
        terms="协议内容",
        signed=[p.pk for p in parties],
    )
    assert outcome.signed_by == mediation_world.mediator_user


def test_the_shared_resolve_is_refused(mediation_world, mediating):
    from fawang.orders.services import order_resolve

    order = mediating()
    with pytest.raises(Conflict) as caught:
        order_resolve(actor=mediation_world.clerk, order=order, resolution="调好了")
    assert caught.value.errors[0].code == "resolved_by_module"
