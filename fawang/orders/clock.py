"""The time-limit clock of a service order, on the official calendar (fawang.core.calendar,
docs/adr/0006). The orders services call `order_deadline`; entering a year's holiday schedule calls
`orders_recompute_provisional_deadlines`."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from fawang.core.calendar import TZ, Deadline, compute_deadline

from .enums import OPEN_STATUSES
from .models import ServiceOrder

_BATCH = 500


def _local(value: dt.datetime | None) -> str | None:
    """Shanghai time in the event data, as clerks read it."""
    return value.astimezone(TZ).isoformat() if value else None


def order_deadline(order: ServiceOrder) -> Deadline:
    """Due and warning instants of `order`: its service item's limit counted from when the clock
    started (or from submission), extended by the working days it spent suspended."""
    item = order.service_item
    return compute_deadline(
        start=order.clock_started_at or order.submitted_at,
        limit=item.time_limit,
        unit=item.time_limit_unit,
        paused_working_days=order.clock_paused_working_days,
        warn_ratio=item.warn_ratio,
    )


def orders_recompute_provisional_deadlines(
    *, year: int, actor: Any = None, now: dt.datetime | None = None
) -> int:
    """After the schedule for `year` was entered or corrected: recompute the deadline of every open
    order that may have counted over that year (provisional ones, and any due on or after 1 January
    of it), in batches, with a `due_recomputed` event and an audit entry per order whose due or
    warning time changed. A warning or overdue mark whose time now lies ahead is cleared, so the sweep
    fires it again at the recounted time. Runs in the caller's transaction. Returns how many orders
    changed."""
    from .enums import EventKind
    from .services import PendingWrites

    now = now or timezone.now()
    year_start = dt.datetime(year, 1, 1, tzinfo=TZ)
    candidates = (
        ServiceOrder.objects.filter(status__in=OPEN_STATUSES, due_at__isnull=False)
        .filter(Q(due_is_provisional=True) | Q(due_at__gte=year_start))
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    ids = list(candidates)
    reason = _("Official holiday schedule for %(year)d entered; due date recounted.") % {"year": year}
    fields = ["due_at", "warn_at", "due_is_provisional", "warned_at", "overdue_at", "updated_at"]
    changed = 0
    with transaction.atomic():
        for i in range(0, len(ids), _BATCH):
            batch = (
                ServiceOrder.objects.filter(pk__in=ids[i : i + _BATCH])
                .select_related("service_item")
                .select_for_update(of=("self",))
                .order_by("pk")
            )
            updated: list[ServiceOrder] = []
            writes = PendingWrites()
            for order in batch:
                deadline = order_deadline(order)
                if (
                    order.due_at == deadline.due_at
                    and order.warn_at == deadline.warn_at
                    and order.due_is_provisional == deadline.provisional
                ):
                    continue
                before = {name: getattr(order, name) for name in fields[:-1]}
                writes.event(
                    order,
                    EventKind.DUE_RECOMPUTED,
                    actor=actor,
                    now=now,
                    from_status=order.status,
                    to_status=order.status,
                    reason=reason,
                    data={
                        "year": year,
                        "old_due_at": _local(order.due_at),
                        "new_due_at": _local(deadline.due_at),
                        "old_warn_at": _local(order.warn_at),
                        "new_warn_at": _local(deadline.warn_at),
                        "old_provisional": order.due_is_provisional,
                        "new_provisional": deadline.provisional,
                    },
                )
                order.due_at = deadline.due_at
                order.warn_at = deadline.warn_at
                order.due_is_provisional = deadline.provisional
                if deadline.warn_at > now:
                    order.warned_at = None
                if deadline.due_at > now:
                    order.overdue_at = None
                order.updated_at = now
                writes.audit(
                    actor=actor,
                    action="order.due_recomputed",
                    entity=order,
                    before=before,
                    after={name: getattr(order, name) for name in fields[:-1]},
                )
                updated.append(order)
            if updated:
                ServiceOrder.objects.bulk_update(updated, fields)
                writes.flush()
                changed += len(updated)
    return changed
