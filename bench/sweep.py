"""The deadline sweep over a million open orders (PostgreSQL; fewer on SQLite, said in the output).

Orders are inserted with one INSERT ... SELECT over a generated series (plain SQL, no ORM), then each
gets its one running statutory clock (an `OrderClock` row named "handle", as the consultation item's law
table starts on submission) with a second INSERT ... SELECT from those orders; the clock carries the
order's due, warning and warned times, which the order mirrors as production keeps it. Their due
dates are spread evenly over the next `window` days (the catalog's limits run from 3 working days to 30
days) and the sweep is taken to run every `every` minutes (ADR 0007: a timer every 5 minutes), so the
rows due before the last run were already handled by it and each run finds the ones that fell due
since: n x every / window overdue orders and as many newly warned (warning 2 days before the due
time). That assumes no order is ever resolved in time, a worst case for the sweep's work.

Measured, with `sweep_deadlines()` exactly as production runs it:
(a) steady state: one run over the million running clocks, claiming through the partial indexes
    `clock_warn_due` and `clock_overdue_due` and acting on what fell due since the last run: the
    "< 1 s" target;
(b) backlog: `backlog` clocks (and their orders' mirrors) made overdue at once (an outage, a holiday
    calendar fix): one run acting on all of them in batches, reported as orders/s;
and what every run pays when nothing is due (the idle run), and the read-only find of the first batch
of due clocks (the SELECT inside the overdue claim). Baseline: a full-scan count of due running clocks
over the clock table the sweep claims from, what a sweep without the partial indexes would read each
run."""

from __future__ import annotations

import datetime as dt
import time
from typing import Any

from django.db import connection, transaction
from django.utils import timezone

from .report import Report, faster, verdict

TARGET_S = 1.0
WARN_BEFORE = dt.timedelta(days=2)


def _literal(field: Any, value: Any) -> Any:
    return field.get_db_prep_save(value, connection)


def _insert_open_orders(n: int, now: dt.datetime, every: dt.timedelta, window: dt.timedelta) -> float:
    """Insert `n` open orders whose due times are spread evenly from `now - every` over `window`;
    those whose warning time lies before `now - every` are already warned (the previous run did it).
    Returns seconds taken."""
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

    start = now - every
    step = window.total_seconds() / n  # seconds between two orders' due times
    warn_s = WARN_BEFORE.total_seconds()
    submitted = now - dt.timedelta(days=3)
    statuses = [OrderStatus.SUBMITTED, OrderStatus.ACCEPTED, OrderStatus.IN_PROGRESS]
    if pg:
        due = "(%s::timestamptz + (g.i * %s) * interval '1 second')"
        warn = f"({due} - %s * interval '1 second')"
        tracking = "'SW' || lpad(g.i::text, 13, '0')"
    else:
        due = "datetime(%s, '+' || CAST(g.i * %s AS INTEGER) || ' seconds')"
        warn = f"datetime({due}, '-' || CAST(%s AS INTEGER) || ' seconds')"
        tracking = "'SW' || printf('%%013d', g.i)"
    s0 = connection.ops.adapt_datetimefield_value(start)
    due_p, warn_p = [s0, step], [s0, step, warn_s]
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
        "due_at": (due, due_p),
        "warn_at": (warn, warn_p),
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
        # Adapt each value as the field would (JSON, encrypted text ...); ids, numbers and times pass.
        params.extend(v if isinstance(v, dt.datetime | int | float) or v is s0 else _literal(f, v) for v in p)
    if pg:
        series = "generate_series(1, %s) AS g(i)"
    else:
        series = "(WITH RECURSIVE s(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM s WHERE i < %s) SELECT i FROM s) AS g"
    sql = (
        f"INSERT INTO {ServiceOrder._meta.db_table} ({', '.join(columns)}) "
        f"SELECT {', '.join(exprs)} FROM {series} "
        f"JOIN bench_places p ON p.n = g.i %% {len(places)}"
    )
    t0 = time.perf_counter()
    with transaction.atomic(), connection.cursor() as cur:
        if pg and _is_superuser(cur):
            # Setup only, not measured: the rows are consistent by construction, so skip the
            # per-row foreign-key triggers while loading (the sweep afterwards runs with them on).
            cur.execute("SET LOCAL session_replication_role = replica")
        cur.execute(sql, [*params, n])
        clock_sql, clock_params = _clock_insert(item, s0)
        cur.execute(clock_sql, clock_params)
    elapsed = time.perf_counter() - t0
    with connection.cursor() as cur:
        cur.execute("DROP TABLE bench_places")
        _analyze(cur)
    return elapsed


