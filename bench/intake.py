"""Intake: N orders through the full service path (`order_submit`: validate, route, time limit, events,
audit, the applicant's notice queued in the outbox, commit), one request at a time as the API would
send them, from one client and then from several client *processes* at once (threads would share one
GIL; web workers are processes). The task backend is production's `django_tasks_db.DatabaseBackend`
(bench/settings.py): the notice is one outbox row written inside the order's transaction (with a
delivery task when none is queued, docs/adr/0017), delivered later by a worker; that delivery of the
whole backlog is timed separately (one `db_worker --batch`) and set beside the intake rate: a worker
that delivers slower than intake accepts leaves a growing backlog of texts to applicants at a peak.

Baselines, same run, same database: the same order rows inserted by plain SQL (a) with one executemany
in one transaction, the floor no service path can beat, and (b) one INSERT + COMMIT per row from one
client, the floor of any path that commits each order on its own."""

from __future__ import annotations

import os
import random
import time
from typing import Any

from django.db import connection, transaction

from .report import Report, faster, percentile, verdict

TARGET_RATE = 500.0  # orders/s
TARGET_P99_MS = 50.0
WARMUP = 20


def _id_number(rng: random.Random, region_code: str) -> str:
    from fawang.core.identity import id_check_digit

    born = f"{rng.randint(1950, 2004)}{rng.randint(1, 12):02d}{rng.randint(1, 28):02d}"
    first17 = region_code[:6] + born + f"{rng.randint(0, 999):03d}"
    return first17 + id_check_digit(first17)


def _inputs(n: int, seed: int) -> list[dict[str, Any]]:
    from fawang.catalog.models import ServiceItem
    from fawang.core.errors import DomainError
    from fawang.orders import workflow
    from fawang.orders.routing import route
    from fawang.regions.models import Region, RegionLevel

    rng = random.Random(seed)
    # The engine's own intake: services whose module asks for fields of its own at intake (legal aid,
    # notary, mediation, arbitration, appraisal: `intake_form`) are left out, their forms being their
    # modules' (a request without their fields is refused, and a refusal is not an intake).
    active = ServiceItem.objects.filter(is_active=True)
    items = [item for item in active if workflow.workflow_get(item.workflow).intake_form is None]
    print(
        f"intake: {len(items)} of {len(active)} services take no module fields at intake; "
        "requests go to those"
    )
    regions = list(Region.objects.filter(level__in=[RegionLevel.COUNTY, RegionLevel.TOWNSHIP]))
    surnames = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗"
    out: list[dict[str, Any]] = []
    skipped = 0
    while len(out) < n:
        i = len(out)
        region = rng.choice(regions)
        item = rng.choice(items)
        try:  # only requests the demo network can serve: a refusal is not an intake
            route(service_item=item, region=region)
        except DomainError:
            skipped += 1
            continue
        tibetan = region.path.startswith(("510000/513300/", "510000/513200/"))
        out.append(
            {
                "service_item": item,
                "region": region,
                "description": f"基准测试工单 {i}：用人单位拖欠工资三个月，咨询如何维权并申请法律援助。",
                "applicant_kind": "citizen",
                "applicant_name": rng.choice(surnames) + rng.choice(("明", "芳", "强", "丽", "军")),
                "applicant_phone": f"1{rng.choice('3589')}{rng.randint(0, 999_999_999):09d}",
                "applicant_id_number": _id_number(rng, region.code) if i % 3 == 0 else "",
                "language": "bo" if tibetan and i % 2 else "zh",
                "priority_groups": ["elderly"] if i % 10 == 0 else [],
            }
        )
    if skipped:
        print(f"intake: skipped {skipped} generated requests no place in the demo network offers")
    return out


def _order_columns() -> list[str]:
    from fawang.orders.models import ServiceOrder

    return [f.column for f in ServiceOrder._meta.concrete_fields if f.column != "id"]


