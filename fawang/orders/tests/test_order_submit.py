"""Intake: every bad field reported at once and nothing saved; what a good intake writes."""

from __future__ import annotations

from pathlib import Path
from unittest import mock

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection

from fawang.audit.models import AuditEntry
from fawang.core.errors import Forbidden, ValidationFailed
from fawang.core.identity import credit_code_is_valid, id_check_digit, mobile_index, resident_id_index
from fawang.orders.enums import ErrorCode, EventKind, OrderStatus
from fawang.orders.models import Attachment, OrderEvent, ServiceOrder
from fawang.orders.tracking import tracking_number_is_valid
from fawang.regions.models import Region

pytestmark = pytest.mark.django_db

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
PDF = b"%PDF-1.7\n" + b"1 0 obj\n" * 8

_CREDIT = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)


def valid_credit_code(first17: str = "91510107MA6CABCDE") -> str:
    total = sum(_CREDIT.index(c) * w for c, w in zip(first17, _WEIGHTS, strict=True))
    return first17 + _CREDIT[(31 - total % 31) % 31]


def valid_id_number() -> str:
    first17 = "51010719850312002"
    return first17 + id_check_digit(first17)


def test_every_bad_field_is_reported_at_once_and_nothing_is_saved(submit, network):
    network.consult.is_active = False
    network.consult.save()
    fake_pdf = SimpleUploadedFile("合同.pdf", b"MZ\x90\x00 not a pdf at all", content_type="application/pdf")
    with pytest.raises(ValidationFailed) as caught:
        submit(
            channel="web",
            region=Region.objects.get(code="510100"),  # a whole prefecture
            description="  ",
            applicant_kind="enterprise",
            applicant_phone="12345",
            applicant_id_number="510107198503120021",  # wrong check digit
            enterprise_name="",
            enterprise_credit_code="91510107MA6CABCDE0",
            language="fr",
            priority_groups=["elderly", "vip"],
            attachments=[fake_pdf],
        )
    codes = {e.field: e.code for e in caught.value.errors}
    assert codes == {
        "service_item": ErrorCode.SERVICE_ITEM_INACTIVE,
        "region": ErrorCode.REGION_TOO_COARSE,
        "description": ErrorCode.REQUIRED,
        "applicant_phone": "phone_invalid",
        "applicant_id_number": "id_number_check_digit",
        "enterprise_name": ErrorCode.REQUIRED,
        "enterprise_credit_code": ErrorCode.CREDIT_CODE_INVALID,
        "language": ErrorCode.LANGUAGE_UNKNOWN,
        "priority_groups": ErrorCode.PRIORITY_GROUP_UNKNOWN,
        "attachments": ErrorCode.ATTACHMENT_TYPE,
    }
    assert all(str(e.message) for e in caught.value.errors)
    assert ServiceOrder.objects.count() == 0
    assert OrderEvent.objects.count() == 0
    assert Attachment.objects.count() == 0


def test_messages_are_in_the_users_language(submit):
    from django.utils import translation

    with translation.override("en"), pytest.raises(ValidationFailed) as caught:
        submit(description="", applicant_phone="")
    messages = {e.field: str(e.message) for e in caught.value.errors}
    assert messages["description"] == "Describe your problem."
    assert "mobile number is required" in messages["applicant_phone"]


def test_anonymous_request_needs_a_phone_and_an_unknown_region_is_named(submit):
    with pytest.raises(ValidationFailed) as caught:
        submit(applicant_phone="", region="519999")
    assert {(e.field, e.code) for e in caught.value.errors} == {
        ("applicant_phone", ErrorCode.REQUIRED),
        ("region", ErrorCode.REGION_UNKNOWN),
    }


def test_a_good_web_intake_is_routed_timed_and_recorded(submit, network):
    order = submit(
        applicant_id_number=valid_id_number(),
        priority_groups=["migrant_worker"],
        attachments=[SimpleUploadedFile("工资条.png", PNG, content_type="application/octet-stream")],
    )
    order.refresh_from_db()
    assert tracking_number_is_valid(order.tracking_no)
    assert order.status == OrderStatus.SUBMITTED
    assert order.region_path == "510000/510100/510107/510107001/"
    assert order.assigned_point == network.wuhou_centre
    assert order.routing_reason.startswith("武侯区公共法律服务中心：")
    # Nobody received a web request in person: the routed point's staff answer for it.
    assert order.first_responder is None and order.first_responder_point == network.wuhou_centre
    assert order.clocks.get().started_at == order.submitted_at
    assert order.warn_at < order.due_at
    # Personal numbers are encrypted in the row and findable through their blind index.
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT applicant_phone, applicant_id_number FROM orders_serviceorder WHERE id = %s", [order.pk]
        )
        raw_phone, raw_id = cursor.fetchone()
    assert "13800138000" not in raw_phone and valid_id_number() not in raw_id
    assert order.applicant_phone == "13800138000"
    assert order.applicant_phone_index == mobile_index("13800138000")
    assert order.applicant_id_number_index == resident_id_index(valid_id_number())
    kinds = list(order.events.values_list("kind", flat=True))
    assert kinds == [EventKind.SUBMITTED, EventKind.ROUTED]
    assert order.events.get(kind=EventKind.ROUTED).reason == order.routing_reason
    assert AuditEntry.objects.filter(action="order.submit", entity_id=str(order.pk), channel="web").exists()


