"""A message consultation from the asker's question to the duty lawyer's answer, the follow-up on the
same thread, masking, the duty queue, the one-winner take, the 3-working-day clock, the hotline's
phone consultations and bad input (issue 13 items 1 and 4)."""

from __future__ import annotations

import datetime as dt
import logging

import pytest
from django.db import connection

from fawang.consult import selectors
from fawang.consult.models import Consultation
from fawang.core.calendar import TZ
from fawang.core.errors import Conflict, Forbidden, ValidationFailed
from fawang.orders.engine import order_act
from fawang.orders.enums import OrderStatus
from fawang.orders.models import OrderClock, SupervisionOrder
from fawang.orders.sweep import sweep_deadlines

pytestmark = pytest.mark.django_db

ID_NO = "510107199001011237"
QUESTION = f"我叫张善德，身份证{ID_NO}，电话13912345678，公司拖欠我三个月工资，我该怎么办？"


def at(*args: int) -> dt.datetime:
    return dt.datetime(*args, tzinfo=TZ)


def test_the_question_is_masked_for_everyone_but_the_asker_and_the_answering_lawyer(
    ask, duty_lawyer, other_staff, citizen
):
    order = ask(description=QUESTION, applicant=citizen, applicant_phone=citizen.phone, channel="web")
    order.refresh_from_db()
    # What staff, the queue, supervision and the API read: no name, no numbers.
    assert ID_NO not in order.description and "13912345678" not in order.description
    assert "张善德" not in order.description and "拖欠我三个月工资" in order.description
    assert Consultation.objects.get(pk=order.pk).question == QUESTION  # kept, encrypted
    with connection.cursor() as cursor:  # encrypted at rest: the stored bytes do not hold the number
        cursor.execute(
            "SELECT body FROM consult_consultationmessage UNION ALL SELECT question FROM consult_consultation"
        )
        stored = [row[0] for row in cursor.fetchall()]
    assert stored and all(ID_NO not in value and "张善德" not in value for value in stored)
    assert selectors.thread(other_staff, order)[0].text == order.description
    assert selectors.thread(duty_lawyer, order)[0].text == order.description  # not taken yet
    assert selectors.thread(citizen, order)[0].text == QUESTION
    order_act(actor=duty_lawyer, order=order, action="consult_take")
    assert selectors.thread(duty_lawyer, order)[0].text == QUESTION


def test_the_queue_shows_a_question_to_the_duty_lawyers_of_its_place_and_language(
    ask, duty_lawyer, off_duty_lawyer, make_duty_lawyer
):
    chinese = ask()
    tibetan = ask(description="ང་ལ་གླ་ཆ་མ་སྤྲད།", language="bo")
    tibetan_speaker = make_duty_lawyer("lawyer_bo", languages=("zh", "bo"))
    assert list(selectors.duty_queue(duty_lawyer)) == [chinese]
    assert set(selectors.duty_queue(tibetan_speaker)) == {chinese, tibetan}
    assert list(selectors.duty_queue(off_duty_lawyer)) == []
    with pytest.raises(Forbidden) as refused:
        order_act(actor=off_duty_lawyer, order=chinese, action="consult_take")
    assert refused.value.code == "consult_not_on_duty"
    with pytest.raises(Forbidden):
        order_act(actor=duty_lawyer, order=tibetan, action="consult_take")  # does not speak Tibetan


def test_two_duty_lawyers_take_the_same_question_one_wins(ask, duty_lawyer, second_lawyer):
    order = ask()
    seen_by_b = type(order).objects.get(pk=order.pk)  # B loaded the queue before A took it
    order_act(actor=duty_lawyer, order=order, action="consult_take")
    with pytest.raises(Conflict):
        order_act(actor=second_lawyer, order=seen_by_b, action="consult_take")
    order.refresh_from_db()
    assert (order.status, order.stage) == (OrderStatus.IN_PROGRESS, "taken")
    assert order.assigned_practitioner_id == duty_lawyer.practitioner_pk
    assert list(selectors.duty_queue(second_lawyer)) == []
    # Only the lawyer who took it answers.
    with pytest.raises(Forbidden):
        order_act(actor=second_lawyer, order=order, action="consult_answer", resolution="……")


