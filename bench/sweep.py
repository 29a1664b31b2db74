"""The deadline sweep over a million open orders (PostgreSQL; fewer on SQLite, said in the output).

Orders are inserted with one INSERT ... SELECT over a generated series (plain SQL, no ORM), ~1% of them
past their due time. Measured: one `sweep_deadlines()` run, which must find the due rows without
scanning the open ones (partial indexes) and then mark each overdue with its event, audit entry and
supervision order; the finding alone is timed too, since that is what every run costs even when little
is due. Baseline: a full-scan count of open orders with due_at <= now."""

from __future__ import annotations

import datetime as dt
import time
from typing import Any

from django.db import connection, transaction
from django.utils import timezone

from .report import Report, faster, verdict

TARGET_S = 1.0


def _literal(field: Any, value: Any) -> Any:
    return field.get_db_prep_save(value, connection)


def _insert_open_orders(n: int, due_every: int, now: dt.datetime) -> float:
    """Insert `n` open orders, every `due_every`-th one already past due (and already warned, so the
    sweep's work is the overdue step). Returns seconds taken."""
    from fawang.catalog.models import ServiceItem
    from fawang.network.models import ServicePoint
    from fawang.orders.enums import OrderStatus
    from fawang.orders.models import ServiceOrder
    from fawang.regions.models import RegionLevel

    pg = connection.vendor == "postgresql"
    item = ServiceItem.objects.get(code="consultation")
    places = list(
        ServicePoint.objects.filter(level=RegionLevel.COUNTY, is_active=True)
        .select_related("region")
        .order_by("id")
        .values_list("id", "region_id", "region__path")
    )
    with connection.cursor() as cur:
        cur.execute("DROP TABLE IF EXISTS bench_places")
        cur.execute(
            "CREATE TABLE bench_places (n integer PRIMARY KEY, point_id bigint, region_id varchar(12), path varchar(128))"
        )
        cur.executemany(
            "INSERT INTO bench_places VALUES (%s, %s, %s, %s)",
            [(i, pid, rid, path) for i, (pid, rid, path) in enumerate(places)],
        )

    past, soon, later = now - dt.timedelta(hours=2), now + dt.timedelta(days=4), now + dt.timedelta(days=8)
    submitted = now - dt.timedelta(days=3)
    statuses = [OrderStatus.SUBMITTED, OrderStatus.ACCEPTED, OrderStatus.IN_PROGRESS]
    due = f"(g.i %% {due_every} = 0)"  # %% : the SQL is sent with parameters
    tracking = "'SW' || lpad(g.i::text, 13, '0')" if pg else "'SW' || printf('%%013d', g.i)"
    explicit: dict[str, tuple[str, list[Any]]] = {
        "tracking_no": (tracking, []),
        "channel": ("%s", ["hotline"]),
        "service_item_id": ("%s", [item.pk]),
        "applicant_kind": ("%s", ["anonymous"]),
        "region_id": ("p.region_id", []),
        "region_path": ("p.path", []),
        "handler_region_path": ("p.path", []),
        "assigned_point_id": ("p.point_id", []),
        "description": ("%s", ["基准测试：一百万件在办工单中的一件。"]),
        "status": ("CASE g.i %% 3 WHEN 0 THEN %s WHEN 1 THEN %s ELSE %s END", list(statuses)),
        "submitted_at": ("%s", [submitted]),
        "clock_started_at": ("%s", [submitted]),
        "due_at": (f"CASE WHEN {due} THEN %s ELSE %s END", [past, later]),
        "warn_at": (f"CASE WHEN {due} THEN %s ELSE %s END", [past, soon]),
        "warned_at": (f"CASE WHEN {due} THEN %s ELSE NULL END", [past]),
        "updated_at": ("%s", [now]),
    }
    columns, exprs, params = [], [], []
    for f in ServiceOrder._meta.concrete_fields:
        if f.primary_key:
            continue
        if f.attname in explicit:
            expr, p = explicit[f.attname]
        elif f.null:
            expr, p = "NULL", []
        elif f.has_default():
            expr, p = "%s", [f.get_default()]
        elif f.get_internal_type() == "DateTimeField":
            expr, p = "%s", [now]
        else:
            expr, p = "%s", ["" if f.get_internal_type() in ("CharField", "TextField") else 0]
        columns.append(connection.ops.quote_name(f.column))
        exprs.append(expr)
        # Adapt each value as the field would (JSON, encrypted text ...); ids and times pass as they are.
        params.extend(v if isinstance(v, dt.datetime | int) else _literal(f, v) for v in p)
    if pg:
        series = "generate_series(1, %s) AS g(i)"
    else:
        series = "(WITH RECURSIVE s(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM s WHERE i < %s) SELECT i FROM s) AS g"
    sql = (
        f"INSERT INTO {ServiceOrder._meta.db_table} ({', '.join(columns)}) "
        f"SELECT {', '.join(exprs)} FROM {series} "
        f"JOIN bench_places p ON p.n = g.i %% {len(places)}"
    )
    start = time.perf_counter()
    with transaction.atomic(), connection.cursor() as cur:
        cur.execute(sql, [*params, n])
    elapsed = time.perf_counter() - start
    with connection.cursor() as cur:
        cur.execute("DROP TABLE bench_places")
        if pg:
            cur.execute(f"ANALYZE {ServiceOrder._meta.db_table}")
        else:
            cur.execute("ANALYZE")
    return elapsed


