"""Background work of the API: forgetting Idempotency-Keys past their 24 hours."""

from django_tasks import task

from .idempotency import idempotency_records_purge


@task()
def idempotency_purge_expired() -> int:
    """Run hourly by the scheduler (or `manage.py purge_idempotency_keys` from cron)."""
    return idempotency_records_purge()