def _plain_sql_baseline(first_id: int, n: int) -> float:
    """Copy the rows the service path wrote, under new tracking numbers, with one executemany."""
    from fawang.orders.models import ServiceOrder

    table = ServiceOrder._meta.db_table
    cols = _order_columns()
    quoted = ", ".join(connection.ops.quote_name(c) for c in cols)
    with connection.cursor() as cur:
        cur.execute(f"SELECT {quoted} FROM {table} WHERE id >= %s ORDER BY id LIMIT %s", [first_id, n])
        rows = [list(r) for r in cur.fetchall()]
    t_no = cols.index("tracking_no")
    for i, row in enumerate(rows):
        row[t_no] = f"BASE{i:011d}"
    placeholders = ", ".join(["%s"] * len(cols))
    sql = f"INSERT INTO {table} ({quoted}) VALUES ({placeholders})"
    start = time.perf_counter()
    with transaction.atomic(), connection.cursor() as cur:
        cur.executemany(sql, rows)
    elapsed = time.perf_counter() - start
    with connection.cursor() as cur:
        cur.execute(f"DELETE FROM {table} WHERE tracking_no LIKE %s", ["BASE%"])
    return len(rows) / elapsed


def _submit_all(inputs: list[dict[str, Any]], actor: Any) -> tuple[list[float], dict[str, int]]:
    """Submit each request in turn as one client would; per-request latencies and refusal codes."""
    from fawang.orders.services import order_submit

    latencies: list[float] = []
    reasons: dict[str, int] = {}
    for kw in inputs:
        t0 = time.perf_counter()
        try:
            order_submit(actor=actor, channel="hotline", **kw)
        except Exception as exc:  # a refused order still counts against the rate, not as a success
            code = getattr(exc, "code", type(exc).__name__)
            reasons[code] = reasons.get(code, 0) + 1
        latencies.append(time.perf_counter() - t0)
    return latencies, reasons


def _per_row_commit_baseline(first_id: int, n: int) -> float:
    """The rows the service path wrote, copied under new tracking numbers, one INSERT + COMMIT each."""
    from fawang.orders.models import ServiceOrder

    table = ServiceOrder._meta.db_table
    cols = _order_columns()
    quoted = ", ".join(connection.ops.quote_name(c) for c in cols)
    with connection.cursor() as cur:
        cur.execute(f"SELECT {quoted} FROM {table} WHERE id >= %s ORDER BY id LIMIT %s", [first_id, n])
        rows = [list(r) for r in cur.fetchall()]
    t_no = cols.index("tracking_no")
    for i, row in enumerate(rows):
        row[t_no] = f"BASC{i:011d}"
    sql = f"INSERT INTO {table} ({quoted}) VALUES ({', '.join(['%s'] * len(cols))})"
    start = time.perf_counter()
    with connection.cursor() as cur:
        for row in rows:
            with transaction.atomic():
                cur.execute(sql, row)
    elapsed = time.perf_counter() - start
    with connection.cursor() as cur:
        cur.execute(f"DELETE FROM {table} WHERE tracking_no LIKE %s", ["BASC%"])
    return len(rows) / elapsed


# Inputs and actor handed to forked client processes (fork copies them; nothing is pickled).
_SHARED: dict[str, Any] = {}


def _client_process(i: int) -> tuple[list[float], dict[str, int], float, float]:
    """One client process: a few warm-up orders on its own connection, wait for the others, then its
    share of the inputs. Returns latencies, refusals and its start and end on the shared monotonic clock."""
    from django.db import connections

    parts, barrier, actor = _SHARED["parts"], _SHARED["barrier"], _SHARED["actor"]
    warm, part = parts[i]
    try:
        _submit_all(warm, actor)
        barrier.wait(timeout=120)
        start = time.perf_counter()
        latencies, reasons = _submit_all(part, actor)
        return latencies, reasons, start, time.perf_counter()
    finally:
        connections.close_all()


def _processes(
    inputs: list[dict[str, Any]], warm: list[dict[str, Any]], actor: Any, procs: int
) -> tuple[list[float], float, int]:
    """The same path from `procs` forked processes at once, each with its own database connection."""
    import multiprocessing

    from django.db import connections

    ctx = multiprocessing.get_context("fork")
    _SHARED["parts"] = [(warm[i::procs], inputs[i::procs]) for i in range(procs)]
    _SHARED["barrier"] = ctx.Barrier(procs)
    _SHARED["actor"] = actor
    connections.close_all()  # a forked child must not share the parent's socket
    try:
        with ctx.Pool(procs) as pool:
            results = pool.map(_client_process, range(procs))
    finally:
        _SHARED.clear()
    elapsed = max(r[3] for r in results) - min(r[2] for r in results)
    latencies = [x for r in results for x in r[0]]
    refused = sum(sum(r[1].values()) for r in results)
    return latencies, elapsed, refused