def _clock_insert(item: Any, start: Any) -> tuple[str, list[Any]]:
    """INSERT ... SELECT of one running clock per bench order ("SW..."), as `clock_new` would make it
    at submission: the limit copied from the service item, started when the order was submitted, due,
    warning times as the order's (which mirrors it), warned when the warning time lies before `start`
    (the sweeps before this run did it), not paused, not stopped."""
    from fawang.orders.clock import law_table
    from fawang.orders.models import OrderClock, ServiceOrder

    handle = next((lim for lim in law_table(item) if lim.name == "handle"), None)
    o = ServiceOrder._meta
    qn = connection.ops.quote_name
    col = {f.attname: f"o.{qn(f.column)}" for f in o.concrete_fields}
    explicit: dict[str, tuple[str, list[Any]]] = {
        "order_id": (col["id"], []),
        "name": ("%s", ["handle"]),
        "label": ("%s", ["办结"]),
        "label_en": ("%s", [handle.label_en if handle else "Resolve"]),
        "limit": ("%s", [item.time_limit]),
        "unit": ("%s", [item.time_limit_unit]),
        "warn_ratio": ("%s", [item.warn_ratio]),
        "pauses_while_suspended": ("%s", [handle.pauses_while_suspended if handle else True]),
        "legal_basis": ("%s", [item.legal_basis]),
        "started_at": (col["submitted_at"], []),
        "paused_at": ("NULL", []),
        "paused_working_days": ("%s", [0]),
        "extended_by": ("%s", [0]),  # no extension granted (as at intake)
        "extension_basis": ("%s", [""]),
        "due_at": (col["due_at"], []),
        "warn_at": (col["warn_at"], []),
        "due_is_provisional": (col["due_is_provisional"], []),
        "warned_at": (f"CASE WHEN {col['warn_at']} < %s THEN {col['warn_at']} ELSE NULL END", [start]),
        "overdue_at": ("NULL", []),
        "stopped_at": ("NULL", []),
    }
    columns, exprs, params = [], [], []
    for f in OrderClock._meta.concrete_fields:
        if f.primary_key:
            continue
        if f.attname not in explicit:
            raise RuntimeError(f"bench: OrderClock.{f.attname} is new; say what the bench's clocks hold")
        expr, p = explicit[f.attname]
        columns.append(qn(f.column))
        exprs.append(expr)
        params.extend(_literal(f, v) for v in p)
    sql = (
        f"INSERT INTO {qn(OrderClock._meta.db_table)} ({', '.join(columns)}) "
        f"SELECT {', '.join(exprs)} FROM {qn(o.db_table)} o "
        f"WHERE o.{qn('tracking_no')} LIKE 'SW%%' ORDER BY o.{qn('id')}"
    )
    return sql, params


def _analyze(cur: Any) -> None:
    from fawang.orders.models import OrderClock, ServiceOrder

    if connection.vendor == "postgresql":
        cur.execute(f"ANALYZE {ServiceOrder._meta.db_table}, {OrderClock._meta.db_table}")
    else:
        cur.execute("ANALYZE")


def _is_superuser(cur: Any) -> bool:
    cur.execute("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")
    row = cur.fetchone()
    return bool(row and row[0])