def run_sweep(report: Report, *, n: int, due_every: int = 100) -> None:
    from fawang.orders.enums import CLOCK_RUNNING_STATUSES, OPEN_STATUSES
    from fawang.orders.models import ServiceOrder
    from fawang.orders.sweep import sweep_deadlines

    now = timezone.now()
    print(f"sweep: inserting {n:,} open orders by plain SQL, 1 in {due_every} past due ...", flush=True)
    insert_s = _insert_open_orders(n, due_every, now)
    open_total = ServiceOrder.objects.filter(status__in=OPEN_STATUSES).count()
    print(f"sweep: inserted in {insert_s:.1f} s ({n / insert_s:,.0f} rows/s); {open_total:,} open orders")

    # What every run pays, due rows or not: finding them through the partial index.
    overdue = ServiceOrder.objects.filter(
        status__in=OPEN_STATUSES, overdue_at__isnull=True, due_at__lte=now
    ).filter(status__in=CLOCK_RUNNING_STATUSES)
    t0 = time.perf_counter()
    first_batch = list(overdue.order_by("due_at").values_list("pk", flat=True)[:500])
    find_s = time.perf_counter() - t0

    t0 = time.perf_counter()
    result = sweep_deadlines(now=now)
    sweep_s = time.perf_counter() - t0
    acted = result.as_dict()
    print(f"sweep: one run in {sweep_s:.2f} s: {acted}")

    # A second run right after: nothing left to do, so this is the sweep's fixed cost per run.
    t0 = time.perf_counter()
    sweep_deadlines(now=now)
    idle_s = time.perf_counter() - t0

    t0 = time.perf_counter()
    with connection.cursor() as cur:
        if connection.vendor == "postgresql":
            # Forbid the index so the baseline is the scan a sweep without partial indexes would do.
            with transaction.atomic():
                cur.execute("SET LOCAL enable_indexscan = off")
                cur.execute("SET LOCAL enable_bitmapscan = off")
                cur.execute(
                    f"SELECT count(*) FROM {ServiceOrder._meta.db_table} WHERE status = ANY(%s) AND due_at <= %s",
                    [list(OPEN_STATUSES), now],
                )
                cur.fetchone()
        else:
            cur.execute(
                f"SELECT count(*) FROM {ServiceOrder._meta.db_table} NOT INDEXED "
                f"WHERE status IN ({', '.join(['%s'] * len(OPEN_STATUSES))}) AND due_at <= %s",
                [*OPEN_STATUSES, now],
            )
            cur.fetchone()
    scan_s = time.perf_counter() - t0
    print(f"sweep baseline: full-scan count of due open orders {scan_s * 1000:.0f} ms")

    label = f"{open_total:,} open"
    done = acted["overdue"] + acted["warned"]
    report.add(
        "sweep",
        f"one run, {done:,} due acted on ({label})",
        f"{sweep_s:.2f} s",
        baseline=f"{scan_s * 1000:,.0f} ms (full-scan count)",
        ratio=faster(scan_s, sweep_s),
        target=f"< {TARGET_S:.0f} s",
        verdict=verdict(sweep_s < TARGET_S),
    )
    if done:
        report.add("sweep", "cost per due order", f"{sweep_s / done * 1000:.2f} ms")
    report.add(
        "sweep",
        f"find due rows ({len(first_batch)} of batch)",
        f"{find_s * 1000:.1f} ms",
        baseline=f"{scan_s * 1000:,.0f} ms",
        ratio=faster(scan_s, find_s),
        target=f"< {TARGET_S:.0f} s",
        verdict=verdict(find_s < TARGET_S),
    )
    report.add(
        "sweep",
        "idle run (nothing due)",
        f"{idle_s * 1000:.1f} ms",
        baseline=f"{scan_s * 1000:,.0f} ms",
        ratio=faster(scan_s, idle_s),
        target=f"< {TARGET_S:.0f} s",
        verdict=verdict(idle_s < TARGET_S),
    )
