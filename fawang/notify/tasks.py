"""Background work of the notify app through Django's tasks API (django-tasks backport).

An order change that notifies the applicant queues its notice in the outbox, in the change's
transaction (fawang/notify/outbox.py, docs/adr/0017), and makes sure a delivery will pick it up:

- with the production backend (`django_tasks_db.DatabaseBackend`) a delivery task is one INSERT into
  the task table inside the caller's transaction, written only when no delivery task is queued (not
  yet started) already: a queued task will see the notice, and one task delivers a whole backlog in
  batches. A delivery that finds the outbox empty waits for the transactions still queueing notices
  before it stops (outbox.py), so a notice whose transaction saw a task queued that then started
  early is still delivered by it;
- with any other backend (the ImmediateBackend of `make run` and the tests runs the job the moment it
  is enqueued; an external queue would not see our rollback) a delivery of the transaction's own
  notices is enqueued when it commits (`transaction.on_commit`), so nothing runs before the change is
  durable or after it rolled back, and the citizen sees the inbox message at once.

Why not the backend's ENQUEUE_ON_COMMIT option: django-tasks 0.12 dropped it (as Django 6.0's tasks
framework did); it is ignored, and an ImmediateBackend job enqueued inside `atomic()` would run at once,
before the commit.
"""

from __future__ import annotations

from collections.abc import Sequence
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


# A delivery task stops after this long with notices left and queues a successor, so one task never
# holds a worker (and its shutdown) for long.
DELIVERY_BUDGET_S = 30.0


@task()
def deliver_notices_task(ids: list[int] | None = None) -> dict[str, int]:
    """Deliver the pending notices in batches (fawang/notify/outbox.py): with `ids` (enqueued when a
    transaction commits) those of that transaction; without, every pending notice until none is left.
    Returns the delivery's counts."""
    from .outbox import notices_deliver

    if ids is not None:
        return notices_deliver(only=ids).as_dict()
    report = notices_deliver(
        budget_s=DELIVERY_BUDGET_S, wait_for_writers=task_joins_transaction(deliver_notices_task)
    )
    if report.more:
        delivery_enqueue_unless_queued()
    return report.as_dict()


def delivery_queued() -> bool:
    """Is a delivery task waiting in the database queue (not yet started)? It will see every notice
    committed before it starts."""
    from django_tasks_db.models import DBTaskResult

    t = deliver_notices_task
    return (
        DBTaskResult.objects.ready()
        .filter(task_path=t.module_path, backend_name=t.backend, queue_name=t.queue_name)
        .exists()
    )


def delivery_enqueue_unless_queued() -> None:
    """Queue a delivery of every pending notice unless one is queued already (database backend)."""
    if not delivery_queued():
        deliver_notices_task.enqueue()


def order_notices_enqueue(*, events: Sequence[Any]) -> None:
    """Subscribed to the order events that notify the applicant (NotifyConfig.ready), a batch at a
    time, inside the change's transaction: their notices go into the outbox with the order's status as
    of the change (a delivery running late never reports a newer status), and a delivery is made sure
    of (module docstring)."""
    from .outbox import notices_queue

    # The notices first, the look at the queue after: from this INSERT on, this transaction holds the
    # outbox's ROW EXCLUSIVE lock, which a delivery about to stop waits for (outbox.py), so a task we
    # see queued that starts and finds nothing before we commit still sees our notices.
    queued = notices_queue(events)
    if task_joins_transaction(deliver_notices_task):
        delivery_enqueue_unless_queued()
    else:
        transaction.on_commit(partial(deliver_notices_task.enqueue, ids=[n.pk for n in queued]))


@task()
def notify_order_event_task(event_id: int, status: str) -> bool:
    """One notice, as queued before the outbox (docs/adr/0017): kept so that jobs already in the task
    table when that change is deployed still run. Nothing enqueues it any more."""
    from fawang.orders.models import OrderEvent

    from .services import notify_order_event

    event = OrderEvent.objects.select_related("order", "order__applicant").filter(pk=event_id).first()
    if event is None or not event.is_public:
        return False
    notify_order_event(order=event.order, event=event, status=status)
    return True
