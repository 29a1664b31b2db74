"""Statutory clocks of service orders, one `OrderClock` row per running limit (docs/adr/0011), counted
on the official calendar (fawang.core.calendar, docs/adr/0006).

The law table (`catalog.TimeLimit`) says which event starts and stops each of an item's limits and
whether waiting for materials is counted. `clock_changes` turns one event into clock rows to start,
pause, resume or stop, and the order's mirror of its nearest running clock (`due_at`, `warn_at`, the
provisional flag and the warned/overdue marks) that the queue sorts and filters on. The engine calls
it for every event it writes; the sweep claims clock rows; entering a year's holiday schedule recounts
them (`clocks_recount`)."""

from __future__ import annotations

import datetime as dt
import threading
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from fawang.core.calendar import CALENDAR_DAYS, TZ, Deadline, compute_deadline, working_days_between
from fawang.core.errors import Conflict
from fawang.core.types import Actor

from .enums import OPEN_STATUSES
from .models import OrderClock, ServiceOrder
from .workflow import clock_applies, clock_due_date

if TYPE_CHECKING:
    from fawang.catalog.models import ServiceItem

_BATCH = 500
_LAW_TTL_SECONDS = 60.0


@dataclass(frozen=True)
class Limit:
    """One row of an item's law table, as the clocks need it."""

    name: str
    label: str
    label_en: str
    limit: int
    unit: str
    warn_ratio: Decimal
    starts_on: frozenset[str]
    stops_on: frozenset[str]
    pauses_while_suspended: bool
    legal_basis: str
    extends_on: frozenset[str] = frozenset()
    extension: int = 0
    extension_basis: str = ""


# ---- the law table, cached per process ------------------------------------------------------------

_law_lock = threading.Lock()
# item id → (its limits, the event kinds that start or stop one of them)
_law: dict[int, tuple[tuple[Limit, ...], frozenset[str]]] = {}
_law_loaded_at = 0.0


def invalidate_law_tables(**_kwargs: Any) -> None:
    """Drop the cached law tables (a catalog change in this process; other processes re-read within
    a minute)."""
    global _law_loaded_at
    with _law_lock:
        _law.clear()
        _law_loaded_at = time.monotonic()


def _headline_limit(item: ServiceItem) -> Limit:
    """An item whose law table is empty (made in the back office without one) gets one clock from its
    headline limit: from submission (and again on reopening) to resolution, waiting for materials not
    counted, as every order counted before the law table existed."""
    return Limit(
        name="handle",
        label="办结",
        label_en="Resolve",
        limit=item.time_limit,
        unit=item.time_limit_unit,
        warn_ratio=Decimal(item.warn_ratio),
        starts_on=frozenset({"submitted", "reopened"}),
        stops_on=frozenset({"resolved"}),
        pauses_while_suspended=True,
        legal_basis=item.legal_basis,
    )


def law_table(item: ServiceItem) -> tuple[Limit, ...]:
    """The limits of service item `item`, in the law table's order (one query per item a minute)."""
    return _law_entry(item)[0]


def clock_events(item: ServiceItem) -> frozenset[str]:
    """The event kinds that start, stop or extend one of the item's clocks (every step asks)."""
    return _law_entry(item)[1]


def _law_entry(item: ServiceItem) -> tuple[tuple[Limit, ...], frozenset[str]]:
    global _law_loaded_at
    from fawang.catalog.models import TimeLimit

    with _law_lock:
        if time.monotonic() - _law_loaded_at > _LAW_TTL_SECONDS:
            _law.clear()
            _law_loaded_at = time.monotonic()
        cached = _law.get(item.pk)
    if cached is not None:
        return cached
    rows = tuple(
        Limit(
            name=row.name,
            label=row.label,
            label_en=row.label_en,
            limit=row.limit,
            unit=row.unit,
            warn_ratio=Decimal(row.warn_ratio),
            starts_on=frozenset(row.starts_on or ()),
            stops_on=frozenset(row.stops_on or ()),
            pauses_while_suspended=row.pauses_while_suspended,
            legal_basis=row.legal_basis,
            extends_on=frozenset(row.extends_on or ()),
            extension=row.extension,
            extension_basis=row.extension_basis,
        )
        for row in TimeLimit.objects.filter(service_item_id=item.pk).order_by("sort_order", "name")
    ) or (_headline_limit(item),)
    entry = (
        rows,
        frozenset().union(*(limit.starts_on | limit.stops_on | limit.extends_on for limit in rows)),
    )
    with _law_lock:
        _law[item.pk] = entry
    return entry


