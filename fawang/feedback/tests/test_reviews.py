"""差评整改: the handler rectifies or appeals, the handler's supervisors verify or decide."""

import pytest

from fawang.core.errors import Conflict, NotFound, ValidationFailed
from fawang.feedback.enums import AppealStatus, ReviewStatus
from fawang.feedback.models import Review
from fawang.feedback.selectors import satisfaction_summary
from fawang.feedback.services import (
    evaluation_submit,
    review_appeal,
    review_appeal_decide,
    review_rectify,
    review_verify,
)
from fawang.orders.enums import Channel

from .factories import resolved_order

pytestmark = pytest.mark.django_db


@pytest.fixture
def review(citizen):
    order = resolved_order(applicant=citizen)
    evaluation_submit(actor=citizen, order=order, level=5, comment="等了两周没人回复", channel=Channel.WEB)
    return Review.objects.get(order=order)


def test_handler_rectifies_and_the_chengdu_supervisor_verifies(review, wuhou_clerk, chengdu_supervisor):
    review_rectify(
        actor=wuhou_clerk,
        review=review,
        findings="承办人未按时回复",
        rectification="已约谈承办人并重新答复申请人",
    )
    review.refresh_from_db()
    assert review.status == ReviewStatus.RECTIFIED and review.rectified_by == wuhou_clerk

    review_verify(actor=chengdu_supervisor, review=review, accepted=True, note="已电话核实")

    review.refresh_from_db()
    assert review.status == ReviewStatus.CLOSED
    assert review.verified_by == chengdu_supervisor and review.verified_at is not None


def test_refused_rectification_goes_back_to_the_handler_with_the_reason(
    review, wuhou_clerk, chengdu_supervisor
):
    review_rectify(actor=wuhou_clerk, review=review, rectification="已重新答复")

    with pytest.raises(ValidationFailed) as exc:
        review_verify(actor=chengdu_supervisor, review=review, accepted=False, note="")
    assert exc.value.field == "note"

    review_verify(actor=chengdu_supervisor, review=review, accepted=False, note="申请人反映仍未联系")
    review.refresh_from_db()
    assert review.status == ReviewStatus.OPEN
    assert review.verification_note == "申请人反映仍未联系"


def test_ganzi_supervisor_cannot_verify_a_chengdu_review(review, wuhou_clerk, ganzi_supervisor):
    review_rectify(actor=wuhou_clerk, review=review, rectification="已重新答复")

    with pytest.raises(NotFound):
        review_verify(actor=ganzi_supervisor, review=review, accepted=True, note="")

    review.refresh_from_db()
    assert review.status == ReviewStatus.RECTIFIED


def test_a_clerk_outside_the_handler_region_cannot_rectify(review, ganzi_clerk):
    with pytest.raises(NotFound):
        review_rectify(actor=ganzi_clerk, review=review, rectification="已重新答复")


def test_verifying_before_rectification_is_refused(review, chengdu_supervisor):
    with pytest.raises(Conflict):
        review_verify(actor=chengdu_supervisor, review=review, accepted=True, note="")


def test_upheld_appeal_takes_a_malicious_rating_out_of_the_figures(review, wuhou_clerk, chengdu_supervisor):
    review_appeal(actor=wuhou_clerk, review=review, reason="申请人要求违法办理未果，恶意差评")
    review.refresh_from_db()
    assert review.appeal_status == AppealStatus.PENDING
    with pytest.raises(Conflict):  # no rectification while the appeal is pending
        review_rectify(actor=wuhou_clerk, review=review, rectification="x")

    review_appeal_decide(actor=chengdu_supervisor, review=review, upheld=True, note="经核实属恶意差评")

    review.refresh_from_db()
    assert review.status == ReviewStatus.APPEAL_UPHELD
    assert review.appeal_status == AppealStatus.UPHELD
    summary = satisfaction_summary(
        chengdu_supervisor, review.created_at.replace(year=2000), review.created_at.replace(year=2100)
    )
    assert summary.total == 0


def test_rejected_appeal_leaves_the_rectification_owed(review, wuhou_clerk, chengdu_supervisor):
    review_appeal(actor=wuhou_clerk, review=review, reason="不认可")
    review_appeal_decide(actor=chengdu_supervisor, review=review, upheld=False, note="差评有事实依据")

    review.refresh_from_db()
    assert review.status == ReviewStatus.OPEN and review.appeal_status == AppealStatus.REJECTED
    with pytest.raises(Conflict) as exc:
        review_appeal(actor=wuhou_clerk, review=review, reason="再次申诉")
    assert exc.value.code == "appeal_exists"
    review_rectify(actor=wuhou_clerk, review=review, rectification="已重新办理")
    review.refresh_from_db()
    assert review.status == ReviewStatus.RECTIFIED
