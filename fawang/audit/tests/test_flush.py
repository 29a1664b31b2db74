"""The test-only flush lifts the triggers and puts them back; without the setting flush is refused."""

import pytest
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection

from fawang.accounts.models import User
from fawang.audit.models import AuditEntry
from fawang.audit.services import audit_record


def _raw_delete_refused() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM audit_auditentry")
    except DatabaseError:
        return True
    return False


@pytest.mark.django_db(transaction=True)
def test_flush_without_permission_leaves_the_trail(settings, wuhou_clerk):
    audit_record(actor=wuhou_clerk, action="x.y", entity=wuhou_clerk, before=None, after=None)
    settings.FAWANG_AUDIT_FLUSH_ALLOWED = False
    with pytest.raises(CommandError) as exc:
        call_command("flush", interactive=False, verbosity=0)
    assert "append-only" in str(exc.value.__cause__)
    # The whole flush rolled back: the trail and everything else is still there.
    assert AuditEntry.objects.count() == 1
    assert User.objects.filter(pk=wuhou_clerk.pk).exists()


@pytest.mark.django_db(transaction=True)
def test_test_flush_empties_the_table_and_restores_the_triggers(wuhou_clerk):
    audit_record(actor=wuhou_clerk, action="x.y", entity=wuhou_clerk, before=None, after=None)
    call_command("flush", interactive=False, verbosity=0)
    assert AuditEntry.objects.count() == 0
    audit_record(actor=None, action="x.y", entity=AuditEntry(pk=1), before=None, after=None)
    assert _raw_delete_refused()
