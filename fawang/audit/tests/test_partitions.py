"""The audit trail and the order timeline are partitioned by month on PostgreSQL (docs/adr/0015): a row
lands in its month's partition, a row beyond the months created lands in the DEFAULT partition (and a
check says so until `partitions_ahead` moves it), each partition is as append-only as the table, and
creating partitions ahead can run any number of times. SQLite keeps plain tables."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import DatabaseError, connection, transaction
from django.utils import timezone

from fawang.accounts.tests.minimal_rows import service_order
from fawang.audit import partitions
from fawang.audit.checks import check_default_partitions
from fawang.audit.models import AuditEntry
from fawang.audit.services import audit_record
from fawang.orders.models import OrderEvent

POSTGRES = settings.DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"
on_postgres = pytest.mark.skipif(not POSTGRES, reason="partitions are PostgreSQL's")


def _local(year: int, month: int, day: int = 15) -> dt.datetime:
    return dt.datetime(year, month, day, 12, tzinfo=timezone.get_current_timezone())


def _stored_in(table: str, pk: int) -> str:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT tableoid::regclass::text FROM {table} WHERE id = %s", [pk])
        return cursor.fetchone()[0]


def _audit_row(order, when: dt.datetime) -> int:
    """An audit entry of another time, as a loader of old records would write it (the model stamps now)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO audit_auditentry (actor_label, action, entity_type, entity_id, channel, created_at) "
            "VALUES ('档案导入', 'order.import', 'orders.serviceorder', %s, '', %s) RETURNING id",
            [str(order.pk), when],
        )
        return cursor.fetchone()[0]


def _committed() -> None:
    """Check the deferred foreign keys of the rows this test wrote now, as a commit would: PostgreSQL
    refuses TRUNCATE and DDL on a table with checks pending, and in production the rows a timer or a
    migration meets were committed long before."""
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")


def _refusal(sql: str) -> str:
    with pytest.raises(DatabaseError) as exc, transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql)
    return str(exc.value)


@pytest.fixture
def order(sichuan):
    return service_order("510107")


@on_postgres
def test_a_row_lands_in_its_months_partition(order, wuhou_clerk):
    now = timezone.now()
    month = timezone.localdate(now).replace(day=1)
    entry = audit_record(actor=wuhou_clerk, action="order.accept", entity=order, before=None, after=None)
    event = OrderEvent.objects.create(order=order, kind="note", created_at=now)
    # The first hours of a month in China's time are still the previous month in UTC: the month is local.
    last_month = partitions.add_months(month, -1)
    first_hour = dt.datetime(
        last_month.year, last_month.month, 1, 0, 30, tzinfo=timezone.get_current_timezone()
    )
    early = OrderEvent.objects.create(order=order, kind="note", created_at=first_hour)

    assert _stored_in("audit_auditentry", entry.pk) == f"audit_auditentry_p{month:%Y_%m}"
    assert _stored_in("orders_orderevent", event.pk) == f"orders_orderevent_p{month:%Y_%m}"
    assert _stored_in("orders_orderevent", early.pk) == f"orders_orderevent_p{last_month:%Y_%m}"
    # Read through the model as before.
    assert list(order.events.order_by("created_at").values_list("pk", flat=True)) == [early.pk, event.pk]


@on_postgres
def test_a_row_beyond_the_months_created_lands_in_the_default_and_is_moved_by_partitions_ahead(order):
    far = timezone.now() + dt.timedelta(days=3 * 365)
    event = OrderEvent.objects.create(order=order, kind="note", reason="远期", created_at=far)
    assert _stored_in("orders_orderevent", event.pk) == "orders_orderevent_default"
    warnings = check_default_partitions(databases=["default"])
    assert [w.id for w in warnings] == ["fawang.W010"]
    assert "orders_orderevent_default holds 1 rows" in warnings[0].msg

    _committed()
    months = (far.year - timezone.localdate().year) * 12 + far.month - timezone.localdate().month + 1
    err = io.StringIO()
    call_command("partitions_ahead", months=months, stdout=io.StringIO(), stderr=err)

    month = timezone.localdate(far).replace(day=1)
    assert _stored_in("orders_orderevent", event.pk) == f"orders_orderevent_p{month:%Y_%m}"
    assert OrderEvent.objects.get(pk=event.pk).reason == "远期"
    assert check_default_partitions(databases=["default"]) == []
    assert err.getvalue() == ""


