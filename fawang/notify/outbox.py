"""The outbox of order notices (docs/adr/0017): queued with the change, delivered in batches.

A change that notifies the applicant writes one small `PendingNotice` row (event id, order id, the
order's status as of the change) in its own transaction: no notice for a change that rolled back, no
change whose notice is lost. A delivery (`notices_deliver`, run by `deliver_notices_task`) claims
pending rows a batch at a time with one statement,

    DELETE FROM notify_pendingnotice
     WHERE id IN (SELECT id FROM notify_pendingnotice WHERE attempts < 3
                   ORDER BY id LIMIT 500 FOR UPDATE SKIP LOCKED)
    RETURNING id, event_id, order_id, status

loads the batch's events and orders in two queries, and writes the inbox messages and the texts with
one INSERT each (`notices_send`), in the claim's transaction: the claim, the inbox rows, the texts and
the rows' removal commit together or not at all, so a crash mid-batch sends nothing twice and loses
nothing. Two deliveries at once never send one notice twice: each skips the rows the other has locked
(SKIP LOCKED), and a row claimed and committed by the other is gone. SQLite has one writer at a time.

When a batch fails, its rows are delivered one by one, so one broken notice cannot hold back the
others; a notice that fails on its own counts an attempt and is left for a later delivery, and after
MAX_DELIVERY_ATTEMPTS stays in the table, with its last error, for an operator.

A delivery that finds nothing left must not stop while a transaction that counted on it is still in
flight (see fawang/notify/tasks.py for who enqueues a delivery): with `wait_for_writers` it takes a
SHARE lock on the outbox, which waits for every transaction that has queued a notice and not yet
committed, and looks once more.
"""

from __future__ import annotations

import datetime as dt
import logging
import time
import traceback
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from typing import Any

from django.db import OperationalError, connection, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from fawang.core.bulk import bulk_insert

from .models import PendingNotice
from .services import Notice, notices_send

log = logging.getLogger(__name__)

BATCH = 500  # notices per claim: one transaction, two reads, two INSERTs
MAX_DELIVERY_ATTEMPTS = 3
EVENT_TIME_MARGIN = dt.timedelta(days=1)  # see _notices
# How long a delivery that found nothing waits for transactions still queueing notices. Shorter than
# PostgreSQL's deadlock_timeout (1 s), so if ever the wait took part in a deadlock, the delivery gives
# up (and queues a successor) before the deadlock detector could pick an order's transaction.
WRITERS_LOCK_TIMEOUT_MS = 200


@dataclass
class DeliveryReport:
    delivered: int = 0  # notices told (inbox message and/or text)
    skipped: int = 0  # claimed with nothing to tell: an internal event, or an event or order gone
    failed: int = 0  # failed on their own: left for a later delivery, an attempt counted
    batches: int = 0  # claims that found notices
    more: bool = False  # stopped with notices possibly left (time budget, or the wait timed out)

    def as_dict(self) -> dict[str, int]:
        return {
            "delivered": self.delivered,
            "skipped": self.skipped,
            "failed": self.failed,
            "batches": self.batches,
            "more": int(self.more),
        }


def notices_queue(events: Sequence[Any]) -> list[PendingNotice]:
    """Queue a notice for each of `events` (saved, each with its `order`), in one INSERT in the
    caller's transaction, naming the order's status as of now (the change's)."""
    return bulk_insert(
        [PendingNotice(event_id=e.pk, order_id=e.order_id, status=str(e.order.status)) for e in events]
    )


@dataclass(frozen=True)
class _Claimed:
    id: int
    event_id: int
    order_id: int
    status: str
    queued_at: dt.datetime  # the notice's time: its event's, give or take the transaction


def _claim(
    *, limit: int, exclude: Collection[int] = (), only: Collection[int] | None = None
) -> list[_Claimed]:
    """Remove up to `limit` deliverable notices from the outbox, oldest first, in the caller's
    transaction, and return them: they are the caller's to deliver before it commits."""
    table = connection.ops.quote_name(PendingNotice._meta.db_table)
    where, params = ["attempts < %s"], [MAX_DELIVERY_ATTEMPTS]
    if exclude:
        where.append(f"id NOT IN ({', '.join(['%s'] * len(exclude))})")
        params.extend(exclude)
    if only is not None:
        ids = list(only) or [0]  # no id is 0
        where.append(f"id IN ({', '.join(['%s'] * len(ids))})")
        params.extend(ids)
    lock = " FOR UPDATE SKIP LOCKED" if connection.features.has_select_for_update_skip_locked else ""
    sql = (
        f"DELETE FROM {table} WHERE id IN (SELECT id FROM {table} WHERE {' AND '.join(where)} "
        f"ORDER BY id LIMIT %s{lock}) RETURNING id, event_id, order_id, status, created_at"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [*params, limit])
        rows = cursor.fetchall()
    claimed = (
        _Claimed(pk, event_id, order_id, status, _aware(at)) for pk, event_id, order_id, status, at in rows
    )
    return sorted(claimed, key=lambda c: c.id)


def _aware(value: dt.datetime | str) -> dt.datetime:
    """A timestamp read by a raw cursor: PostgreSQL gives an aware datetime, SQLite the UTC text."""
    at = parse_datetime(value) if isinstance(value, str) else value
    if at is None:
        raise ValueError(f"not a timestamp: {value!r}")
    return at if timezone.is_aware(at) else timezone.make_aware(at, dt.UTC)