def test_answer_rating_and_follow_up_on_the_same_thread(ask, duty_lawyer, citizen):
    from fawang.feedback.services import evaluation_submit

    order = ask(applicant=citizen, applicant_phone=citizen.phone)
    order_act(actor=duty_lawyer, order=order, action="consult_take")
    order_act(actor=duty_lawyer, order=order, action="consult_answer", resolution="可向劳动仲裁委申请仲裁。")
    assert (order.status, order.stage) == (OrderStatus.RESOLVED, "answered")
    # The asker asks on: the thread grows, the 3-working-day clock starts again.
    order_act(actor=citizen, order=order, action="consult_follow_up", reason="仲裁要交费吗？")
    assert (order.status, order.stage) == (OrderStatus.REOPENED, "follow_up")
    assert OrderClock.objects.filter(order=order, stopped_at__isnull=True).count() == 1
    order_act(actor=duty_lawyer, order=order, action="consult_answer", resolution="劳动争议仲裁不收费。")
    kinds = [m.kind for m in selectors.thread(citizen, order)]
    assert kinds == ["question", "answer", "follow_up", "answer"]
    evaluation_submit(actor=citizen, order=order, level=1, channel="web")
    order.refresh_from_db()
    assert order.status == OrderStatus.CLOSED


def test_sichuan_12345_rule_enquiries_answered_within_three_working_days(ask, duty_lawyer):
    """《四川省12345政务服务便民热线运行管理办法》 (2025): enquiries (咨询类) within 3 working days. A
    provincial service standard, not a statute article: the clock cites it by title."""
    order = ask(now=at(2026, 11, 4, 10, 0))  # a Wednesday
    clock = OrderClock.objects.get(order=order)
    assert clock.name == "handle" and "咨询类3个工作日" in clock.legal_basis
    # Thursday, Friday, then Monday (the weekend does not count).
    assert clock.due_at == at(2026, 11, 9, 23, 59, 59)
    assert sweep_deadlines(now=at(2026, 11, 9, 12, 0)).overdue == []
    report = sweep_deadlines(now=at(2026, 11, 10, 9, 0))
    assert report.overdue == [order.tracking_no]
    supervision = SupervisionOrder.objects.get(order=order)
    assert "12345" in supervision.reason


def test_the_warning_comes_before_the_limit(ask):
    order = ask(now=at(2026, 11, 4, 10, 0))
    clock = OrderClock.objects.get(order=order)
    assert clock.warn_at is not None and at(2026, 11, 4, 10, 0) < clock.warn_at < clock.due_at
    report = sweep_deadlines(now=clock.warn_at + dt.timedelta(minutes=1))
    assert order.tracking_no in report.warned


def test_a_hotline_agent_records_a_phone_consultation_answered_on_the_spot(ask, hotline_agent):
    order = ask(
        actor=hotline_agent, channel="hotline", resolved_at_first_contact="可先与公司协商，再申请劳动仲裁。"
    )
    assert order.status == OrderStatus.RESOLVED
    kinds = [m.kind for m in selectors.thread(hotline_agent, order)]
    assert kinds == ["question", "answer"]


@pytest.mark.parametrize(
    ("description", "field"),
    [
        ("", "description"),
        ("   ", "description"),
        (ID_NO, "description"),
        ("x" * 20000, "description"),
        ("问题\x00", "description"),
    ],
    ids=["empty", "blank", "only-an-id-number", "20000-characters", "nul-byte"],
)
def test_bad_questions_are_refused_naming_the_field_and_nothing_is_saved(ask, description, field):
    with pytest.raises(ValidationFailed) as refused:
        ask(description=description)
    assert refused.value.errors[0].field == field
    assert not Consultation.objects.exists()


@pytest.mark.parametrize(
    "text", ["ང་ལ་ལས་གླ་མ་སྤྲད། ཅི་བྱེད་དགོས།", "ꆏꉬꑭꐪꀕꄻꌋꁧꂷꏭꄮ"], ids=["tibetan", "yi"]
)
def test_questions_in_tibetan_or_yi_script_are_kept_as_written(ask, text):
    order = ask(description=text, language="bo" if "ང" in text else "ii")
    assert Consultation.objects.get(pk=order.pk).question == text


def test_personal_numbers_never_reach_the_logs(ask, duty_lawyer, caplog):
    caplog.set_level(logging.DEBUG)
    order = ask(description=QUESTION)
    order_act(actor=duty_lawyer, order=order, action="consult_take")
    order_act(
        actor=duty_lawyer,
        order=order,
        action="consult_answer",
        resolution=f"张善德您好，您的身份证{ID_NO}无需提供。",
    )
    assert ID_NO not in caplog.text and "13912345678" not in caplog.text
    order.refresh_from_db()
    assert ID_NO not in order.resolution  # the order's resolution, which other staff read, is masked
    assert all(ID_NO not in (e.reason or "") for e in order.events.all())


def test_an_empty_answer_names_its_field(ask, duty_lawyer):
    order = ask()
    order_act(actor=duty_lawyer, order=order, action="consult_take")
    with pytest.raises(ValidationFailed) as refused:
        order_act(actor=duty_lawyer, order=order, action="consult_answer", resolution="  ")
    assert refused.value.errors[0].field in ("answer", "resolution")
