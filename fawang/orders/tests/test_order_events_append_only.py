"""The order timeline is history: the database refuses to change, delete or empty order events, as it
does for the audit trail (ADR 0005), whoever connects; only the test suite's flush lifts that."""

import pytest
from django.core.management import call_command
from django.db import DatabaseError, connection, transaction

from fawang.orders.models import OrderEvent


def _refusal(sql, params=()):
    with pytest.raises(DatabaseError) as exc, transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # else TRUNCATE trips on this test's own rows
        cursor.execute(sql, list(params))
    return str(exc.value)


def test_raw_sql_cannot_rewrite_or_remove_an_order_event(submit):
    order = submit()
    event = OrderEvent.objects.filter(order=order).first()
    assert event is not None
    sqls = [
        ("UPDATE orders_orderevent SET reason = 'rewritten' WHERE id = %s", [event.pk]),
        ("DELETE FROM orders_orderevent WHERE id = %s", [event.pk]),
    ]
    if connection.vendor == "postgresql":
        sqls.append(("TRUNCATE orders_orderevent CASCADE", []))
    for sql, params in sqls:
        assert "order events are append-only" in _refusal(sql, params), sql
    assert OrderEvent.objects.get(pk=event.pk).reason == event.reason
    # The timeline still grows.
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM orders_orderevent WHERE order_id = %s", [order.pk])
        assert cursor.fetchone()[0] == OrderEvent.objects.filter(order=order).count() >= 1


@pytest.mark.django_db(transaction=True)
def test_the_test_flush_empties_the_timeline_and_puts_the_triggers_back(submit):
    submit()
    call_command("flush", interactive=False, verbosity=0)
    assert not OrderEvent.objects.exists()
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT count(*) FROM pg_trigger WHERE tgrelid = 'orders_orderevent'::regclass AND NOT tgisinternal"
            )
            assert cursor.fetchone()[0] == 3
        else:
            cursor.execute(
                "SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'orders_orderevent'"
            )
            assert cursor.fetchone()[0] == 2
