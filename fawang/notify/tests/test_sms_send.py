import pytest

from fawang.core.errors import DomainError
from fawang.core.identity import mobile_index
from fawang.notify.models import SmsMessage
from fawang.notify.services import sms_send
from fawang.notify.sms import RecordingSmsBackend, get_sms_backend


def test_recording_backend_is_the_default_and_records_instead_of_sending(db):
    assert isinstance(get_sms_backend(), RecordingSmsBackend)
    receipt = sms_send(phone="+86 139-1234-5678", text="hello", template="test")
    row = SmsMessage.objects.get(pk=receipt.message_id)
    assert (row.phone, row.text, row.status) == ("13912345678", "hello", "recorded")
    assert SmsMessage.objects.filter(phone_index=mobile_index("13912345678")).count() == 1


def test_id_numbers_never_leave_in_a_text(db):
    receipt = sms_send(phone="13912345678", text="ID 51010719900307123X on file", template="test")
    text = SmsMessage.objects.get(pk=receipt.message_id).text
    assert "51010719900307123X" not in text and "5101**********123X" in text


def test_invalid_phone_is_refused_naming_the_field(db):
    with pytest.raises(DomainError) as exc:
        sms_send(phone="555", text="x", template="test")
    assert exc.value.field == "phone" and not SmsMessage.objects.exists()


def test_admin_list_hides_sign_in_codes_and_full_numbers(client, sichuan):
    from django.urls import reverse

    from fawang.accounts.enums import Role
    from fawang.accounts.tests.factories import StaffFactory

    sms_send(phone="13912345678", text="[Fawang] Your sign-in code is 482913.", template="login.code")
    province = StaffFactory(jurisdiction_region_id="510000", roles=[Role.PROVINCIAL_ADMIN])
    province.is_staff = True
    province.save()
    client.force_login(province)
    page = client.get(reverse("admin:notify_smsmessage_changelist")).text
    assert "139****5678" in page and "13912345678" not in page
    assert "482913" not in page


def test_a_batch_is_recorded_text_by_text_in_one_insert_and_nothing_is_sent(db):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from fawang.notify.services import sms_send_many
    from fawang.notify.sms import SmsOutgoing

    batch = [
        SmsOutgoing(phone="+86 139-1234-5678", text="first", template="order.accepted"),
        SmsOutgoing(phone="555", text="not a mobile number", template="order.accepted"),
        SmsOutgoing(phone="13912340000", text="ID 51010719900307123X", template="order.resolved"),
    ]
    with CaptureQueriesContext(connection) as ctx:
        receipts = sms_send_many(batch)
    assert len([q for q in ctx.captured_queries if q["sql"].startswith("INSERT")]) == 1
    rows = [SmsMessage.objects.get(pk=r.message_id) for r in receipts]
    assert [(r.phone, r.template, r.status) for r in rows] == [
        ("13912345678", "order.accepted", "recorded"),
        ("13912340000", "order.resolved", "recorded"),
    ]
    assert {r.status for r in receipts} == {"recorded"}  # the receipts say nothing left the machine
    assert "51010719900307123X" not in rows[1].text and rows[1].phone_index == mobile_index("13912340000")


def test_a_gateway_without_a_batch_api_sends_one_by_one_and_one_refusal_stops_nothing(db):
    from fawang.notify.sms import SmsBackend, SmsOutgoing, SmsReceipt

    class Gateway(SmsBackend):
        name = "gateway"

        def __init__(self) -> None:
            self.sent: list[str] = []

        def send(self, phone, text, *, template="", order_id=None):
            if phone == "13900000002":
                raise ConnectionError("refused")
            self.sent.append(phone)
            return SmsReceipt(message_id=None, status="sent", backend=self.name)

    gateway = Gateway()
    phones = ["13900000001", "13900000002", "13900000003"]
    receipts = gateway.send_many([SmsOutgoing(phone=p, text="x") for p in phones])
    assert [r.status for r in receipts] == ["sent", "failed", "sent"]
    assert gateway.sent == ["13900000001", "13900000003"]