@on_postgres
def test_partitions_ahead_warns_of_rows_older_than_the_first_month_and_from_moves_them(order):
    old = _local(2019, 5)
    pk = _audit_row(order, old)
    assert _stored_in("audit_auditentry", pk) == "audit_auditentry_default"
    _committed()

    err = io.StringIO()
    call_command("partitions_ahead", stdout=io.StringIO(), stderr=err)
    assert "audit_auditentry_default holds 1 rows of 2019-05 to 2019-05" in err.getvalue()
    assert "--from 2019-05" in err.getvalue()

    call_command("partitions_ahead", first=dt.date(2019, 5, 1), stdout=io.StringIO(), stderr=io.StringIO())
    assert _stored_in("audit_auditentry", pk) == "audit_auditentry_p2019_05"
    assert AuditEntry.objects.get(pk=pk).action == "order.import"


@on_postgres
def test_partitions_ahead_is_idempotent_and_new_partitions_are_append_only(order):
    out = io.StringIO()
    call_command("partitions_ahead", months=8, stdout=out)
    assert "created" in out.getvalue()
    names = {
        t: [p.name for p in partitions.partitions_of(connection, t)] for t in partitions.PARTITIONED_TABLES
    }
    this_month = timezone.localdate().replace(day=1)
    eighth = partitions.add_months(this_month, 8)
    assert partitions.partition_name("orders_orderevent", eighth) in names["orders_orderevent"]
    assert partitions.partition_name("audit_auditentry", eighth) in names["audit_auditentry"]

    again = io.StringIO()
    call_command("partitions_ahead", months=8, stdout=again)
    assert again.getvalue().strip() == "created 0 partitions"
    assert {t: [p.name for p in partitions.partitions_of(connection, t)] for t in names} == names

    # A partition made by the command refuses changes like the ones the migration made.
    new = partitions.partition_name("orders_orderevent", eighth)
    event = OrderEvent.objects.create(order=order, kind="note", created_at=_local(eighth.year, eighth.month))
    assert _stored_in("orders_orderevent", event.pk) == new
    _committed()
    assert "append-only" in _refusal(f"UPDATE {new} SET reason = 'x'")
    assert "append-only" in _refusal(f"DELETE FROM {new}")
    assert "append-only" in _refusal(f"TRUNCATE {new}")


@on_postgres
@pytest.mark.parametrize("table", partitions.PARTITIONED_TABLES)
def test_every_partition_refuses_update_delete_and_truncate(table, order):
    far = timezone.now() + dt.timedelta(days=3 * 365)  # beyond the months created: the DEFAULT's
    for when in (timezone.now(), far):
        _audit_row(order, when)
        OrderEvent.objects.create(order=order, kind="note", created_at=when)
    current = partitions.partition_name(table, timezone.localdate())
    _committed()
    for partition in (current, partitions.default_name(table)):
        assert "append-only (UPDATE refused)" in _refusal(f"UPDATE {partition} SET created_at = created_at")
        assert "append-only (DELETE refused)" in _refusal(f"DELETE FROM {partition}")
        assert "append-only (TRUNCATE refused)" in _refusal(f"TRUNCATE {partition}")
    assert AuditEntry.objects.count() == 2 and OrderEvent.objects.count() == 2


@on_postgres
def test_the_migration_keeps_rows_ids_and_the_sequence(order):
    """Back to a plain table and partitioned again, as migrations orders/0005 and audit/0003 do."""
    old = OrderEvent.objects.create(order=order, kind="note", reason="旧", created_at=_local(2024, 2, 29))
    new = OrderEvent.objects.create(order=order, kind="note", reason="新", created_at=timezone.now())
    _committed()
    partitions.unpartition(connection, "orders_orderevent")
    assert not partitions.is_partitioned(connection, "orders_orderevent")
    assert "append-only" in _refusal("DELETE FROM orders_orderevent")

    _committed()
    partitions.partition_by_month(connection, "orders_orderevent")
    _committed()

    assert partitions.is_partitioned(connection, "orders_orderevent")
    assert list(OrderEvent.objects.order_by("id").values_list("id", "reason")) == [
        (old.pk, "旧"),
        (new.pk, "新"),
    ]
    assert _stored_in("orders_orderevent", old.pk) == "orders_orderevent_p2024_02"
    assert OrderEvent.objects.create(order=order, kind="note", created_at=timezone.now()).pk > new.pk
    assert "append-only" in _refusal("DELETE FROM orders_orderevent_p2024_02")


@pytest.mark.skipif(POSTGRES, reason="SQLite keeps plain tables")
def test_sqlite_keeps_plain_tables(db):
    out = io.StringIO()
    call_command("partitions_ahead", stdout=out)
    assert "no partitions" in out.getvalue()
    assert partitions.ensure(connection) == [] and partitions.default_rows(connection) == {}