# ---- counting --------------------------------------------------------------------------------------


def clock_deadline(clock: OrderClock) -> Deadline:
    """Due and warning instants of `clock` from the values it copied when it started."""
    return compute_deadline(
        start=clock.started_at,
        limit=clock.limit + clock.extended_by,
        unit=clock.unit,
        paused_working_days=clock.paused_working_days,
        warn_ratio=clock.warn_ratio,
    )


def clock_new(order: ServiceOrder, limit: Limit, now: dt.datetime) -> OrderClock:
    """An unsaved clock of `limit` starting `now`; the limit and its citation are copied onto it. A
    clock whose last day the requester sets (Workflow.clock_deadlines, docs/adr/0022) counts calendar
    days from `now` to that day instead of the law table's limit, by the same rules (a last day that is
    a rest day gives way to the next working day, 民法典第二百零三条); its citation is the row's."""
    count, unit = limit.limit, limit.unit
    due_day = clock_due_date(order, limit.name)
    if due_day is not None:
        count = max(0, (due_day - now.astimezone(TZ).date()).days)
        unit = CALENDAR_DAYS
    clock = OrderClock(
        order=order,
        name=limit.name,
        label=limit.label,
        label_en=limit.label_en,
        limit=count,
        unit=unit,
        warn_ratio=limit.warn_ratio,
        pauses_while_suspended=limit.pauses_while_suspended,
        legal_basis=limit.legal_basis,
        started_at=now,
    )
    deadline = clock_deadline(clock)
    clock.due_at, clock.warn_at, clock.due_is_provisional = (
        deadline.due_at,
        deadline.warn_at,
        deadline.provisional,
    )
    return clock


def recount(clock: OrderClock, deadline: Deadline, now: dt.datetime) -> None:
    """Give `clock` its recounted times; a warning or overdue mark whose time now lies ahead is
    cleared, so the sweep fires it again then (one already behind stays)."""
    clock.due_at, clock.warn_at = deadline.due_at, deadline.warn_at
    clock.due_is_provisional = deadline.provisional
    if clock.warn_at > now:
        clock.warned_at = None
    if clock.due_at > now:
        clock.overdue_at = None


@dataclass
class ClockChanges:
    """What one event does to an order's clocks: rows to insert, rows to update, and the order's
    mirror fields (empty when unchanged)."""

    created: list[OrderClock] = field(default_factory=list)
    updated: list[OrderClock] = field(default_factory=list)
    order_fields: dict[str, Any] = field(default_factory=dict)

    def save(self) -> None:
        clocks_insert(self.created)
        if self.updated:
            OrderClock.objects.bulk_update(
                self.updated,
                [
                    "paused_at",
                    "paused_working_days",
                    "extended_by",
                    "extension_basis",
                    "due_at",
                    "warn_at",
                    "due_is_provisional",
                    "warned_at",
                    "overdue_at",
                    "stopped_at",
                ],
            )


_INSERT_COLUMNS: tuple[list[str], str] | None = None


def clocks_insert_sql(clocks: Sequence[OrderClock]) -> tuple[str, list[Any]]:
    """One multi-row INSERT of new clocks as plain SQL. Intake writes one per order: Django's insert
    compiler costs more than the row, and every column here is a plain value psycopg adapts itself
    (no JSON, no encrypted text), so the values go as they are."""
    global _INSERT_COLUMNS
    if _INSERT_COLUMNS is None:
        fields = [f for f in OrderClock._meta.concrete_fields if not f.primary_key]
        quote = connection.ops.quote_name
        columns = ", ".join(quote(f.column) for f in fields)
        _INSERT_COLUMNS = ([f.attname for f in fields], f"{quote(OrderClock._meta.db_table)} ({columns})")
    attnames, into = _INSERT_COLUMNS
    row = "(" + ", ".join(["%s"] * len(attnames)) + ")"
    statement = f"INSERT INTO {into} VALUES {', '.join([row] * len(clocks))}"
    return statement, [getattr(clock, name) for clock in clocks for name in attnames]