def _make_backlog(count: int, now: dt.datetime) -> int:
    """Make `count` of the not-yet-due clocks overdue at once (already warned), and their orders'
    mirrors with them: a backlog."""
    from fawang.orders.models import OrderClock, ServiceOrder

    rows = list(
        OrderClock.objects.filter(
            order__tracking_no__startswith="SW",
            stopped_at__isnull=True,
            paused_at__isnull=True,
            overdue_at__isnull=True,
            due_at__gt=now,
        )
        .order_by("id")
        .values_list("id", "order_id")
    )
    stride = max(1, len(rows) // max(count, 1))
    chosen = rows[::stride][:count]
    past = now - dt.timedelta(hours=2)
    times = {"due_at": past, "warn_at": past - WARN_BEFORE}
    updated = 0
    for i in range(0, len(chosen), 10_000):
        part = chosen[i : i + 10_000]
        updated += OrderClock.objects.filter(pk__in=[c for c, _o in part]).update(
            **times, warned_at=past - WARN_BEFORE
        )
        ServiceOrder.objects.filter(pk__in=[o for _c, o in part]).update(**times)
    with connection.cursor() as cur:
        _analyze(cur)
    return updated


def _full_scan_count(now: dt.datetime) -> float:
    """Count the running clocks past their due time with every index forbidden: what a sweep without
    the partial indexes would read each run, over the table it claims from."""
    from fawang.orders.models import OrderClock

    table = connection.ops.quote_name(OrderClock._meta.db_table)
    where = "stopped_at IS NULL AND paused_at IS NULL AND due_at <= %s"
    t0 = time.perf_counter()
    with connection.cursor() as cur:
        if connection.vendor == "postgresql":
            # Forbid the index so the baseline is the scan a sweep without partial indexes would do.
            with transaction.atomic():
                cur.execute("SET LOCAL enable_indexscan = off")
                cur.execute("SET LOCAL enable_bitmapscan = off")
                cur.execute(f"SELECT count(*) FROM {table} WHERE {where}", [now])
                cur.fetchone()
        else:
            cur.execute(
                f"SELECT count(*) FROM {table} NOT INDEXED WHERE {where}",
                [connection.ops.adapt_datetimefield_value(now)],
            )
            cur.fetchone()
    return time.perf_counter() - t0


def run_sweep(
    report: Report, *, n: int, every_min: float = 5.0, window_days: float = 14.0, backlog: int = 10_000
) -> None:
    from fawang.orders.enums import OPEN_STATUSES
    from fawang.orders.models import OrderClock, ServiceOrder
    from fawang.orders.sweep import BATCH, overdue_claim, sweep_deadlines

    now = timezone.now()
    every, window = dt.timedelta(minutes=every_min), dt.timedelta(days=window_days)
    expected = round(n * every / window)
    print(
        f"sweep: inserting {n:,} open orders by plain SQL, due dates spread over {window_days:g} days, "
        f"a run every {every_min:g} min (~{expected:,} newly overdue + ~{expected:,} newly warned per run) ...",
        flush=True,
    )
    insert_s = _insert_open_orders(n, now, every, window)
    open_total = ServiceOrder.objects.filter(status__in=OPEN_STATUSES).count()
    running = OrderClock.objects.filter(stopped_at__isnull=True, paused_at__isnull=True).count()
    print(
        f"sweep: inserted orders and clocks in {insert_s:.1f} s ({2 * n / insert_s:,.0f} rows/s); "
        f"{open_total:,} open orders, {running:,} running clocks"
    )

    scan_s = _full_scan_count(now)
    print(f"sweep baseline: full-scan count of due running clocks {scan_s * 1000:.0f} ms")

    # Finding the first batch through the partial index, read only: the SELECT inside the overdue claim.
    claim = overdue_claim(now)
    qn = connection.ops.quote_name
    find_sql = (
        f"SELECT id FROM {qn(OrderClock._meta.db_table)} WHERE {claim.due} "
        f"ORDER BY {claim.order_by}, id LIMIT %s"
    )
    t0 = time.perf_counter()
    with connection.cursor() as cur:
        cur.execute(find_sql, [*claim.due_params, BATCH])
        first_batch = [row[0] for row in cur.fetchall()]
    find_s = time.perf_counter() - t0

    # (a) steady state: what fell due since the last run.
    t0 = time.perf_counter()
    steady = sweep_deadlines(now=now)
    steady_s = time.perf_counter() - t0
    s_acted = steady.as_dict()
    s_done = s_acted["warned"] + s_acted["overdue"]
    print(f"sweep: steady-state run in {steady_s * 1000:.0f} ms: {s_acted}, {steady.batches} batches")

    # Nothing left: the fixed cost of a run.
    t0 = time.perf_counter()
    sweep_deadlines(now=now)
    idle_s = time.perf_counter() - t0

    # (b) a backlog made due at once.
    made = _make_backlog(backlog, now)
    t0 = time.perf_counter()
    back = sweep_deadlines(now=now)
    back_s = time.perf_counter() - t0
    b_acted = back.as_dict()
    b_done = b_acted["overdue"]
    print(
        f"sweep: backlog run ({made:,} made overdue at once) in {back_s:.2f} s: {b_acted}, "
        f"{back.batches} batches of <= {BATCH}: {b_done / back_s:,.0f} orders/s"
    )

    label = f"{running:,} running clocks"
    report.add(
        "sweep",
        f"steady run, {s_done:,} due acted on ({label})",
        f"{steady_s * 1000:,.0f} ms",
        baseline=f"{scan_s * 1000:,.0f} ms (full-scan count)",
        ratio=faster(scan_s, steady_s),
        target=f"< {TARGET_S:.0f} s",
        verdict=verdict(steady_s < TARGET_S),
    )
    report.add(
        "sweep",
        f"backlog run, {b_done:,} overdue at once",
        f"{back_s:.2f} s ({b_done / back_s:,.0f} orders/s)" if back_s else "-",
        baseline=f"{scan_s * 1000:,.0f} ms (full-scan count)",
        ratio=faster(scan_s, back_s),
    )
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
    report.notes.append(
        f"sweep: steady state = one running clock per open order, due dates spread over {window_days:g} "
        f"days, a run every {every_min:g} min, no order resolved in time (worst case)"
    )
