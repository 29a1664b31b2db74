"""Batch INSERTs as one JSON document (fawang.core.bulk): the rows stored are the rows a save stores."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from fawang.accounts.tests.minimal_rows import service_order
from fawang.audit.models import AuditEntry
from fawang.core.bulk import bulk_insert, insert_rows
from fawang.notify.models import SmsMessage, SmsStatus
from fawang.orders.models import OrderEvent

ODD_TEXT = '法律援助 "申请" 已受理\\n第二行\n\t{"json": [1, 2]} ཀ ꀀ ❤'


def _sms(n: int) -> SmsMessage:
    return SmsMessage(
        phone=f"1391234{n:04d}",
        phone_index=f"index-{n}",
        text=f"{ODD_TEXT} #{n}",
        template="order.accepted",
        status=SmsStatus.RECORDED,
        backend="fawang.notify.sms.RecordingSmsBackend",
    )


@pytest.mark.django_db
def test_bulk_insert_stores_what_a_save_stores_and_gives_ids_back_in_order():
    saved = _sms(0)
    saved.save()
    batch = [_sms(n) for n in range(1, 6)]

    with CaptureQueriesContext(connection) as ctx:
        returned = bulk_insert(batch)

    assert len([q for q in ctx.captured_queries if q["sql"].startswith("INSERT")]) == 1
    assert returned == batch
    assert all(obj.pk and not obj._state.adding for obj in batch)
    stored = {m.pk: m for m in SmsMessage.objects.all()}
    for n, obj in enumerate(batch, start=1):
        row = stored[obj.pk]
        # The phone went through its field's encryption, read back as the number; the text as typed.
        assert (row.phone, row.text, row.status) == (f"1391234{n:04d}", f"{ODD_TEXT} #{n}", "recorded")
        assert row.created_at is not None  # auto_now_add ran
    with connection.cursor() as cursor:
        cursor.execute("SELECT phone FROM notify_smsmessage WHERE id = %s", [batch[0].pk])
        (raw,) = cursor.fetchone()
    assert "13912340001" not in raw
    assert sorted(obj.pk for obj in batch) == [obj.pk for obj in batch]
    assert stored[saved.pk].text == f"{ODD_TEXT} #0"


@pytest.mark.django_db
def test_insert_rows_stores_json_and_addresses_and_stamps_the_time():
    row = {
        "actor_id": None,
        "actor_label": "system",
        "action": "order.overdue",
        "entity_type": "orders.serviceorder",
        "entity_id": "7",
        "before": None,
        "after": {"说明": ODD_TEXT, "n": [1, 2.5, None, True]},
        "channel": "system",
        "ip": "2001:db8::1",
        "created_at": dt.datetime(2000, 1, 1, tzinfo=dt.UTC),  # auto_now_add: the write's time wins
    }
    started = timezone.now()
    first, second = insert_rows(AuditEntry, [row, {**row, "entity_id": "8", "ip": None}])

    one, two = AuditEntry.objects.get(pk=first), AuditEntry.objects.get(pk=second)
    assert one.after == {"说明": ODD_TEXT, "n": [1, 2.5, None, True]}
    assert one.before is None
    assert (one.ip, two.ip, two.entity_id) == ("2001:db8::1", None, "8")
    assert started <= one.created_at <= two.created_at <= timezone.now()


def test_event_times_keep_their_microseconds(sichuan):
    """Events of one batch written a microsecond apart stay apart: the timeline orders by time."""
    order = service_order("510107")
    at = dt.datetime(2026, 12, 20, 9, 30, 15, 123456, tzinfo=dt.UTC)
    events = [
        OrderEvent(
            order=order, kind="note", actor_label="system", created_at=at + dt.timedelta(microseconds=n)
        )
        for n in range(3)
    ]
    bulk_insert(events)
    stored = list(OrderEvent.objects.filter(order=order).order_by("pk").values_list("created_at", flat=True))
    assert stored == [at, at + dt.timedelta(microseconds=1), at + dt.timedelta(microseconds=2)]


@pytest.mark.django_db
def test_nothing_to_insert_sends_nothing():
    with CaptureQueriesContext(connection) as ctx:
        assert insert_rows(AuditEntry, []) == []
        assert bulk_insert([]) == []
    assert ctx.captured_queries == []