def clocks_insert(clocks: list[OrderClock]) -> None:
    """Write new clocks: one plain INSERT for the usual single clock (bulk_create's bookkeeping costs
    more than the statement for one row, and intake pays it on every order), one statement for more."""
    if len(clocks) == 1:
        clocks[0].save(force_insert=True)
    elif clocks:
        OrderClock.objects.bulk_create(clocks)


def running_clocks(order: ServiceOrder) -> list[OrderClock]:
    """The order's running clocks, locked until the caller's transaction ends: a sweep marking one of
    them meanwhile skips it (SKIP LOCKED) instead of having its mark overwritten by this change."""
    return list(
        OrderClock.objects.select_for_update()
        .filter(order_id=order.pk, stopped_at__isnull=True)
        .order_by("pk")
    )


def clock_changes(
    order: ServiceOrder,
    kind: str,
    *,
    now: dt.datetime,
    to_status: str,
    running: Sequence[OrderClock],
    pauses: bool = False,
    resumes: bool = False,
) -> ClockChanges:
    """The clocks after event `kind` moved `order` to `to_status`, in this order: pause the clocks
    whose limit does not count waiting for materials (`pauses`), resume paused ones with the working
    days they stood still (`resumes`), extend those the law lets this event extend, stop those the law
    stops at this event (and all of them when the order leaves the open statuses), start those it
    starts (restarting one of the same name)."""
    changes = ClockChanges()
    touched: dict[int, OrderClock] = {}
    live = list(running)
    law = law_table(order.service_item)
    for clock in _extend(live, law, kind, now):
        touched[id(clock)] = clock
    for clock in live:
        if pauses and clock.pauses_while_suspended and clock.paused_at is None:
            clock.paused_at = now
            touched[id(clock)] = clock
        elif resumes and clock.paused_at is not None:
            days = working_days_between(timezone.localdate(clock.paused_at), timezone.localdate(now))
            clock.paused_working_days += days
            clock.paused_at = None
            recount(clock, clock_deadline(clock), now)
            touched[id(clock)] = clock
    stops = {limit.name for limit in law if kind in limit.stops_on}
    # A workflow may make a clock conditional on the order (Workflow.clock_conditions, docs/adr/0019).
    starts = [limit for limit in law if kind in limit.starts_on and clock_applies(order, limit.name)]
    restarted = {limit.name for limit in starts}
    leaving = to_status not in OPEN_STATUSES
    for clock in live:
        if clock.stopped_at is None and (leaving or clock.name in stops or clock.name in restarted):
            clock.stopped_at = now
            touched[id(clock)] = clock
    if not leaving:
        for limit in starts:
            changes.created.append(clock_new(order, limit, now))
    changes.updated = [c for c in touched.values() if c.pk is not None]
    still = [c for c in live if c.stopped_at is None] + changes.created
    if touched or changes.created:
        changes.order_fields = mirror_fields(order, still)
    return changes


def _extend(
    live: Sequence[OrderClock], law: Sequence[Limit], kind: str, now: dt.datetime
) -> list[OrderClock]:
    """Lengthen the running clocks that event `kind` extends, once each, as the law allows (劳动争议调解
    仲裁法第四十三条: one extension of at most fifteen days). A second extension of the same clock is
    refused: the transaction that asked for it writes nothing."""
    extended = []
    for limit in law:
        if kind not in limit.extends_on:
            continue
        for clock in live:
            if clock.name != limit.name or clock.stopped_at is not None:
                continue
            if clock.extended_by:
                raise Conflict(
                    "clock_already_extended",
                    _("The time limit “%(step)s” was already extended once (%(basis)s).")
                    % {"step": clock.display_label, "basis": clock.extension_basis},
                )
            clock.extended_by, clock.extension_basis = limit.extension, limit.extension_basis
            recount(clock, clock_deadline(clock), now)
            extended.append(clock)
    return extended


def mirror_fields(order: ServiceOrder, running: Iterable[OrderClock]) -> dict[str, Any]:
    """The order's copy of its nearest ticking clock (running, not paused; earliest due), for the
    queue and `fawang.orders.urgency`. When every running clock is paused (waiting for materials the
    law does not count) the order has no due time until they resume. With no clock running at all the
    order keeps the times of the last one (what it was due by)."""
    running = list(running)
    nearest = min(
        (c for c in running if c.paused_at is None), key=lambda c: (c.due_at, c.pk or 0), default=None
    )
    if nearest is None and not running:
        return {}
    if nearest is None:
        fields: dict[str, Any] = {"due_at": None, "warn_at": None, "due_is_provisional": False}
        return {name: value for name, value in fields.items() if getattr(order, name) != value}
    fields = {
        "due_at": nearest.due_at,
        "warn_at": nearest.warn_at,
        "due_is_provisional": nearest.due_is_provisional,
    }
    return {name: value for name, value in fields.items() if getattr(order, name) != value}


