"""Routing: one decision with 5,000 service points in the network (the demo has ~3,300; extra township
stations are added to the bench database to reach 5,000). Measured: `fawang.orders.routing.route`, as
intake calls it. Baseline: a naive router asking the database at each level of the walk (points or
institutions of the rule's kind offering the item in that region, least loaded first)."""

from __future__ import annotations

import random
import time
from typing import Any

from django.db.models import Count, Q

from .report import Report, faster, percentile, verdict

TARGET_US = 1000.0
POINTS_WANTED = 5000


def _top_up_points(wanted: int, seed: int) -> int:
    """Add township stations until the network has `wanted` active service points."""
    from fawang.network.enums import ServicePointKind
    from fawang.network.models import ServicePoint
    from fawang.regions.models import Region, RegionLevel

    have = ServicePoint.objects.filter(is_active=True).count()
    missing = wanted - have
    if missing <= 0:
        return 0
    rng = random.Random(seed)
    townships = list(Region.objects.filter(level=RegionLevel.TOWNSHIP).order_by("code"))
    template = (
        ServicePoint.objects.filter(level=RegionLevel.TOWNSHIP).prefetch_related("service_items").first()
    )
    item_ids = [i.pk for i in template.service_items.all()] if template else []
    new = []
    for n in range(missing):
        township = rng.choice(townships)
        point = ServicePoint(
            name=f"{township.name}公共法律服务工作站（第{n + 2}站）",
            kind=ServicePointKind.STATION,
            level=RegionLevel.TOWNSHIP,
            region=township,
        )
        if hasattr(point, "code"):
            point.code = f"BENCH-{n:05d}"
        new.append(point)
    created = ServicePoint.objects.bulk_create(new, batch_size=1000)
    through = ServicePoint.service_items.through
    through.objects.bulk_create(
        [through(servicepoint_id=p.pk, serviceitem_id=i) for p in created for i in item_ids], batch_size=5000
    )
    return len(created)


def _naive_route(service_item: Any, region: Any, rules: list[tuple[str, int]]) -> Any:
    """What routing looks like without an index: queries at each level of the walk up."""
    from fawang.catalog.enums import HandlerKind
    from fawang.network.models import Institution, ServicePoint
    from fawang.orders.enums import OPEN_STATUSES

    codes = region.path.rstrip("/").split("/")
    open_q = Q(orders__status__in=OPEN_STATUSES)
    for kind, lowest in rules:
        for depth in range(min(len(codes) - 1, lowest), -1, -1):
            if kind == HandlerKind.SERVICE_POINT:
                qs = ServicePoint.objects.filter(
                    region_id=codes[depth], is_active=True, service_items=service_item
                )
            else:
                qs = Institution.objects.filter(
                    Q(serves_region_id=codes[depth]) | Q(serves_region__isnull=True, region_id=codes[depth]),
                    kind=kind,
                    is_active=True,
                    service_items=service_item,
                )
            place = qs.annotate(load=Count("orders", filter=open_q)).order_by("load", "id").first()
            if place is not None:
                return place
    return None


def run_routing(report: Report, *, decisions: int, baseline_decisions: int, seed: int = 5) -> None:
    from fawang.catalog.models import RoutingRule, ServiceItem
    from fawang.core.errors import DomainError
    from fawang.network.models import ServicePoint
    from fawang.orders.routing import get_routing_index, invalidate_routing_index, route
    from fawang.regions.models import LEVEL_DEPTH, Region, RegionLevel

    added = _top_up_points(POINTS_WANTED, seed)
    points = ServicePoint.objects.filter(is_active=True).count()
    print(f"routing: {points} active service points ({added} added for the benchmark)")

    invalidate_routing_index()
    t0 = time.perf_counter()
    get_routing_index()
    build_ms = (time.perf_counter() - t0) * 1000
    print(f"routing: index built in {build_ms:.0f} ms")

    rng = random.Random(seed)
    items = list(ServiceItem.objects.filter(is_active=True))
    regions = list(Region.objects.filter(level__in=[RegionLevel.COUNTY, RegionLevel.TOWNSHIP]))
    cases = [
        (rng.choice(items), rng.choice(regions), rng.choice(("zh", "zh", "zh", "bo", "ii")))
        for _ in range(decisions)
    ]
    samples: list[float] = []
    for item, region, language in cases:
        t = time.perf_counter_ns()
        try:  # noqa: SIM105 - a context manager would add its own cost to the microseconds timed
            _reason = route(service_item=item, region=region, language=language).reason  # with its sentence
        except DomainError:  # an item nobody offers nearby is still a decision ("no handler")
            pass
        samples.append((time.perf_counter_ns() - t) / 1000)
    mean_us = sum(samples) / len(samples)
    p99_us = percentile(samples, 99)
    print(f"routing: {decisions} decisions, mean {mean_us:.1f} µs, p99 {p99_us:.1f} µs")

    rules: dict[int, list[tuple[str, int]]] = {}
    for rule in RoutingRule.objects.order_by("service_item_id", "priority", "id"):
        rules.setdefault(rule.service_item_id, []).append((rule.handler_kind, LEVEL_DEPTH[rule.lowest_level]))
    base: list[float] = []
    for item, region, _language in cases[:baseline_decisions]:
        t = time.perf_counter_ns()
        _naive_route(item, region, rules.get(item.pk, [("service_point", 3)]))
        base.append((time.perf_counter_ns() - t) / 1000)
    base_mean = sum(base) / len(base)
    print(f"routing baseline: {len(base)} naive ORM decisions, mean {base_mean:.0f} µs")

    report.add(
        "routing",
        f"mean per decision ({points} points)",
        f"{mean_us:.1f} µs",
        baseline=f"{base_mean:,.0f} µs (naive ORM)",
        ratio=faster(base_mean, mean_us),
        target=f"< {TARGET_US:.0f} µs",
        verdict=verdict(mean_us < TARGET_US),
    )
    report.add(
        "routing",
        "p99 per decision",
        f"{p99_us:.1f} µs",
        baseline=f"{percentile(base, 99):,.0f} µs",
        target=f"< {TARGET_US:.0f} µs",
        verdict=verdict(p99_us < TARGET_US),
    )
    report.add("routing", "index build", f"{build_ms:.0f} ms")
