"""Sessions: booked on a working day of China's official calendar (a rest day refused, naming the
field, unless the module allows it), in person or by video through the adapter, with a notice to each
party recorded."""

from __future__ import annotations

import datetime as dt

import pytest

from fawang.core.calendar import TZ
from fawang.core.errors import Conflict, ValidationFailed
from fawang.disputes.enums import EventKind
from fawang.disputes.models import PartyNotice, Session
from fawang.disputes.services import session_cancel, session_hold, session_schedule
from fawang.disputes.video import LOCAL_NOTE
from fawang.notify.models import InboxMessage, SmsMessage

from .conftest import NOW

pytestmark = pytest.mark.django_db

NATIONAL_DAY = dt.datetime(2026, 10, 1, 9, 0, tzinfo=TZ)
WORKING_DAY = dt.datetime(2026, 9, 8, 9, 0, tzinfo=TZ)  # a Tuesday
MAKE_UP_SUNDAY = dt.datetime(
    2026, 9, 20, 9, 0, tzinfo=TZ
)  # a Sunday worked (调休) for the National Day holiday


def book(world, dispute, starts_at, **kwargs):
    return session_schedule(
        actor=world.clerk,
        order=dispute.order,
        kind="mediation",
        starts_at=starts_at,
        ends_at=starts_at + dt.timedelta(hours=2),
        mode=kwargs.pop("mode", "in_person"),
        place=kwargs.pop("place", "簇桥街道人民调解委员会调解室"),
        now=NOW,
        **kwargs,
    )


def test_a_session_on_a_holiday_is_refused_naming_the_field_and_nothing_is_saved(world, dispute):
    with pytest.raises(ValidationFailed) as caught:
        book(world, dispute, NATIONAL_DAY)
    error = caught.value.errors[0]
    assert (error.field, error.code) == ("starts_at", "session_on_rest_day")
    assert "2026-10-01" in error.message
    assert not Session.objects.exists() and not PartyNotice.objects.exists()


def test_a_make_up_working_day_is_a_working_day_and_a_module_may_allow_rest_days(world, dispute):
    assert book(world, dispute, MAKE_UP_SUNDAY).pk
    assert book(world, dispute, NATIONAL_DAY, allow_rest_day=True).pk


def test_a_session_in_person_needs_a_place_and_must_end_after_it_starts(world, dispute):
    with pytest.raises(ValidationFailed) as caught:
        session_schedule(
            actor=world.clerk,
            order=dispute.order,
            kind="mediation",
            starts_at=WORKING_DAY,
            ends_at=WORKING_DAY - dt.timedelta(hours=1),
            mode="in_person",
            place="",
            now=NOW,
        )
    assert [e.field for e in caught.value.errors] == ["ends_at", "place"]


def test_every_party_is_told_and_each_notice_is_recorded(world, dispute):
    session = book(world, dispute, WORKING_DAY)
    notices = PartyNotice.objects.filter(session=session)
    assert sorted(notices.values_list("channel", flat=True)) == ["inbox", "inbox", "sms", "sms"]
    assert set(notices.filter(channel="sms").values_list("phone_masked", flat=True)) == {
        "138****1111",
        "138****2222",
    }
    texts = list(SmsMessage.objects.filter(template="disputes.session").values_list("text", "status"))
    assert len(texts) == 2 and all("2026-09-08 09:00" in t and s == "recorded" for t, s in texts)
    # The respondent, who never filed anything, finds it in their inbox once signed in with that phone.
    assert InboxMessage.objects.filter(recipient_phone_index=world.respondent.phone_index).count() == 1
    assert dispute.order.events.filter(kind=EventKind.SESSION_SCHEDULED).exists()


def test_a_video_session_says_no_video_service_is_connected(world, dispute):
    session = book(world, dispute, WORKING_DAY, mode="video", place="")
    assert session.video_backend == "local"
    assert session.video_room["connected"] is False and session.video_room["note"] == LOCAL_NOTE


def test_held_with_minutes_once_and_a_cancelled_one_cannot_be_held(world, dispute):
    session = book(world, dispute, WORKING_DAY)
    with pytest.raises(ValidationFailed):
        session_hold(actor=world.clerk, session=session, minutes="  ")
    held = session_hold(actor=world.clerk, session=session, minutes="双方到场，陈述意见。")
    assert held.state == "held" and held.minutes == "双方到场，陈述意见。"
    with pytest.raises(Conflict):
        session_cancel(actor=world.clerk, session=held, reason="改期")