def _notices(claimed: Sequence[_Claimed]) -> list[Notice]:
    """The claimed notices with their events and orders (two queries; the applicant's account joined
    for their phone). A notice whose event or order no longer exists has nothing to tell."""
    from fawang.orders.models import OrderEvent, ServiceOrder

    event_ids = {c.event_id for c in claimed}
    events = OrderEvent.objects.filter(pk__in=event_ids).only("id", "order_id", "kind", "reason", "is_public")
    # The event table is partitioned by month (docs/adr/0015): bounded by the notices' times, the
    # read touches this month's partition instead of probing every month's. An event is written
    # in the transaction that queues its notice, so it is older by moments; a day is a wide margin,
    # and an event the bounded read misses (a notice queued by hand for an old event) is read unbounded.
    since = min(c.queued_at for c in claimed) - EVENT_TIME_MARGIN
    by_event = {e.pk: e for e in events.filter(created_at__gte=since)}
    if len(by_event) < len(event_ids):
        by_event = {e.pk: e for e in events}
    # Only what a notice reads: every encrypted column left out is one decryption fewer per row.
    orders = (
        ServiceOrder.objects.filter(pk__in={c.order_id for c in claimed})
        .select_related("applicant")
        .only(
            "id",
            "tracking_no",
            "language",
            "status",
            "applicant_id",
            "applicant_phone",
            "applicant_phone_index",
            "applicant__phone",
        )
    )
    by_order = {o.pk: o for o in orders}
    notices = []
    for c in claimed:
        event, order = by_event.get(c.event_id), by_order.get(c.order_id)
        if event is not None and order is not None and event.order_id == order.pk:
            notices.append(Notice(order=order, event=event, status=c.status))
    return notices


def _deliver_once(
    report: DeliveryReport,
    claimed_ids: list[int],
    *,
    limit: int,
    exclude: Collection[int],
    only: Collection[int] | None,
) -> None:
    """Claim and deliver one batch in one transaction. The ids claimed go into `claimed_ids` as soon
    as they are claimed, so that when the transaction fails the caller knows which to retry."""
    with transaction.atomic():
        claimed = _claim(limit=limit, exclude=exclude, only=only)
        claimed_ids.extend(c.id for c in claimed)
        if not claimed:
            return
        sent = notices_send(_notices(claimed))
    report.batches += 1
    report.delivered += sent
    report.skipped += len(claimed) - sent


def _record_failure(pk: int, exc: BaseException) -> None:
    error = "".join(traceback.format_exception_only(type(exc), exc)).strip()
    PendingNotice.objects.filter(pk=pk).update(attempts=F("attempts") + 1, last_error=error[:2000])


def _nothing_pending_after_writers(exclude: Collection[int]) -> bool | None:
    """True when no deliverable notice is left once every transaction that has queued one (and so
    holds the outbox's ROW EXCLUSIVE lock) has ended; None when that wait timed out."""
    pending = PendingNotice.objects.filter(attempts__lt=MAX_DELIVERY_ATTEMPTS).exclude(pk__in=list(exclude))
    if connection.vendor != "postgresql":
        # SQLite: a writer holds the database's one write lock from its first write to its commit,
        # and the worker needed that lock to mark this task running: a transaction that saw the
        # task queued had committed before the task started, and its notices were visible to it.
        return not pending.exists()
    table = connection.ops.quote_name(PendingNotice._meta.db_table)
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(f"SET LOCAL lock_timeout = '{int(WRITERS_LOCK_TIMEOUT_MS)}ms'")
            cursor.execute(f"LOCK TABLE {table} IN SHARE MODE")
            return not pending.exists()
    except OperationalError:  # lock_timeout: writers still busy, or a wait that could deadlock
        return None


def notices_deliver(
    *,
    batch: int = BATCH,
    only: Collection[int] | None = None,
    budget_s: float | None = None,
    wait_for_writers: bool = False,
) -> DeliveryReport:
    """Deliver pending notices, a batch per transaction, until none is left (or, with `only`, those
    of these outbox ids that are still pending), or `budget_s` seconds have passed (`more` is then
    set). With `wait_for_writers`, a delivery that finds nothing waits for the transactions that are
    still queueing notices and looks again before it stops (see the module docstring)."""
    report = DeliveryReport()
    failed: set[int] = set()
    deadline = None if budget_s is None else time.monotonic() + budget_s
    while True:
        if deadline is not None and time.monotonic() > deadline:
            report.more = True
            return report
        claimed: list[int] = []
        try:
            _deliver_once(report, claimed, limit=batch, exclude=failed, only=only)
        except Exception:
            if not claimed:
                raise  # the claim itself failed: the database, not a notice
            log.exception("a batch of %d notices failed; delivering them one by one", len(claimed))
            for pk in claimed:
                try:
                    _deliver_once(report, [], limit=1, exclude=(), only=[pk])
                except Exception as exc:
                    log.exception("notice %s failed", pk)
                    _record_failure(pk, exc)
                    failed.add(pk)
                    report.failed += 1
            continue
        if only is not None and set(only) <= set(claimed):
            return report  # all of them at once: no need to look again
        if claimed:
            continue
        if not wait_for_writers:
            return report
        nothing_left = _nothing_pending_after_writers(failed)
        if nothing_left is None:
            report.more = True
            return report
        if nothing_left:
            return report
