"""Rating a resolved order from the web, from the hotline and anonymously with the phone."""

import pytest

from fawang.audit.models import AuditEntry
from fawang.core.errors import Conflict, NotFound, ValidationFailed
from fawang.feedback.enums import EvaluationLevel, ReviewStatus
from fawang.feedback.models import Evaluation, Review
from fawang.feedback.selectors import reviews_for_supervisor
from fawang.feedback.services import evaluation_submit
from fawang.orders.enums import ApplicantKind, Channel, EventKind, OrderStatus

from .factories import ServiceOrderFactory, resolved_order

pytestmark = pytest.mark.django_db


def test_citizen_rates_satisfied_on_the_web_and_the_order_closes(citizen):
    order = resolved_order(applicant=citizen)

    evaluation = evaluation_submit(
        actor=citizen, order=order, level=EvaluationLevel.SATISFIED, comment="解答清楚", channel=Channel.WEB
    )

    order.refresh_from_db()
    assert order.status == OrderStatus.CLOSED
    assert evaluation.level == 2 and evaluation.round == 1 and evaluation.rated_by == citizen
    kinds = list(order.events.values_list("kind", flat=True))
    assert kinds[-2:] == [EventKind.EVALUATED, EventKind.CLOSED]
    assert order.events.get(kind=EventKind.EVALUATED).data["level"] == 2
    assert AuditEntry.objects.filter(action="evaluation.submit", entity_id=str(evaluation.pk)).exists()
    assert not Review.objects.filter(order=order).exists()


def test_hotline_agent_records_the_callers_rating_on_their_behalf(hotline_agent):
    order = resolved_order(channel=Channel.HOTLINE, applicant_kind=ApplicantKind.ANONYMOUS)

    evaluation = evaluation_submit(
        actor=hotline_agent, order=order, level=EvaluationLevel.VERY_SATISFIED, channel=Channel.HOTLINE
    )

    order.refresh_from_db()
    assert order.status == OrderStatus.CLOSED
    assert evaluation.on_behalf is True and evaluation.channel == Channel.HOTLINE


def test_staff_cannot_rate_on_behalf_through_the_web_channel(hotline_agent):
    order = resolved_order()

    with pytest.raises(ValidationFailed) as exc:
        evaluation_submit(actor=hotline_agent, order=order, level=1, channel=Channel.WEB)

    assert exc.value.field == "channel"
    assert not Evaluation.objects.exists()


def test_anonymous_applicant_rates_with_the_phone_given_at_intake():
    order = resolved_order(applicant_kind=ApplicantKind.ANONYMOUS, applicant_phone="13800001111")

    evaluation = evaluation_submit(
        actor=None,
        order=order,
        level=EvaluationLevel.BASICALLY_SATISFIED,
        channel=Channel.APP,
        phone="138 0000 1111",
    )

    order.refresh_from_db()
    assert evaluation.rated_by is None
    assert order.status == OrderStatus.CLOSED


def test_wrong_phone_is_refused_as_if_the_order_did_not_exist():
    order = resolved_order(applicant_kind=ApplicantKind.ANONYMOUS, applicant_phone="13800001111")

    with pytest.raises(NotFound) as exc:
        evaluation_submit(actor=None, order=order, level=1, channel=Channel.WEB, phone="13800002222")

    assert exc.value.code == "order_not_found"
    order.refresh_from_db()
    assert order.status == OrderStatus.RESOLVED
    assert not Evaluation.objects.exists()


def test_anonymous_rating_without_a_phone_asks_for_it():
    order = resolved_order(applicant_kind=ApplicantKind.ANONYMOUS)

    with pytest.raises(ValidationFailed) as exc:
        evaluation_submit(actor=None, order=order, level=1, channel=Channel.WEB)

    assert exc.value.field == "phone"


def test_another_citizen_cannot_rate_someone_elses_order(citizen):
    from fawang.accounts.tests.factories import CitizenFactory

    order = resolved_order(applicant=citizen)
    stranger = CitizenFactory(phone="13700007777")

    with pytest.raises(NotFound):
        evaluation_submit(actor=stranger, order=order, level=1, channel=Channel.WEB)


