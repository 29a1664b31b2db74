"""A citizen signs in with a code texted to their phone: the round trip, the rate limits, the
attempt limit."""

import datetime as dt
import re

import pytest
from django.utils import timezone

from fawang.accounts.enums import UserKind
from fawang.accounts.models import PhoneVerification
from fawang.accounts.services import RateLimited, citizen_request_code, citizen_verify_code
from fawang.core.errors import DomainError
from fawang.core.identity import mobile_index
from fawang.notify.models import InboxMessage, SmsMessage

PHONE = "13912340000"


def _request(django_capture_on_commit_callbacks) -> str:
    with django_capture_on_commit_callbacks(execute=True):
        citizen_request_code(phone=PHONE)
    sms = SmsMessage.objects.filter(phone_index=mobile_index(PHONE)).first()
    return re.search(r"\b(\d{6})\b", sms.text).group(1)


def _rewind(seconds: int) -> None:
    row = PhoneVerification.objects.get(phone_index=mobile_index(PHONE))
    row.last_sent_at -= dt.timedelta(seconds=seconds)
    row.save()


def test_round_trip_creates_a_verified_citizen_and_hands_over_waiting_messages(
    db, django_capture_on_commit_callbacks
):
    InboxMessage.objects.create(recipient_phone_index=mobile_index(PHONE), title="t", body="b")
    code = _request(django_capture_on_commit_callbacks)
    sms = SmsMessage.objects.get(phone_index=mobile_index(PHONE))
    assert sms.template == "login.code" and sms.status == "recorded" and sms.phone == PHONE

    user = citizen_verify_code(phone="139 1234 0000", code=code)
    assert user.kind == UserKind.CITIZEN and user.phone == PHONE
    assert user.phone_verified_at is not None
    assert PHONE not in user.username
    assert InboxMessage.objects.get().recipient == user
    # The code is spent.
    with pytest.raises(DomainError) as exc:
        citizen_verify_code(phone=PHONE, code=code)
    assert exc.value.code == "code_expired"
    # Signing in again returns the same account.
    _rewind(61)
    assert citizen_verify_code(phone=PHONE, code=_request(django_capture_on_commit_callbacks)) == user


def test_one_code_per_minute_and_five_per_hour(db, django_capture_on_commit_callbacks):
    _request(django_capture_on_commit_callbacks)
    with pytest.raises(RateLimited) as exc:
        citizen_request_code(phone=PHONE)
    assert exc.value.code == "code_too_soon" and exc.value.field == "phone"
    for _ in range(4):
        _rewind(61)
        _request(django_capture_on_commit_callbacks)
    _rewind(61)
    with pytest.raises(RateLimited) as exc:
        citizen_request_code(phone=PHONE)
    assert exc.value.code == "code_hourly_limit"
    assert SmsMessage.objects.count() == 5


def test_five_wrong_codes_invalidate_the_code(db, django_capture_on_commit_callbacks):
    code = _request(django_capture_on_commit_callbacks)
    wrong = f"{(int(code) + 1) % 1_000_000:06d}"
    for left in (4, 3, 2, 1):
        with pytest.raises(DomainError) as exc:
            citizen_verify_code(phone=PHONE, code=wrong)
        assert exc.value.code == "code_wrong" and str(left) in str(exc.value.message)
    with pytest.raises(DomainError) as exc:
        citizen_verify_code(phone=PHONE, code=wrong)
    assert exc.value.code == "code_attempts_exhausted"
    # Even the right code no longer works.
    with pytest.raises(DomainError) as exc:
        citizen_verify_code(phone=PHONE, code=code)
    assert exc.value.code == "code_expired"


def test_expired_code_is_refused(db, django_capture_on_commit_callbacks):
    code = _request(django_capture_on_commit_callbacks)
    PhoneVerification.objects.update(expires_at=timezone.now() - dt.timedelta(seconds=1))
    with pytest.raises(DomainError) as exc:
        citizen_verify_code(phone=PHONE, code=code)
    assert exc.value.code == "code_expired"


def test_invalid_phone_names_the_field(db):
    with pytest.raises(DomainError) as exc:
        citizen_request_code(phone="12345")
    assert (exc.value.field, exc.value.code) == ("phone", "phone_invalid")
