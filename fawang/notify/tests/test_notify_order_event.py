from types import SimpleNamespace

from django.db import connection

from fawang.accounts.tests.minimal_rows import service_order
from fawang.core.identity import id_check_digit, mobile_index
from fawang.notify.models import InboxMessage, SmsMessage
from fawang.notify.selectors import inbox_for_user
from fawang.notify.services import notify_order_event

ID_NUMBER = "51010719900307123" + id_check_digit("51010719900307123")


def _event(kind="accepted", is_public=True, reason=""):
    return SimpleNamespace(kind=kind, is_public=is_public, reason=reason)


def test_anonymous_applicant_gets_an_sms_and_a_message_waiting_for_their_phone(sichuan):
    order = service_order("510107", phone="13912345678", id_number=ID_NUMBER, status="accepted")
    notify_order_event(order=order, event=_event())

    sms = SmsMessage.objects.get()
    assert sms.phone == "13912345678" and sms.template == "order.accepted" and sms.order_id == order.pk
    assert order.tracking_no in sms.text
    assert ID_NUMBER not in sms.text and ID_NUMBER[-8:] not in sms.text
    message = InboxMessage.objects.get()
    assert message.recipient is None and message.recipient_phone_index == mobile_index("13912345678")
    assert order.tracking_no in message.title


def test_message_is_written_in_the_applicants_language(sichuan, monkeypatch):
    from django.utils import translation

    from fawang.notify import services

    seen = []
    original = services._event_texts

    def spy(order, event, *rest):
        seen.append((order.language, translation.get_language()))
        return original(order, event, *rest)

    monkeypatch.setattr(services, "_event_texts", spy)
    for language in ("zh", "en", "bo"):
        notify_order_event(
            order=service_order("510107", language=language, status="accepted"), event=_event()
        )
    # Tibetan is a language of the site with its own catalogue (ADR 0013).
    assert seen == [("zh", "zh-hans"), ("en", "en"), ("bo", "bo")]
    en_order_text = SmsMessage.objects.filter(order__language="en").get().text
    assert "Service order" in en_order_text


def test_account_holder_sees_it_in_their_inbox(citizen):
    order = service_order("510107", applicant=citizen, phone=citizen.phone, status="resolved")
    notify_order_event(order=order, event=_event("resolved", reason="已答复"))
    assert [m.order for m in inbox_for_user(citizen)] == [order]
    assert "已答复" in inbox_for_user(citizen).get().body


def test_internal_events_notify_nobody(sichuan):
    order = service_order("510107")
    notify_order_event(order=order, event=_event("note", is_public=False))
    assert not SmsMessage.objects.exists() and not InboxMessage.objects.exists()


def test_recorded_sms_phone_is_encrypted_at_rest(sichuan):
    order = service_order("510107", phone="13912345678", status="accepted")
    notify_order_event(order=order, event=_event())
    with connection.cursor() as cursor:
        cursor.execute("SELECT phone FROM notify_smsmessage")
        (raw,) = cursor.fetchone()
    assert "13912345678" not in raw and raw.startswith("v1:")
