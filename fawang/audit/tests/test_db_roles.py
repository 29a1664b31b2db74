"""On PostgreSQL the application serves as a runtime role that `manage.py db_roles` has granted what it
needs and no more: connected as that role, the app does its normal work (orders, events, audit
entries), but cannot update, delete or truncate the audit trail or the order timeline, nor switch off
or drop their triggers. Role names are unique per test run (roles are cluster-wide, and other test
runs share the server) and dropped afterwards."""

from __future__ import annotations

import contextlib
import io
import secrets
from collections.abc import Iterator

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, transaction
from django.utils import timezone

from fawang.accounts.tests.minimal_rows import service_order
from fawang.audit.db_roles import runtime_role_drop
from fawang.audit.models import AuditEntry
from fawang.audit.services import audit_record
from fawang.orders.models import OrderEvent, ServiceOrder

pytestmark = [
    pytest.mark.skipif(
        settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql",
        reason="database roles and grants are PostgreSQL's",
    ),
    pytest.mark.django_db(transaction=True),  # the runtime role's own connection sees committed rows
]


@contextlib.contextmanager
def connected_as(role: str, password: str) -> Iterator[None]:
    """The default connection, reconnected as `role` (as gunicorn would with DATABASE_URL)."""
    saved = {key: connection.settings_dict[key] for key in ("USER", "PASSWORD")}
    connection.close()
    connection.settings_dict.update(USER=role, PASSWORD=password)
    try:
        yield
    finally:
        connection.close()
        connection.settings_dict.update(saved)


@pytest.fixture
def runtime_role() -> Iterator[tuple[str, str]]:
    role = f"fawang_test_runtime_{secrets.token_hex(6)}"
    password = secrets.token_hex(16)
    with connection.cursor() as cursor:
        cursor.execute(f"CREATE ROLE {role} LOGIN PASSWORD '{password}'")
    try:
        call_command("db_roles", role=role, verbosity=0)
        yield role, password
    finally:
        connection.close()  # whatever state a refused statement left it in
        runtime_role_drop(connection, role)


def _refused(sql: str, params: list | None = None) -> str:
    with pytest.raises(DatabaseError) as exc, transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql, params or [])
    return str(exc.value)


def test_the_runtime_role_works_but_cannot_rewrite_the_audit_trail_or_the_timeline(runtime_role, wuhou_clerk):
    order = service_order("510107")
    entry = audit_record(actor=wuhou_clerk, action="order.accept", entity=order, before=None, after={"a": 1})
    event = OrderEvent.objects.create(order=order, kind="note", actor=wuhou_clerk, created_at=timezone.now())

    with connected_as(*runtime_role):
        with connection.cursor() as cursor:
            cursor.execute("SELECT current_user")
            assert cursor.fetchone()[0] == runtime_role[0]
        # The normal work: change an order, add to its timeline and to the audit trail.
        with transaction.atomic():
            ServiceOrder.objects.filter(pk=order.pk).update(description="补充材料后的描述")
            OrderEvent.objects.create(order=order, kind="note", reason="补充说明", created_at=timezone.now())
            audit_record(actor=wuhou_clerk, action="order.note", entity=order, before=None, after={"b": 2})
        assert OrderEvent.objects.filter(order=order).count() == 2
        assert AuditEntry.objects.filter(entity_id=str(order.pk)).count() == 2

        for table, pk in (("audit_auditentry", entry.pk), ("orders_orderevent", event.pk)):
            assert "permission denied" in _refused(
                f"UPDATE {table} SET created_at = now() WHERE id = %s", [pk]
            )
            assert "permission denied" in _refused(f"DELETE FROM {table} WHERE id = %s", [pk])
            assert "permission denied" in _refused(f"TRUNCATE {table}")
            for sql in (
                f"ALTER TABLE {table} DISABLE TRIGGER ALL",
                f"ALTER TABLE {table} DISABLE TRIGGER {table}_no_update",
                f"DROP TRIGGER {table}_no_delete ON {table}",
                f"CREATE OR REPLACE FUNCTION {table}_refuse_change() RETURNS trigger"
                " AS $$ BEGIN RETURN NEW; END; $$ LANGUAGE plpgsql",
                f"ALTER TABLE {table} OWNER TO CURRENT_USER",
            ):
                refusal = _refused(sql)
                assert "must be owner" in refusal or "permission denied" in refusal, sql
        # Nor can it tell PostgreSQL to skip the triggers for its session.
        assert "permission denied" in _refused("SET session_replication_role = replica")

    # As the owner, everything is still there and unchanged.
    assert AuditEntry.objects.get(pk=entry.pk).action == "order.accept"
    assert OrderEvent.objects.get(pk=event.pk).kind == "note"


def test_db_roles_refuses_a_runtime_role_that_could_take_the_rights_back(runtime_role):
    role, _password = runtime_role
    with connection.cursor() as cursor:
        cursor.execute(f"GRANT {connection.settings_dict['USER']} TO {role}")
    with pytest.raises(CommandError, match="member of"):
        call_command("db_roles", role=role, verbosity=0)
    with pytest.raises(CommandError, match="must not be"):
        call_command("db_roles", role=connection.settings_dict["USER"], verbosity=0)


def test_the_runtime_role_creates_partitions_ahead_with_the_parents_rights_only(runtime_role, wuhou_clerk):
    """The daily timer runs as the runtime role: the partition function (owned by the migrating role)
    creates the months for it, and each new partition is as closed to it as the table is."""
    from fawang.audit import partitions

    role, password = runtime_role
    this_month = timezone.localdate().replace(day=1)
    month = partitions.add_months(this_month, 14)
    with connected_as(role, password):
        call_command("partitions_ahead", months=14, stdout=io.StringIO())
        for table in partitions.PARTITIONED_TABLES:
            name = partitions.partition_name(table, month)
            for sql in (f"UPDATE {name} SET created_at = now()", f"DELETE FROM {name}", f"TRUNCATE {name}"):
                assert "permission denied" in _refused(sql), sql
            assert "must be owner" in _refused(f"ALTER TABLE {name} DISABLE TRIGGER ALL")
        # It may call nothing else with the owner's rights: the function refuses other tables.
        assert "not a table partitioned by month" in _refused(
            f"SELECT {partitions.FUNCTION}('accounts_user', current_date, current_date, 'UTC')"
        )
    for table in partitions.PARTITIONED_TABLES:
        name = partitions.partition_name(table, month)
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT has_table_privilege(%s, %s, 'SELECT'), has_table_privilege(%s, %s, 'INSERT'), "
                "has_table_privilege(%s, %s, 'UPDATE'), has_table_privilege(%s, %s, 'DELETE')",
                [role, name] * 4,
            )
            assert cursor.fetchone() == (True, True, False, False)
            cursor.execute("SELECT pg_get_userbyid(relowner) FROM pg_class WHERE relname = %s", [name])
            assert cursor.fetchone()[0] != role
