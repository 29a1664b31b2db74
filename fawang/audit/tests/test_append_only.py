"""Nobody rewrites the audit trail: not the ORM, not raw SQL, not the admin (superusers included)."""

import pytest
from django.db import DatabaseError, connection, transaction
from django.urls import reverse

from fawang.accounts.tests.factories import StaffFactory
from fawang.accounts.tests.minimal_rows import service_order
from fawang.audit.models import AuditEntry, AuditTrailIsAppendOnly
from fawang.audit.services import audit_record


@pytest.fixture
def entry(wuhou_clerk):
    return audit_record(
        actor=wuhou_clerk, action="order.accept", entity=service_order("510107"), before=None, after={"a": 1}
    )


def test_orm_cannot_change_or_delete(entry):
    with pytest.raises(AuditTrailIsAppendOnly):
        AuditEntry.objects.filter(pk=entry.pk).update(action="order.reject")
    with pytest.raises(AuditTrailIsAppendOnly):
        AuditEntry.objects.filter(pk=entry.pk).delete()
    entry.action = "order.reject"
    with pytest.raises(AuditTrailIsAppendOnly):
        entry.save()
    with pytest.raises(AuditTrailIsAppendOnly):
        entry.delete()
    assert AuditEntry.objects.get(pk=entry.pk).action == "order.accept"


@pytest.mark.parametrize(
    "sql",
    [
        "UPDATE audit_auditentry SET action = 'order.reject' WHERE id = %s",
        "DELETE FROM audit_auditentry WHERE id = %s",
    ],
)
def test_raw_sql_update_and_delete_are_refused_by_the_database(entry, sql):
    with (
        pytest.raises(DatabaseError, match="append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(sql, [entry.pk])
    assert AuditEntry.objects.get(pk=entry.pk).action == "order.accept"


def test_raw_sql_insert_still_works(entry):
    # The triggers guard history, not new entries.
    assert AuditEntry.objects.count() == 1
    audit_record(actor=None, action="order.overdue", entity=entry, before=None, after=None)
    assert AuditEntry.objects.count() == 2


def test_admin_is_read_only_even_for_a_superuser(client, entry, sichuan):
    root = StaffFactory(username="root", jurisdiction_region_id="510000")
    root.is_superuser = root.is_staff = True
    root.save()
    client.force_login(root)
    change_url = reverse("admin:audit_auditentry_change", args=[entry.pk])
    page = client.get(change_url)
    assert page.status_code == 200 and "order.accept" in page.text
    assert 'name="_save"' not in page.text
    assert client.get(reverse("admin:audit_auditentry_add")).status_code == 403
    assert (
        client.post(reverse("admin:audit_auditentry_delete", args=[entry.pk]), {"post": "yes"}).status_code
        == 403
    )
    client.post(change_url, {"action": "order.reject"})
    assert AuditEntry.objects.get(pk=entry.pk).action == "order.accept"
