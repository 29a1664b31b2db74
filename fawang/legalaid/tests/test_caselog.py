"""Handling and closing a legal aid case (issue 11, item 5): the lawyer's case log, the closing with
its outcome (法律援助法第四十八条 for a termination), the closing materials of 第五十条 within the
configured limit, and the applicant's rating through the shared evaluation."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from unittest import mock

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import translation

from fawang.audit.models import AuditEntry
from fawang.core.calendar import TZ, compute_deadline
from fawang.core.errors import DomainError, NotFound, ValidationFailed
from fawang.feedback.models import EvaluationInvitation
from fawang.feedback.services import evaluation_submit
from fawang.legalaid import caselog
from fawang.legalaid.enums import TerminationReason
from fawang.legalaid.models import CaseClosing, CaseLogEntry
from fawang.orders.engine import order_act

pytestmark = pytest.mark.django_db

PHONE_IN_NOTE = "13911112222"
LAWS = Path(__file__).resolve().parents[2] / "catalog" / "data" / "laws"


def at(*args: int) -> dt.datetime:
    return dt.datetime(*args, tzinfo=TZ)


def acting_at(moment):
    return mock.patch("django.utils.timezone.now", return_value=moment)


def fields_of(refused) -> dict[str, str]:
    return {e.field: e.message for e in refused.value.errors}


def test_the_assigned_lawyer_logs_a_meeting_and_the_note_is_encrypted_at_rest(handling, lawyer):
    order = handling()
    entry = caselog.case_log_add(
        actor=lawyer[0],
        order=order,
        kind="meeting",
        occurred_at=at(2026, 11, 2, 9, 30),
        minutes=90,
        place="武侯区法律援助中心",
        note=f"与受援人张某见面，其电话{PHONE_IN_NOTE}，核对工资条。",
    )
    with connection.cursor() as cursor:
        cursor.execute("SELECT note FROM legalaid_caselogentry WHERE id = %s", [entry.pk])
        (raw,) = cursor.fetchone()
    assert PHONE_IN_NOTE not in raw and "张某" not in raw
    assert PHONE_IN_NOTE in CaseLogEntry.objects.get(pk=entry.pk).note
    # On the order's timeline for staff (not the applicant's), without the note; and audited.
    event = order.events.get(kind="legal_aid_log_entry")
    assert not event.is_public and event.data["minutes"] == 90 and PHONE_IN_NOTE not in str(event.data)
    audit = AuditEntry.objects.get(action="legal_aid.case_log_add")
    assert PHONE_IN_NOTE not in str(audit.after)


def test_the_case_log_page_lists_entries_and_the_time_spent(handling, lawyer):
    order = handling()
    client = Client()
    client.force_login(lawyer[0])
    url = reverse("legalaid:case_log", args=[order.tracking_no])
    for kind, minutes in (("phone_call", 15), ("hearing", 120)):
        response = client.post(
            url,
            {
                "step": "entry",
                "entry-kind": kind,
                "entry-occurred_at": "2026-11-03T10:00",
                "entry-minutes": str(minutes),
                "entry-place": "武侯区人民法院",
                "entry-note": "",
            },
        )
        assert response.status_code == 302, response.content[:500]
    page = client.get(url).content.decode()
    assert "武侯区人民法院" in page and "135" in page
    # The order page leads to the case log.
    order_page = client.get(reverse("orders:order_detail", args=[order.tracking_no])).content.decode()
    assert url in order_page
    assert CaseLogEntry.objects.filter(order=order).count() == 2


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"minutes": -1}, "minutes"),
        ({"minutes": 24 * 60 + 1}, "minutes"),
        ({"kind": "lunch"}, "kind"),
        ({"occurred_at": at(2099, 1, 1, 9)}, "occurred_at"),
    ],
)
def test_a_bad_log_entry_is_refused_by_field_and_nothing_is_saved(handling, lawyer, changes, field):
    order = handling()
    entry = {"kind": "meeting", "occurred_at": at(2026, 11, 2, 9), "minutes": 30, **changes}
    with pytest.raises(ValidationFailed) as refused:
        caselog.case_log_add(actor=lawyer[0], order=order, **entry)
    assert list(fields_of(refused)) == [field]
    assert not CaseLogEntry.objects.exists()
    assert not order.events.filter(kind="legal_aid_log_entry").exists()


def test_a_lawyer_not_on_the_case_can_neither_read_nor_write_its_log(handling, colleague):
    order = handling()
    with pytest.raises(NotFound):
        caselog.case_log_add(
            actor=colleague[0], order=order, kind="meeting", occurred_at=at(2026, 11, 2, 9), minutes=30
        )
    client = Client()
    client.force_login(colleague[0])
    assert client.get(reverse("legalaid:case_log", args=[order.tracking_no])).status_code == 404
    assert not CaseLogEntry.objects.exists()


def test_the_centre_may_write_the_log_too(handling, wuhou_clerk):
    order = handling()
    caselog.case_log_add(
        actor=wuhou_clerk, order=order, kind="document_filed", occurred_at=at(2026, 11, 2, 9), minutes=10
    )
    assert CaseLogEntry.objects.get().author == wuhou_clerk


def test_terminating_aid_needs_a_reason_of_falv_yuanzhu_art_48(handling, lawyer):
    order = handling()
    with pytest.raises(ValidationFailed) as refused:
        caselog.case_close(actor=lawyer[0], order=order, outcome="terminated", summary="受援人另行委托律师")
    assert [(e.field, e.code) for e in refused.value.errors] == [
        ("termination_reason", "legal_aid_termination_reason_needed")
    ]
    with pytest.raises(ValidationFailed) as refused:
        caselog.case_close(
            actor=lawyer[0], order=order, outcome="won", summary="胜诉", termination_reason="own_lawyer"
        )
    assert list(fields_of(refused)) == ["termination_reason"]
    order.refresh_from_db()
    assert order.stage == "handling" and not CaseClosing.objects.exists()

    closing = caselog.case_close(
        actor=lawyer[0],
        order=order,
        outcome="terminated",
        termination_reason="own_lawyer",
        summary="受援人自行委托律师",
    )
    order.refresh_from_db()
    assert (order.status, order.stage) == ("in_progress", "closing")
    assert closing.termination_reason == "own_lawyer"
    event = order.events.get(kind="legal_aid_case_closed")
    assert event.is_public and event.data["termination_reason"] == "own_lawyer"
    assert AuditEntry.objects.filter(action="legal_aid.case_close").exists()


def test_the_termination_reasons_are_the_eight_of_falv_yuanzhu_art_48():
    """Each choice, read in Chinese, is the article's own words (fawang/catalog/data/laws)."""
    law = next(LAWS.glob("法律援助法(*.md")).read_text(encoding="utf-8")
    article = law.split("第四十八条", 1)[1].split("第四十九条", 1)[0]
    with translation.override("zh-hans"):
        labels = [str(label) for label in TerminationReason.labels]
    assert len(labels) == 8
    for label in labels:
        assert label in article, label


