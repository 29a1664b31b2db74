"""Remote video sessions: opened through the video adapter's local backend (said so), identity checks
recorded in order, and a video-booked application issued only after every check passed."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from fawang.core.errors import ValidationFailed

pytestmark = pytest.mark.django_db


@pytest.fixture
def video_review(notary, notary_apply):
    from fawang.notary.enums import SlotKind
    from fawang.notary.payments import notary_pay
    from fawang.notary.services import slot_create
    from fawang.orders.engine import order_act
    from fawang.orders.services import order_accept

    when = (timezone.localtime() + dt.timedelta(days=3)).replace(hour=15, minute=0, second=0, microsecond=0)
    slot = slot_create(
        actor=notary.clerk, office=notary.office, starts_at=when, minutes=30, kind=SlotKind.VIDEO
    )
    order = notary_apply("power_of_attorney", slot=slot)
    order_accept(actor=notary.clerk, order=order)
    order.refresh_from_db()
    notary_pay(actor=notary.citizen, order=order)
    order.refresh_from_db()
    order_act(actor=notary.clerk, order=order, action="notary_review")
    order.refresh_from_db()
    return order


def test_a_video_booking_is_issued_only_after_every_identity_check(notary, video_review):
    from fawang.notary.certificates import notary_issue
    from fawang.notary.video import identity_check_record, video_session_open

    with pytest.raises(ValidationFailed):
        notary_issue(actor=notary.clerk, order=video_review)
    session = video_session_open(actor=notary.clerk, order=video_review)
    assert session.backend == "local" and "本地记录" in session.room["note"]
    with pytest.raises(ValidationFailed):  # the face before the document: refused
        identity_check_record(actor=notary.clerk, order=video_review, step="face_match", passed=True)
    identity_check_record(actor=notary.clerk, order=video_review, step="id_document", passed=True)
    identity_check_record(
        actor=notary.clerk, order=video_review, step="face_match", passed=False, note="光线不足"
    )
    with pytest.raises(ValidationFailed):
        notary_issue(actor=notary.clerk, order=video_review)
    identity_check_record(actor=notary.clerk, order=video_review, step="face_match", passed=True)
    identity_check_record(actor=notary.clerk, order=video_review, step="intent", passed=True)
    session.refresh_from_db()
    assert [c["step"] for c in session.checks] == ["id_document", "face_match", "face_match", "intent"]
    certificate = notary_issue(actor=notary.clerk, order=video_review)
    assert certificate.log_index is not None


def test_the_order_page_shows_the_session_and_records_checks(notary, video_review, client):
    client.force_login(notary.clerk)
    url = reverse("notary:video", args=[video_review.tracking_no])
    assert client.post(url, {"action": "open"}).status_code == 302
    assert client.post(url, {"action": "check", "step": "id_document", "passed": "1"}).status_code == 302
    page = client.get(reverse("orders:order_detail", args=[video_review.tracking_no])).content.decode()
    assert "本地记录" in page and 'data-step="id_document"' in page
