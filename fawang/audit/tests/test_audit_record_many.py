"""Batch writes to the audit trail: one INSERT, masked exactly like single entries."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from fawang.accounts.tests.minimal_rows import service_order
from fawang.audit.models import AuditEntry
from fawang.audit.services import AuditItem, audit_record_many
from fawang.core.context import request_meta


def test_many_entries_in_one_insert_masked_with_channel_and_ip(wuhou_clerk):
    first, second = service_order("510107"), service_order("510107")
    items = [
        AuditItem(wuhou_clerk, "order.warn", first, {"warned_at": None}, {"applicant_phone": "13912345678"}),
        AuditItem(None, "order.overdue", second, None, {"overdue_at": "2026-11-10T09:00:00+08:00"}),
    ]
    with request_meta(channel="system", ip="10.1.2.3"), CaptureQueriesContext(connection) as ctx:
        audit_record_many(items)
    inserts = [q["sql"] for q in ctx.captured_queries if q["sql"].startswith("INSERT")]
    assert len(inserts) == 1
    warn, overdue = AuditEntry.objects.order_by("id")
    assert (warn.actor, warn.action, warn.entity_id) == (wuhou_clerk, "order.warn", str(first.pk))
    assert warn.after == {"applicant_phone": "139****5678"}
    assert (overdue.actor, overdue.actor_label, overdue.entity_id) == (None, "system", str(second.pk))
    assert {(e.channel, e.ip) for e in (warn, overdue)} == {("system", "10.1.2.3")}


def test_nothing_to_record_writes_nothing(sichuan):
    with CaptureQueriesContext(connection) as ctx:
        assert audit_record_many([]) == []
    assert ctx.captured_queries == []