def test_attachment_is_sniffed_stored_by_hash_outside_the_database(submit):
    import hashlib

    order = submit(attachments=[SimpleUploadedFile("申请.pdf", PDF, content_type="image/png")])
    attachment = order.attachments.get()
    assert attachment.content_type == "application/pdf"  # what the bytes say, not what the client claimed
    assert attachment.sha256 == hashlib.sha256(PDF).hexdigest()
    stored = Path(settings.MEDIA_ROOT) / attachment.storage_name
    assert stored.read_bytes() == PDF
    assert attachment.sha256 in attachment.storage_name


def test_attachment_over_the_size_limit_is_refused(submit, settings):
    settings.FAWANG_ATTACHMENT_MAX_BYTES = 32
    with pytest.raises(ValidationFailed) as caught:
        submit(attachments=[SimpleUploadedFile("big.png", PNG, content_type="image/png")])
    assert [(e.field, e.code) for e in caught.value.errors] == [
        ("attachments", ErrorCode.ATTACHMENT_TOO_LARGE)
    ]


def test_enterprise_needs_a_valid_credit_code(submit):
    code = valid_credit_code()
    assert credit_code_is_valid(code)
    order = submit(
        applicant_kind="enterprise", enterprise_name="成都某科技有限公司", enterprise_credit_code=code
    )
    assert order.enterprise_credit_code == code
    broken = code[:-1] + ("0" if code[-1] != "0" else "1")
    with pytest.raises(ValidationFailed) as caught:
        submit(
            applicant_kind="enterprise", enterprise_name="成都某科技有限公司", enterprise_credit_code=broken
        )
    assert caught.value.errors[0].field == "enterprise_credit_code"


def test_window_clerk_is_the_first_responder(submit, wuhou_clerk):
    order = submit(actor=wuhou_clerk, channel="window", applicant_kind="citizen", applicant_name="赵六")
    assert order.first_responder == wuhou_clerk
    assert order.events.get(kind=EventKind.SUBMITTED).actor == wuhou_clerk


def test_signed_in_citizen_files_with_their_verified_phone(submit, citizen):
    order = submit(actor=citizen, applicant_kind="citizen", applicant_phone="")
    assert order.applicant == citizen
    assert order.applicant_phone == "13912345678"


def test_staff_without_intake_role_cannot_submit(submit, chengdu_supervisor):
    with pytest.raises(Forbidden):
        submit(actor=chengdu_supervisor, channel="window")


def test_hotline_answers_on_the_spot(submit, hotline_agent):
    order = submit(
        actor=hotline_agent,
        channel="hotline",
        applicant_kind="anonymous",
        resolved_at_first_contact="告知可向劳动监察大队投诉，并申请劳动仲裁。",
    )
    assert order.status == OrderStatus.RESOLVED
    assert order.resolved_at_first_contact and order.accepted_by == hotline_agent
    assert order.resolution.startswith("告知可向劳动监察大队投诉")
    assert list(order.events.values_list("kind", flat=True)) == [
        EventKind.SUBMITTED,
        EventKind.FIRST_CONTACT_RESOLVED,
    ]


def test_citizens_cannot_mark_their_own_request_answered(submit, citizen):
    with pytest.raises(ValidationFailed) as caught:
        submit(actor=citizen, applicant_kind="citizen", resolved_at_first_contact="自己解决了")
    assert caught.value.errors[0].code == ErrorCode.FIRST_CONTACT_NOT_ALLOWED


def test_a_crash_between_routing_and_commit_leaves_nothing(submit):
    content = PNG + b"crash-test-unique-bytes"
    import hashlib

    sha = hashlib.sha256(content).hexdigest()
    with (
        mock.patch("fawang.orders.services.intake.audit", side_effect=RuntimeError("audit store down")),
        pytest.raises(RuntimeError),
    ):
        submit(attachments=[SimpleUploadedFile("证据.png", content, content_type="image/png")])
    assert ServiceOrder.objects.count() == 0
    assert OrderEvent.objects.count() == 0
    assert Attachment.objects.count() == 0
    assert not list((Path(settings.MEDIA_ROOT) / "attachments").rglob(f"{sha}*"))


def test_a_crash_in_routing_leaves_nothing(submit):
    with (
        mock.patch("fawang.orders.routing.route", side_effect=RuntimeError("index broken")),
        pytest.raises(RuntimeError),
    ):
        submit()
    assert ServiceOrder.objects.count() == 0 and OrderEvent.objects.count() == 0


def test_tracking_number_collision_is_retried(submit):
    from fawang.orders.tracking import damm_check_digit

    first = submit()
    payload = "261125" + "424242"
    unused = "SC" + payload + damm_check_digit(payload)
    numbers = iter([first.tracking_no, first.tracking_no, unused])
    with mock.patch(
        "fawang.orders.services.intake.new_tracking_number", side_effect=lambda today: next(numbers)
    ):
        second = submit()
    assert second.tracking_no == unused
    assert ServiceOrder.objects.count() == 2