def _backend_cpu_reader() -> Any:
    """CPU seconds used so far by this connection's PostgreSQL backend process (read from /proc when
    the server runs on this machine); -1 when it cannot be read."""
    if connection.vendor != "postgresql":
        return lambda: -1.0
    with connection.cursor() as cur:
        cur.execute("SELECT pg_backend_pid()")
        pid = cur.fetchone()[0]
    path = f"/proc/{pid}/stat"
    tick = os.sysconf("SC_CLK_TCK")

    def read() -> float:
        try:
            with open(path) as f:
                fields = f.read().rsplit(")", 1)[1].split()
        except OSError:
            return -1.0
        return (int(fields[11]) + int(fields[12])) / tick  # utime + stime

    return read


def _deliver_notices() -> tuple[int, int, float]:
    """Deliver the queued notices with one `db_worker --batch` (what the production worker does):
    how many delivery tasks ran, how many notices they delivered, and in how long."""
    from django.core.management import call_command
    from django_tasks_db.models import DBTaskResult

    from fawang.notify.models import PendingNotice, SmsMessage

    tasks = DBTaskResult.objects.ready().count()
    pending = PendingNotice.objects.count()
    texts = SmsMessage.objects.count()
    start, cpu0 = time.perf_counter(), time.process_time()
    call_command("db_worker", "--batch", "--no-startup-delay", "--interval", "0", verbosity=0)
    elapsed, cpu = time.perf_counter() - start, time.process_time() - cpu0
    failed = DBTaskResult.objects.filter(status="FAILED").count()
    if failed:
        print(f"intake: {failed} delivery tasks FAILED")
    left = PendingNotice.objects.count()
    if left:
        print(f"intake: {left} notices still pending after the worker stopped")
    delivered = pending - left
    print(
        f"intake: {SmsMessage.objects.count() - texts} texts recorded by the delivery; the worker's "
        f"own CPU {cpu / max(delivered, 1) * 1000:.2f} ms per notice (its database's not counted)"
    )
    return tasks, delivered, elapsed


