"""Intake: N orders through the full service path (`order_submit`: validate, route, time limit, events,
audit, commit), one request at a time as the API would send them; baseline: the same rows inserted by
plain SQL (executemany in one transaction), the floor no service path can beat."""

from __future__ import annotations

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
    from fawang.orders.routing import route
    from fawang.regions.models import Region, RegionLevel

    rng = random.Random(seed)
    items = list(ServiceItem.objects.filter(is_active=True))
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


def _concurrently(inputs: list[dict[str, Any]], actor: Any, clients: int) -> tuple[list[float], float, int]:
    """The same path from `clients` threads at once (as several web workers would), each thread with
    its own database connection; PostgreSQL commits them side by side."""
    from concurrent.futures import ThreadPoolExecutor

    from django.db import connections

    def one_client(part: list[dict[str, Any]]) -> tuple[list[float], dict[str, int]]:
        try:
            return _submit_all(part, actor)
        finally:
            connections.close_all()

    parts = [inputs[i::clients] for i in range(clients)]
    start = time.perf_counter()
    with ThreadPoolExecutor(max_workers=clients) as pool:
        results = list(pool.map(one_client, parts))
    elapsed = time.perf_counter() - start
    latencies = [x for lat, _r in results for x in lat]
    refused = sum(sum(r.values()) for _l, r in results)
    return latencies, elapsed, refused


def run_intake(report: Report, *, n: int, actor: Any, clients: int = 4, seed: int = 3) -> None:
    from fawang.orders.models import ServiceOrder
    from fawang.orders.services import order_submit

    inputs = _inputs(2 * n + WARMUP, seed)
    for kw in inputs[:WARMUP]:  # the routing index and caches are built once per process
        order_submit(actor=actor, channel="hotline", **kw)
    first_id = (ServiceOrder.objects.order_by("-id").values_list("id", flat=True).first() or 0) + 1

    start = time.perf_counter()
    latencies, reasons = _submit_all(inputs[WARMUP : WARMUP + n], actor)
    elapsed = time.perf_counter() - start
    failures = sum(reasons.values())
    made = n - failures
    rate = made / elapsed
    p50 = percentile(latencies, 50) * 1000
    p99 = percentile(latencies, 99) * 1000
    print(f"intake: {made} orders in {elapsed:.2f} s through order_submit, one client ({failures} refused)")
    print(f"intake: {rate:,.0f} orders/s, p50 {p50:.1f} ms, p99 {p99:.1f} ms")

    base_rate = _plain_sql_baseline(first_id, made)
    print(f"intake baseline: the same {made} rows by executemany INSERT: {base_rate:,.0f} rows/s")

    c_lat, c_elapsed, c_refused = _concurrently(inputs[WARMUP + n :], actor, clients)
    c_rate = (n - c_refused) / c_elapsed
    c_p50, c_p99 = percentile(c_lat, 50) * 1000, percentile(c_lat, 99) * 1000
    print(
        f"intake: {clients} clients at once: {c_rate:,.0f} orders/s, p50 {c_p50:.1f} ms, p99 {c_p99:.1f} ms"
    )

    report.add(
        "intake",
        "orders/s, 1 client",
        f"{rate:,.0f}",
        baseline=f"{base_rate:,.0f} rows/s (plain SQL)",
        ratio=faster(1 / base_rate, 1 / rate),
        target=f">= {TARGET_RATE:.0f}",
        verdict=verdict(rate >= TARGET_RATE),
    )
    report.add("intake", "p50 latency, 1 client", f"{p50:.1f} ms")
    report.add(
        "intake",
        "p99 latency, 1 client",
        f"{p99:.1f} ms",
        baseline=f"{1000 / base_rate:.3f} ms/row",
        target=f"< {TARGET_P99_MS:.0f} ms",
        verdict=verdict(p99 < TARGET_P99_MS),
    )
    report.add(
        "intake",
        f"orders/s, {clients} clients",
        f"{c_rate:,.0f}",
        baseline=f"{base_rate:,.0f} rows/s (plain SQL)",
        ratio=faster(1 / base_rate, 1 / c_rate),
        target=f">= {TARGET_RATE:.0f}",
        verdict=verdict(c_rate >= TARGET_RATE),
    )
    report.add(
        "intake",
        f"p50 / p99 latency, {clients} clients",
        f"{c_p50:.1f} / {c_p99:.1f} ms",
        target=f"p99 < {TARGET_P99_MS:.0f} ms",
        verdict=verdict(c_p99 < TARGET_P99_MS),
    )
    if failures or c_refused:
        report.notes.append(f"intake: {failures + c_refused} of {2 * n} orders were refused: {reasons}")
