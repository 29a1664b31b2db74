"""One meaning of urgent: when an order counts as overdue or warned (docs/adr/0011).

The queue badge, the queue's filter and sort, the API's `is_overdue`/`is_warned` and the supervision
figures all ask here. An order mirrors its nearest *ticking* statutory clock (`fawang.orders.clock`):
a clock paused while the order waits for materials is not ticking, so an order whose every clock is
paused has no due time and is neither warned nor overdue, while a clock the law does not pause keeps
the order due. Past due counts as overdue before the sweep has stamped it, so no screen waits for
the worker."""

from __future__ import annotations

import datetime as dt

from django.db.models import Q

from .enums import OPEN_STATUSES
from .models import ServiceOrder


def overdue_q(now: dt.datetime, prefix: str = "") -> Q:
    """Open orders past their due time (as a filter on ServiceOrder, or through `prefix`)."""
    return Q(**{f"{prefix}status__in": OPEN_STATUSES, f"{prefix}due_at__lte": now})


def warned_q(now: dt.datetime, prefix: str = "") -> Q:
    """Open orders past their warning time (overdue ones included: exclude `overdue_q` for "only warned")."""
    return Q(**{f"{prefix}status__in": OPEN_STATUSES, f"{prefix}warn_at__lte": now})


def is_overdue(order: ServiceOrder, now: dt.datetime) -> bool:
    return order.is_open and order.due_at is not None and order.due_at <= now


def is_warned(order: ServiceOrder, now: dt.datetime) -> bool:
    """Warned and not (yet) overdue."""
    return order.is_open and not is_overdue(order, now) and order.warn_at is not None and order.warn_at <= now


def queue_tiers(now: dt.datetime, prefix: str = "") -> tuple[Q, Q, Q, Q]:
    """The queue's order, most urgent first, as four filters on open orders that do not overlap:
    overdue; warned (and not overdue); the rest that have a due time; those without one (every clock
    paused). Each is walked by due time (the last by id) from the partial index `order_open_due`
    (docs/adr/0007, "Lists at province scale"). An order has a warning time only beside a due time
    (both mirror its nearest ticking clock), so the four cover every open order."""
    open_ = Q(**{f"{prefix}status__in": OPEN_STATUSES})
    due, warn = f"{prefix}due_at", f"{prefix}warn_at"
    return (
        overdue_q(now, prefix),
        open_ & Q(**{f"{due}__gt": now, f"{warn}__lte": now}),
        open_ & Q(**{f"{due}__gt": now}) & (Q(**{f"{warn}__gt": now}) | Q(**{f"{warn}__isnull": True})),
        open_ & Q(**{f"{due}__isnull": True}),
    )
