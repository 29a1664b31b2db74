"""Keys are honoured for 24 hours, then purged (and an expired key may be used afresh)."""

import datetime as dt
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from fawang.api.models import IdempotencyRecord

pytestmark = pytest.mark.django_db


def record(key: str, age: dt.timedelta) -> IdempotencyRecord:
    return IdempotencyRecord.objects.create(
        scope="user:1",
        key=key,
        method="POST",
        path="/api/v1/orders",
        request_hash="0" * 64,
        response_status=201,
        response_body={"tracking_no": key},
        created_at=timezone.now() - age,
    )


def test_purge_deletes_only_keys_older_than_a_day():
    record("old", dt.timedelta(hours=25))
    record("fresh", dt.timedelta(hours=23))
    out = StringIO()

    call_command("purge_idempotency_keys", stdout=out)

    assert list(IdempotencyRecord.objects.values_list("key", flat=True)) == ["fresh"]
    assert out.getvalue().startswith("1 ")


def test_purge_task_runs_the_same_purge():
    from fawang.api.tasks import idempotency_purge_expired

    record("old", dt.timedelta(days=2))

    result = idempotency_purge_expired.enqueue()

    assert result.return_value == 1
    assert not IdempotencyRecord.objects.exists()
