"""The orders' rollup for the figures (`OrderTally`, docs/adr/0016).

An order counts in three rows of its place (region path, handler region path, institution,
practitioner, as scoping reads an order): its status's, its service item's and its channel's. The
status row also counts it as finished with a time limit, and within it, as `selectors.on_time_rate`
defines those. The database keeps the rows in step: a trigger on the order table (migration
`0005_order_tally`) subtracts the rows an order counted in before a write and adds those it counts in
after, inside the statement that writes the order, so every path that writes an order (the engine,
intake, the admin, a bulk `update()`) moves it in the same transaction. Whether an open order is
overdue changes with the clock, not with a write: the figures count those live
(`selectors.open_overdue_count`).

`tallies_rebuild` recomputes the table from the orders (`manage.py rollups_rebuild`)."""

from __future__ import annotations

from typing import Any

from django.db.models import CharField, Count, F, Q, QuerySet, Value
from django.db.models.functions import Cast, Coalesce

from fawang.core.tallies import tally_rebuild

from .enums import OPEN_STATUSES
from .models import OrderTally, ServiceOrder


class Dimension:
    STATUS = "status"
    ITEM = "item"
    CHANNEL = "channel"


KEYS = (
    "dimension",
    "value",
    "region_path",
    "handler_region_path",
    "assigned_institution_id",
    "assigned_practitioner_id",
)
COUNTERS = ("orders", "finished", "on_time")


def _aggregate(dimension: str, field: str) -> QuerySet[Any]:
    finished = Q(resolved_at__isnull=False, due_at__isnull=False) & ~Q(status__in=OPEN_STATUSES)
    status_only = dimension == Dimension.STATUS
    return (
        ServiceOrder.objects.order_by()
        .values(
            dimension_=Value(dimension, output_field=CharField()),
            value_=Cast(field, CharField()),
            region_path_=F("region_path"),
            handler_region_path_=F("handler_region_path"),
            institution_=Coalesce("assigned_institution_id", 0),
            practitioner_=Coalesce("assigned_practitioner_id", 0),
        )
        .annotate(
            orders_=Count("pk"),
            finished_=Count("pk", filter=finished) if status_only else Value(0),
            on_time_=Count("pk", filter=finished & Q(resolved_at__lte=F("due_at")))
            if status_only
            else Value(0),
        )
    )


def tallies_rebuild() -> int:
    """Recompute every OrderTally row from the orders (deployment, after a bulk fix). Returns rows."""
    return tally_rebuild(
        OrderTally,
        columns=[*KEYS, *COUNTERS],
        queries=[
            _aggregate(Dimension.STATUS, "status"),
            _aggregate(Dimension.ITEM, "service_item_id"),
            _aggregate(Dimension.CHANNEL, "channel"),
        ],
    )