# ---- recount after a year of the holiday schedule is entered --------------------------------------


def _local(value: dt.datetime | None) -> str | None:
    """Shanghai time in the event data, as clerks read it."""
    return value.astimezone(TZ).isoformat() if value else None


def clocks_recount(*, year: int, actor: Actor = None, now: dt.datetime | None = None) -> int:
    """After the schedule for `year` was entered or corrected: recount every running clock that may
    have counted over that year (provisional ones, and any due on or after 1 January of it), in
    batches, with one `due_recomputed` event and audit entry per order whose clocks changed. A warning
    or overdue mark whose time now lies ahead is cleared, so the sweep fires it again at the recounted
    time. Runs in the caller's transaction. Returns how many orders changed."""
    from .engine import PendingWrites
    from .enums import EventKind

    now = now or timezone.now()
    year_start = dt.datetime(year, 1, 1, tzinfo=TZ)
    ids = list(
        OrderClock.objects.filter(stopped_at__isnull=True)
        .filter(Q(due_is_provisional=True) | Q(due_at__gte=year_start))
        .order_by("order_id")
        .values_list("order_id", flat=True)
        .distinct()
    )
    reason = _("Official holiday schedule for %(year)d entered; due date recounted.") % {"year": year}
    order_fields = ["due_at", "warn_at", "due_is_provisional", "updated_at"]
    changed = 0
    with transaction.atomic():
        for i in range(0, len(ids), _BATCH):
            orders = list(
                ServiceOrder.objects.filter(pk__in=ids[i : i + _BATCH])
                .select_for_update()
                .only("pk", "tracking_no", "status", *order_fields[:-1])
                .order_by("pk")
            )
            clocks: dict[int, list[OrderClock]] = {}
            for clock in OrderClock.objects.filter(
                order_id__in=[o.pk for o in orders], stopped_at__isnull=True
            ).order_by("pk"):
                clocks.setdefault(clock.order_id, []).append(clock)
            writes = PendingWrites()
            updated_clocks: list[OrderClock] = []
            updated_orders: list[ServiceOrder] = []
            for order in orders:
                recounted = []
                for clock in clocks.get(order.pk, []):
                    deadline = clock_deadline(clock)
                    if (clock.due_at, clock.warn_at, clock.due_is_provisional) == (
                        deadline.due_at,
                        deadline.warn_at,
                        deadline.provisional,
                    ):
                        continue
                    recounted.append(
                        {
                            "clock": clock.name,
                            "legal_basis": clock.legal_basis,
                            "old_due_at": _local(clock.due_at),
                            "new_due_at": _local(deadline.due_at),
                            "old_warn_at": _local(clock.warn_at),
                            "new_warn_at": _local(deadline.warn_at),
                            "old_provisional": clock.due_is_provisional,
                            "new_provisional": deadline.provisional,
                        }
                    )
                    recount(clock, deadline, now)
                    updated_clocks.append(clock)
                if not recounted:
                    continue
                before = {name: getattr(order, name) for name in order_fields[:-1]}
                for name, value in mirror_fields(order, clocks[order.pk]).items():
                    setattr(order, name, value)
                order.updated_at = now
                first = recounted[0]
                writes.event(
                    order,
                    EventKind.DUE_RECOMPUTED,
                    actor=actor,
                    now=now,
                    from_status=order.status,
                    to_status=order.status,
                    reason=reason,
                    data={"year": year, **first, "clocks": recounted},
                )
                writes.audit(
                    actor=actor,
                    action="order.due_recomputed",
                    entity=order,
                    before=before,
                    after={name: getattr(order, name) for name in order_fields[:-1]},
                )
                updated_orders.append(order)
            if updated_clocks:
                ClockChanges(updated=updated_clocks).save()
            if updated_orders:
                ServiceOrder.objects.bulk_update(updated_orders, order_fields)
                writes.flush()
                changed += len(updated_orders)
    return changed