def test_once_the_outcome_is_recorded_only_the_closing_materials_resolve_it(handling, lawyer):
    order = handling()
    caselog.case_close(actor=lawyer[0], order=order, outcome="won", summary="胜诉")
    with pytest.raises(DomainError):
        order_act(actor=lawyer[0], order=order, action="resolve", resolution="办结")
    order.refresh_from_db()
    assert (order.status, order.stage) == ("in_progress", "closing")


def test_closing_materials_are_due_within_the_configured_30_days_falv_yuanzhu_art_50(
    handling, lawyer, citizen
):
    order = handling()
    closed = at(2026, 11, 10, 16, 0)
    with acting_at(closed):
        closing = caselog.case_close(
            actor=lawyer[0], order=order, outcome="mediated", summary="调解结案，公司支付工资"
        )
    clock = order.clocks.get(name="closing_materials")
    # 法律援助法第五十条 says only "及时": the 30 days are configuration, and the citation says where from.
    assert "第五十条" in clock.legal_basis and "《办理法律援助案件程序规定》" in clock.legal_basis
    assert "配置" in clock.legal_basis
    expected = compute_deadline(start=closed, limit=30, unit="calendar_days").due_at
    assert clock.due_at == expected == closing.materials_due_at

    with pytest.raises(ValidationFailed) as refused:
        caselog.closing_materials_file(actor=lawyer[0], order=order, materials=["document_copies"])
    assert list(fields_of(refused)) == ["materials"]  # the handling report of art. 50 is missing

    with acting_at(at(2026, 11, 20, 9, 0)):
        caselog.closing_materials_file(
            actor=lawyer[0], order=order, materials=["document_copies", "handling_report"], note="调解协议书"
        )
    order.refresh_from_db()
    closing.refresh_from_db()
    assert (order.status, order.stage) == ("resolved", "closing")
    assert order.resolution.startswith(str(closing.get_outcome_display()))
    assert not closing.materials_late
    assert order.clocks.get(name="closing_materials").stopped_at is not None
    # Resolved: the shared evaluation opens the applicant's rating window, and a rating is taken.
    assert EvaluationInvitation.objects.filter(order=order, status="open").exists()
    evaluation_submit(actor=None, order=order, level=1, channel="web", phone="13800138000")
    order.refresh_from_db()
    assert order.status == "closed"


def test_closing_materials_filed_after_the_limit_are_marked_late_falv_yuanzhu_art_50(handling, lawyer):
    order = handling()
    with acting_at(at(2026, 9, 1, 10, 0)):
        caselog.case_close(actor=lawyer[0], order=order, outcome="won", summary="胜诉")
    with acting_at(at(2026, 11, 20, 10, 0)):
        closing = caselog.closing_materials_file(actor=lawyer[0], order=order, materials=["handling_report"])
    assert closing.materials_late
    assert order.events.get(kind="resolved").data["late"] is True


def test_the_lawyer_closes_and_files_on_the_page(handling, lawyer):
    order = handling()
    client = Client()
    client.force_login(lawyer[0])
    url = reverse("legalaid:case_log", args=[order.tracking_no])
    refused = client.post(url, {"step": "close", "close-outcome": "terminated", "close-summary": "终止"})
    # The page names the field and the rule.
    assert refused.status_code == 200
    assert 'class="field has-error" id="field-close-termination_reason"' in refused.content.decode()
    done = client.post(url, {"step": "close", "close-outcome": "partly_won", "close-summary": "部分支持"})
    assert done.status_code == 302
    filed = client.post(
        url,
        {"step": "materials", "materials-materials": ["handling_report", "judgment"], "materials-note": ""},
    )
    assert filed.status_code == 302
    order.refresh_from_db()
    assert order.status == "resolved"
    page = client.get(url).content.decode()
    assert "部分支持" in page
