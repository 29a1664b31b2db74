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
from .models import OrderEvent, ServiceOrder

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


def orders_recompute_provisional_deadlines(*, year: int, actor: Any = None) -> int:
    """After the schedule for `year` was entered or corrected: recompute the deadline of every open
    order that may have counted over that year (provisional ones, and any due on or after 1 January
    of it), in batches, with a `due_recomputed` event per order whose due or warning time changed.
    Runs in the caller's transaction. Returns how many orders changed."""
    from .enums import EventKind

    year_start = dt.datetime(year, 1, 1, tzinfo=TZ)
    candidates = (
        ServiceOrder.objects.filter(status__in=OPEN_STATUSES, due_at__isnull=False)
        .filter(Q(due_is_provisional=True) | Q(due_at__gte=year_start))
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    ids = list(candidates)
    reason = _("Official holiday schedule for %(year)d entered; due date recounted.") % {"year": year}
    changed = 0
    with transaction.atomic():
        for i in range(0, len(ids), _BATCH):
            batch = (
                ServiceOrder.objects.filter(pk__in=ids[i : i + _BATCH])
                .select_related("service_item")
                .select_for_update(of=("self",))
                .order_by("pk")
            )
            now = timezone.now()
            updated: list[ServiceOrder] = []
            events: list[OrderEvent] = []
            for order in batch:
                deadline = order_deadline(order)
                if (
                    order.due_at == deadline.due_at
                    and order.warn_at == deadline.warn_at
                    and order.due_is_provisional == deadline.provisional
                ):
                    continue
                events.append(
                    OrderEvent(
                        order=order,
                        kind=EventKind.DUE_RECOMPUTED,
                        from_status=order.status,
                        to_status=order.status,
                        actor=actor if getattr(actor, "pk", None) else None,
                        actor_label=getattr(actor, "display_name", "") or "",
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
                        # Internal bookkeeping: the applicant is not messaged about a recount.
                        is_public=False,
                        created_at=now,
                    )
                )
                order.due_at = deadline.due_at
                order.warn_at = deadline.warn_at
                order.due_is_provisional = deadline.provisional
                order.updated_at = now
                updated.append(order)
            if updated:
                ServiceOrder.objects.bulk_update(
                    updated, ["due_at", "warn_at", "due_is_provisional", "updated_at"]
                )
                OrderEvent.objects.bulk_create(events)
                changed += len(updated)
    return changed