def run_intake(report: Report, *, n: int, actor: Any, procs: int = 4, seed: int = 3) -> None:
    from django.conf import settings

    from fawang.notify.tasks import deliver_notices_task, task_joins_transaction
    from fawang.orders.models import ServiceOrder
    from fawang.orders.services import order_submit

    backend = settings.TASKS["default"]["BACKEND"]
    in_tx = task_joins_transaction(deliver_notices_task)
    print(
        f"intake: task backend {backend} "
        f"({'notice INSERTed into the outbox in the order transaction' if in_tx else 'delivery enqueued on commit'})"
    )
    inputs = _inputs(2 * n + (procs + 1) * WARMUP, seed)
    warm_one, one, warm_many, many = (
        inputs[:WARMUP],
        inputs[WARMUP : WARMUP + n],
        inputs[WARMUP + n : WARMUP + n + procs * WARMUP],
        inputs[WARMUP + n + procs * WARMUP :],
    )
    for kw in warm_one:  # the routing index and caches are built once per process
        order_submit(actor=actor, channel="hotline", **kw)
    first_id = (ServiceOrder.objects.order_by("-id").values_list("id", flat=True).first() or 0) + 1

    backend_cpu = _backend_cpu_reader()
    db0, py0 = backend_cpu(), time.process_time()
    start = time.perf_counter()
    latencies, reasons = _submit_all(one, actor)
    elapsed = time.perf_counter() - start
    db_cpu, py_cpu = backend_cpu() - db0, time.process_time() - py0
    failures = sum(reasons.values())
    made = n - failures
    rate = made / elapsed
    p50 = percentile(latencies, 50) * 1000
    p99 = percentile(latencies, 99) * 1000
    print(f"intake: {made} orders in {elapsed:.2f} s through order_submit, one client ({failures} refused)")
    print(f"intake: {rate:,.0f} orders/s, p50 {p50:.1f} ms, p99 {p99:.1f} ms")
    cpu_ms = (py_cpu + max(db_cpu, 0.0)) / n * 1000
    if db_cpu >= 0:
        ceiling = (os.cpu_count() or 1) * 1000 / cpu_ms
        print(
            f"intake: CPU per order {py_cpu / n * 1000:.2f} ms in the client + {db_cpu / n * 1000:.2f} ms in its "
            f"database backend = {cpu_ms:.2f} ms, one client: at that cost {os.cpu_count()} CPUs give "
            f"~{ceiling:,.0f} orders/s (several clients cost a little less per order: group commit, no idle waits)"
        )
        report.add(
            "intake",
            "CPU per order, 1 client (client + db)",
            f"{cpu_ms:.2f} ms",
            baseline=f"{os.cpu_count()} CPUs: ~{ceiling:,.0f}/s at that cost",
        )

    base_rate = _plain_sql_baseline(first_id, made)
    print(f"intake baseline: the same {made} rows by one executemany INSERT: {base_rate:,.0f} rows/s")
    commit_rate = _per_row_commit_baseline(first_id, made)
    print(f"intake baseline: the same {made} rows, one INSERT + COMMIT each: {commit_rate:,.0f} rows/s")

    c_lat, c_elapsed, c_refused = _processes(many, warm_many, actor, procs)
    c_made = len(many) - c_refused
    c_rate = c_made / c_elapsed
    c_p50, c_p99 = percentile(c_lat, 50) * 1000, percentile(c_lat, 99) * 1000
    print(
        f"intake: {procs} client processes at once: {c_made} orders in {c_elapsed:.2f} s, "
        f"{c_rate:,.0f} orders/s, p50 {c_p50:.1f} ms, p99 {c_p99:.1f} ms"
    )

    tasks, notices, deliver_s = _deliver_notices() if in_tx else (0, 0, 0.0)
    if notices:
        print(
            f"intake: one db_worker ran {tasks} delivery tasks: {notices} notices (inbox + recorded SMS) "
            f"in {deliver_s:.1f} s, {notices / deliver_s:,.0f} notices/s"
        )

    best = max(rate, c_rate)
    report.add(
        "intake",
        "orders/s, 1 client",
        f"{rate:,.0f}",
        baseline=f"{commit_rate:,.0f} rows/s (INSERT+COMMIT each)",
        ratio=faster(1 / commit_rate, 1 / rate),
        # One client spends most of each order waiting on its round trips; the rate target is the
        # platform's (many gunicorn workers at once), judged on the concurrent run below.
        target="(latency-bound)",
    )
    report.add(
        "intake",
        "p50 / p99 latency, 1 client",
        f"{p50:.1f} / {p99:.1f} ms",
        baseline=f"{1000 / commit_rate:.2f} ms/row",
        target=f"p99 < {TARGET_P99_MS:.0f} ms",
        verdict=verdict(p99 < TARGET_P99_MS),
    )
    report.add(
        "intake",
        f"orders/s, {procs} client processes",
        f"{c_rate:,.0f}",
        baseline=f"{base_rate:,.0f} rows/s (1 executemany)",
        ratio=faster(1 / base_rate, 1 / c_rate),
        target=f">= {TARGET_RATE:.0f}",
        verdict=verdict(c_rate >= TARGET_RATE),
    )
    report.add(
        "intake",
        f"p50 / p99 latency, {procs} processes",
        f"{c_p50:.1f} / {c_p99:.1f} ms",
        target=f"p99 < {TARGET_P99_MS:.0f} ms",
        verdict=verdict(c_p99 < TARGET_P99_MS),
    )
    if notices:
        delivery_rate = notices / deliver_s
        # A peak's backlog of texts shrinks only if one worker delivers at least as fast as intake takes.
        report.add(
            "intake",
            "notices/s delivered, 1 db_worker",
            f"{delivery_rate:,.0f}",
            baseline=f"{best:,.0f} orders/s (best intake above)",
            ratio=f"{delivery_rate / best:,.1f}x intake",
            target=">= intake",
            verdict=verdict(delivery_rate >= best),
        )
    report.notes.append(
        f"intake: full order_submit path with task backend {backend.rsplit('.', 1)[-1]}; "
        f"best {best:,.0f} orders/s; the client processes share the machine's {os.cpu_count()} CPUs "
        f"with the database ({connection.vendor})"
    )
    if failures or c_refused:
        report.notes.append(f"intake: {failures + c_refused} of {2 * n} orders were refused: {reasons}")