def test_rating_before_resolution_is_refused(citizen):
    order = ServiceOrderFactory(applicant=citizen, status=OrderStatus.IN_PROGRESS)

    with pytest.raises(Conflict) as exc:
        evaluation_submit(actor=citizen, order=order, level=1, channel=Channel.WEB)

    assert exc.value.code == "order_not_resolved"
    assert not Evaluation.objects.exists()


def test_a_reopened_order_cannot_be_rated_until_resolved_again(citizen):
    order = resolved_order(applicant=citizen)
    evaluation_submit(
        actor=citizen, order=order, level=4, comment="答复敷衍，没有解决问题", channel=Channel.WEB
    )
    order.refresh_from_db()
    assert order.status == OrderStatus.REOPENED

    with pytest.raises(Conflict) as exc:
        evaluation_submit(actor=citizen, order=order, level=1, channel=Channel.WEB)
    assert exc.value.code == "order_not_resolved"
    assert Evaluation.objects.filter(order=order).count() == 1


def test_already_rated_round_is_refused(citizen):
    order = resolved_order(applicant=citizen)
    evaluation_submit(
        actor=citizen, order=order, level=4, comment="答复敷衍，没有解决问题", channel=Channel.WEB
    )
    # Put the order back to resolved without a new resolution (no new round): the round is spent.
    type(order).objects.filter(pk=order.pk).update(status=OrderStatus.RESOLVED)

    with pytest.raises(Conflict) as exc:
        evaluation_submit(actor=citizen, order=order, level=1, channel=Channel.WEB)

    assert exc.value.code == "already_rated"


def test_reopened_order_resolved_again_is_rated_in_a_new_round(citizen):
    from fawang.feedback.services import feedback_on_order_resolved

    order = resolved_order(applicant=citizen)
    evaluation_submit(actor=citizen, order=order, level=5, comment="完全没有人联系我", channel=Channel.WEB)
    type(order).objects.filter(pk=order.pk).update(status=OrderStatus.RESOLVED)
    order.refresh_from_db()
    feedback_on_order_resolved(order=order, actor=None)

    second = evaluation_submit(actor=citizen, order=order, level=2, channel=Channel.WEB)

    assert second.round == 2
    order.refresh_from_db()
    assert order.status == OrderStatus.CLOSED


def test_dissatisfied_reopens_the_order_and_opens_a_review_for_chengdu_not_ganzi(
    citizen, chengdu_supervisor, ganzi_supervisor
):
    order = resolved_order(applicant=citizen)

    evaluation = evaluation_submit(
        actor=citizen,
        order=order,
        level=EvaluationLevel.DISSATISFIED,
        comment="律师态度很差，问题没解决",
        channel=Channel.WEB,
    )

    order.refresh_from_db()
    assert order.status == OrderStatus.REOPENED
    review = Review.objects.get(order=order)
    assert review.evaluation == evaluation
    assert review.status == ReviewStatus.OPEN
    assert review.supervisor_region_id == "510100"  # Wuhou's handler answers to Chengdu
    assert review.deadline_at > evaluation.created_at
    assert list(reviews_for_supervisor(chengdu_supervisor)) == [review]
    assert list(reviews_for_supervisor(ganzi_supervisor)) == []


def test_bad_rating_must_say_what_went_wrong(citizen):
    order = resolved_order(applicant=citizen)

    with pytest.raises(ValidationFailed) as exc:
        evaluation_submit(actor=citizen, order=order, level=5, comment=" 差 ", channel=Channel.WEB)

    assert exc.value.field == "comment"
    assert exc.value.code == "comment_required"
    order.refresh_from_db()
    assert order.status == OrderStatus.RESOLVED
    assert not Evaluation.objects.exists()


def test_every_bad_field_is_reported_at_once(citizen):
    order = resolved_order(applicant=citizen)

    with pytest.raises(ValidationFailed) as exc:
        evaluation_submit(actor=citizen, order=order, level=9, channel="fax")

    assert {e.field for e in exc.value.errors} == {"level", "channel"}
