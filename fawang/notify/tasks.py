"""Background work of the notify app through Django's tasks API (django-tasks backport).

A notice is enqueued *with* the change it reports, by `enqueue_with_change`:

- with the production backend (`django_tasks_db.DatabaseBackend`) the job is one INSERT into the task
  table inside the caller's transaction, so it commits or rolls back with the change: no notice for a
  change that never happened, no change whose notice is lost because the process died between commit
  and enqueue, and the worker cannot see the job before the commit;
- with any other backend (the ImmediateBackend of `make run` and the tests runs the job the moment it
  is enqueued; an external queue would not see our rollback) the enqueue waits for the commit
  (`transaction.on_commit`), so nothing runs before the change is durable or after it rolled back.

Why not the backend's ENQUEUE_ON_COMMIT option: django-tasks 0.12 dropped it (as Django 6.0's tasks
framework did); it is ignored, and an ImmediateBackend job enqueued inside `atomic()` would run at once,
before the commit.
"""

from __future__ import annotations

from functools import partial
from typing import Any

from django.db import DEFAULT_DB_ALIAS, router, transaction
from django_tasks import task


def task_joins_transaction(task_obj: Any, using: str = DEFAULT_DB_ALIAS) -> bool:
    """True when enqueueing `task_obj` writes its job to database `using` (the caller's transaction)."""
    try:
        from django_tasks_db import DatabaseBackend
        from django_tasks_db.models import DBTaskResult
    except ImportError:  # pragma: no cover - the package is a dependency
        return False
    return isinstance(task_obj.get_backend(), DatabaseBackend) and router.db_for_write(DBTaskResult) == using


def enqueue_with_change(
    task_obj: Any,
    args: tuple = (),
    kwargs: dict[str, Any] | None = None,
    *,
    using: str = DEFAULT_DB_ALIAS,
) -> None:
    """Enqueue `task_obj(*args, **kwargs)` so that it happens if and only if the caller's transaction
    commits, and never before (see the module docstring)."""
    enqueue = partial(task_obj.enqueue, *args, **(kwargs or {}))
    if task_joins_transaction(task_obj, using):
        enqueue()
    else:
        transaction.on_commit(enqueue, using=using)


@task()
def notify_order_event_task(event_id: int, status: str) -> bool:
    """Tell the applicant about order event `event_id`; `status` is the order's status as of that
    change (the order may have moved on by the time a worker runs this). False when there was nothing
    to tell (an internal event, or the event no longer exists)."""
    from fawang.orders.models import OrderEvent

    from .services import notify_order_event

    event = OrderEvent.objects.select_related("order", "order__applicant").filter(pk=event_id).first()
    if event is None or not event.is_public:
        return False
    notify_order_event(order=event.order, event=event, status=status)
    return True


def order_notice_enqueue(*, order: Any, event: Any) -> None:
    """Subscribed to every order event that notifies the applicant (NotifyConfig.ready): the notice is
    a task enqueued with the change, naming the event and the order's status as of the change, so a
    worker running late never reports a newer status."""
    enqueue_with_change(notify_order_event_task, args=(event.pk, str(order.status)))
