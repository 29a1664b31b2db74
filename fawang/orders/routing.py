"""Routing: which place handles a new order, and why (docs/adr/0008-routing.md).

`route()` is a pure function over an in-memory index of the service network, so a decision costs a
few dictionary lookups (< 1 ms with thousands of points) and never a query per candidate. The index
is built once per process and rebuilt when the network changes: in this process at once (signals on
the network models call `invalidate_routing_index`), in other processes within
`FAWANG_ROUTING_INDEX_TTL` seconds (a cheap version check: counts and latest `updated_at`).

The rules, in order:
1. Rules as data (catalog.RoutingRule): which kind of place handles the item, from which level up.
2. Nearest: walk up from the applicant's region (township → county → prefecture → province) and stop
   at the first level with an active place of that kind offering the item. An institution whose
   `serves_region` is wider than its seat counts at the level of the region it serves.
3. Language: at that level prefer places with someone who speaks the applicant's language (a
   practitioner of the institution, or a practitioner on the point's roster today).
4. Load: among the remaining, the one with the fewest open orders. Counts are kept per handler in the
   index (loaded with it, adjusted as orders are assigned and finished), not counted per request;
   they are a balancing hint, so a little drift between processes until the next rebuild is fine.
"""

from __future__ import annotations

import datetime as dt
import threading
import time
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, cast

from django.conf import settings
from django.db.models import Count, Max
from django.utils import timezone
from django.utils.translation import gettext as _

from fawang.catalog.enums import HandlerKind
from fawang.core.errors import DomainError
from fawang.regions.models import LEVEL_DEPTH, RegionLevel

from . import reasons
from .enums import OPEN_STATUSES, ErrorCode

_COUNTY_DEPTH = LEVEL_DEPTH[RegionLevel.COUNTY]


@dataclass
class Handler:
    """One place that can take orders: a service point or an institution."""

    key: str  # "p:<id>" or "i:<id>": the key of the load counter
    name: str
    point_id: int | None
    institution_id: int | None
    region_path: str  # where it sits (for jurisdiction and supervision)
    depth: int  # the level at which it is found (an institution's serves_region level)
    is_institution: bool
    # language → practitioner ids who speak it (active practitioners / on today's roster)
    speakers: dict[str, list[int]] = field(default_factory=dict)


@dataclass(frozen=True)
class RoutingDecision:
    point_id: int | None
    institution_id: int | None
    practitioner_id: int | None
    handler_key: str
    handler_name: str
    handler_region_path: str
    # What decided it, for the one-line reason a clerk reads in their language (fawang.orders.reasons);
    # empty for a place chosen by a person, whose reason the person writes.
    facts: dict[str, Any] = field(default_factory=dict)

    @property
    def reason(self) -> str:
        """The reason in the department's language, as stored on the order and the "routed" event."""
        return reasons.reason_for_record(self.facts) if self.facts else ""

    @property
    def point(self) -> Any:
        from fawang.network.models import ServicePoint

        return ServicePoint.objects.get(pk=self.point_id) if self.point_id else None

    @property
    def institution(self) -> Any:
        from fawang.network.models import Institution

        return Institution.objects.get(pk=self.institution_id) if self.institution_id else None

    @property
    def practitioner(self) -> Any:
        from fawang.network.models import Practitioner

        return Practitioner.objects.get(pk=self.practitioner_id) if self.practitioner_id else None


@dataclass
class RoutingIndex:
    built_for: dt.date
    version: tuple
    # item id → [(handler kind, lowest depth)] in rule priority order
    rules: dict[int, list[tuple[str, int]]]
    # (item id, handler kind) → region code → handlers found at that region
    places: dict[tuple[int, str], dict[str, list[Handler]]]
    handlers: dict[str, Handler]
    load: dict[str, int]  # handler key or "pr:<practitioner id>" → open orders

    def adjust_load(self, key: str | None, delta: int) -> None:
        if key:
            self.load[key] = max(0, self.load.get(key, 0) + delta)


def handler_key(*, point_id: int | None, institution_id: int | None) -> str | None:
    if institution_id:
        return f"i:{institution_id}"
    if point_id:
        return f"p:{point_id}"
    return None


# ---- the index -------------------------------------------------------------------------------------

_lock = threading.Lock()
_index: RoutingIndex | None = None
_checked_at = 0.0


def invalidate_routing_index(**_: Any) -> None:
    """Drop the index; the next decision rebuilds it. Connected to the network models' signals."""
    global _index
    _index = None


def _network_version() -> tuple:
    from fawang.catalog.models import RoutingRule, ServiceItem
    from fawang.network.models import Institution, Practitioner, RosterShift, ServicePoint

    parts: list[Any] = []
    for model in (ServicePoint, Institution, Practitioner, RosterShift, ServiceItem):
        agg = model.objects.aggregate(n=Count("id"), last=Max("updated_at"))
        parts += [agg["n"], agg["last"]]
    rules = RoutingRule.objects.aggregate(n=Count("id"), last=Max("id"))
    parts += [rules["n"], rules["last"]]
    parts.append(ServicePoint.service_items.through.objects.count())
    parts.append(Institution.service_items.through.objects.count())
    return tuple(str(p) for p in parts)


def _build_index(today: dt.date) -> RoutingIndex:
    from fawang.catalog.models import RoutingRule
    from fawang.network.enums import PractitionerStatus
    from fawang.network.models import Institution, Practitioner, RosterShift, ServicePoint

    from .models import ServiceOrder

    version = _network_version()
    rules: dict[int, list[tuple[str, int]]] = defaultdict(list)
    for rule in RoutingRule.objects.order_by("service_item_id", "priority", "id"):
        # The column holds a RegionLevel value (its choices); a str key finds the same entry.
        rules[rule.service_item_id].append(
            (rule.handler_kind, LEVEL_DEPTH[cast(RegionLevel, rule.lowest_level)])
        )

    handlers: dict[str, Handler] = {}
    places: dict[tuple[int, str], dict[str, list[Handler]]] = defaultdict(lambda: defaultdict(list))

    languages_of = {
        p["id"]: p["languages"] or []
        for p in Practitioner.objects.filter(status=PractitionerStatus.ACTIVE).values("id", "languages")
    }

    # Loop variables reused below for other rows and querysets (annotations only, nothing at run time).
    p: Mapping[str, Any]
    h: Handler | None
    through: Iterable[tuple[int, int]]
    points = ServicePoint.objects.filter(is_active=True).values("id", "name", "region_id", "region__path")
    for p in points:
        h = Handler(
            key=f"p:{p['id']}",
            name=p["name"],
            point_id=p["id"],
            institution_id=None,
            region_path=p["region__path"],
            depth=p["region__path"].count("/") - 1,
            is_institution=False,
        )
        handlers[h.key] = h
    # Who speaks what at a point: practitioners on its roster today.
    for shift in RosterShift.objects.filter(date=today, practitioner_id__isnull=False).values(
        "service_point_id", "practitioner_id"
    ):
        h = handlers.get(f"p:{shift['service_point_id']}")
        for lang in languages_of.get(shift["practitioner_id"], ()):
            if h is not None:
                h.speakers.setdefault(lang, []).append(shift["practitioner_id"])
    through = ServicePoint.service_items.through.objects.values_list("servicepoint_id", "serviceitem_id")
    for point_id, item_id in through:
        h = handlers.get(f"p:{point_id}")
        if h is not None:
            places[(item_id, HandlerKind.SERVICE_POINT)][h.region_path.rstrip("/").rsplit("/", 1)[-1]].append(
                h
            )

    institutions = Institution.objects.filter(is_active=True).values(
        "id", "name", "kind", "service_point_id", "region__path", "serves_region__path"
    )
    kind_of: dict[int, str] = {}
    found_at: dict[int, str] = {}
    for i in institutions:
        serves = i["serves_region__path"] or i["region__path"]
        h = Handler(
            key=f"i:{i['id']}",
            name=i["name"],
            point_id=i["service_point_id"],
            institution_id=i["id"],
            region_path=i["region__path"],
            depth=serves.count("/") - 1,
            is_institution=True,
        )
        handlers[h.key] = h
        kind_of[i["id"]] = i["kind"]
        found_at[i["id"]] = serves.rstrip("/").rsplit("/", 1)[-1]
    for p in Practitioner.objects.filter(status=PractitionerStatus.ACTIVE).values(
        "id", "institution_id", "languages"
    ):
        h = handlers.get(f"i:{p['institution_id']}")
        if h is not None:
            for lang in p["languages"] or ():
                h.speakers.setdefault(lang, []).append(p["id"])
    through = Institution.service_items.through.objects.values_list("institution_id", "serviceitem_id")
    for inst_id, item_id in through:
        h = handlers.get(f"i:{inst_id}")
        if h is not None:
            places[(item_id, kind_of[inst_id])][found_at[inst_id]].append(h)

    load: dict[str, int] = defaultdict(int)
    open_orders = ServiceOrder.objects.filter(status__in=OPEN_STATUSES)
    for row in open_orders.values("assigned_point_id", "assigned_institution_id").annotate(n=Count("id")):
        key = handler_key(point_id=row["assigned_point_id"], institution_id=row["assigned_institution_id"])
        if key:
            load[key] += row["n"]
    for row in (
        open_orders.filter(assigned_practitioner_id__isnull=False)
        .values("assigned_practitioner_id")
        .annotate(n=Count("id"))
    ):
        load[f"pr:{row['assigned_practitioner_id']}"] += row["n"]

    return RoutingIndex(
        built_for=today,
        version=version,
        rules=dict(rules),
        places={k: dict(v) for k, v in places.items()},
        handlers=handlers,
        load=load,
    )


def get_routing_index() -> RoutingIndex:
    """The index for today, rebuilt when the day changes or the network's version moved."""
    global _index, _checked_at
    today = timezone.localdate()
    ttl = float(getattr(settings, "FAWANG_ROUTING_INDEX_TTL", 10))
    index = _index
    if index is not None and index.built_for == today:
        if time.monotonic() - _checked_at < ttl:
            return index
        if _network_version() == index.version:
            _checked_at = time.monotonic()
            return index
    with _lock:
        _index = _build_index(today)
        _checked_at = time.monotonic()
        return _index


def adjust_load(key: str | None, delta: int) -> None:
    """Called on commit when an order is assigned to (+1) or leaves (-1) a handler."""
    if _index is not None:
        _index.adjust_load(key, delta)


# ---- the decision ----------------------------------------------------------------------------------


def _region_path(region: Any) -> str:
    return region if isinstance(region, str) else region.path


def route(
    *,
    service_item: Any,
    region: Any,
    language: str = "zh",
    min_level: str | None = None,
    exclude: Iterable[str] = (),
    index: RoutingIndex | None = None,
) -> RoutingDecision:
    """Pick the handler for an order of `service_item` from an applicant in `region`.

    `min_level` starts the walk no lower than that level (a transfer "up one level"); `exclude` skips
    handler keys (the place an order is transferred away from). Raises DomainError "no_handler_available"
    when nothing in the province offers the item."""
    index = index or get_routing_index()
    excluded = set(exclude)
    codes = _region_path(region).rstrip("/").split("/")  # province … applicant's region
    start_depth = len(codes) - 1
    if min_level is not None:
        start_depth = min(start_depth, LEVEL_DEPTH[RegionLevel(min_level)])
    rules = index.rules.get(service_item.pk) or [
        (HandlerKind.SERVICE_POINT, LEVEL_DEPTH[RegionLevel.TOWNSHIP])
    ]

    for kind, lowest_depth in rules:
        by_region = index.places.get((service_item.pk, kind))
        if not by_region:
            continue
        first_depth = min(start_depth, lowest_depth)
        for depth in range(first_depth, -1, -1):
            candidates = [h for h in by_region.get(codes[depth], ()) if h.key not in excluded]
            if not candidates:
                continue
            if language and language != "zh" and not any(h.speakers.get(language) for h in candidates):
                # Nobody here speaks it: a place of the same kind up to the county that has a speaker
                # serves the applicant better than an interpreter (the county oversees its townships).
                for up in range(depth - 1, _COUNTY_DEPTH - 1, -1):
                    speaking = [
                        h
                        for h in by_region.get(codes[up], ())
                        if h.key not in excluded and h.speakers.get(language)
                    ]
                    if speaking:
                        return _choose(
                            index, speaking, service_item, language, up, first_depth, speaker_walk_from=depth
                        )
            return _choose(index, candidates, service_item, language, depth, first_depth)
    raise DomainError(
        ErrorCode.NO_HANDLER,
        _("No service point or institution in Sichuan offers this service item yet."),
        "service_item",
    )


def _choose(
    index: RoutingIndex,
    candidates: list[Handler],
    service_item: Any,
    language: str,
    depth: int,
    first_depth: int,
    speaker_walk_from: int | None = None,
) -> RoutingDecision:
    facts: dict[str, Any] = {
        "kind": reasons.ROUTED,
        "item": service_item.name,
        "item_en": service_item.name_en,
        "item_code": service_item.code,  # the item's name is said in the reader's language (reasons._item)
    }
    if speaker_walk_from is not None:
        facts["no_speaker_at"] = speaker_walk_from  # the nearer level, where nobody speaks it
    practitioner_id = None
    if language and language != "zh":
        speaking = [h for h in candidates if h.speakers.get(language)]
        facts["language"], facts["speakers"] = language, bool(speaking)
        if speaking:
            candidates = speaking
    load = index.load
    chosen = min(candidates, key=lambda h: (load.get(h.key, 0), h.key))
    if len(candidates) > 1:
        facts["candidates"], facts["load"] = len(candidates), load.get(chosen.key, 0)
    if language and language != "zh" and chosen.speakers.get(language):
        practitioner_id = min(chosen.speakers[language], key=lambda p: (load.get(f"pr:{p}", 0), p))
    facts["place"], facts["institution"] = chosen.name, chosen.is_institution
    if depth < first_depth and speaker_walk_from != first_depth:
        facts["fallback"] = [first_depth, depth]  # none in the applicant's division, handled higher up
    return RoutingDecision(
        point_id=chosen.point_id,
        institution_id=chosen.institution_id,
        practitioner_id=practitioner_id,
        handler_key=chosen.key,
        handler_name=chosen.name,
        handler_region_path=chosen.region_path,
        facts=facts,
    )


def decision_for_place(*, point: Any = None, institution: Any = None) -> RoutingDecision:
    """A decision naming a place chosen by a person (a manual transfer); the caller writes the reason."""
    if institution is not None:
        return RoutingDecision(
            point_id=institution.service_point_id,
            institution_id=institution.pk,
            practitioner_id=None,
            handler_key=f"i:{institution.pk}",
            handler_name=institution.name,
            handler_region_path=institution.region.path,
        )
    return RoutingDecision(
        point_id=point.pk,
        institution_id=None,
        practitioner_id=None,
        handler_key=f"p:{point.pk}",
        handler_name=point.name,
        handler_region_path=point.region.path,
    )


def order_has_speaker(order: Any) -> bool:
    """Whether someone at the order's handling place speaks its language: always for Chinese; for
    Tibetan, Yi or English, the assigned practitioner or a practitioner of the place (its institution's
    staff, the point's roster today), as routing counts them. False sends staff to an interpreter."""
    language = getattr(order, "language", "") or "zh"
    if language == "zh":
        return True
    practitioner = order.assigned_practitioner if order.assigned_practitioner_id else None
    if practitioner is not None and language in (practitioner.languages or ()):
        return True
    key = handler_key(point_id=order.assigned_point_id, institution_id=order.assigned_institution_id)
    handler = get_routing_index().handlers.get(key or "")
    return bool(handler is not None and handler.speakers.get(language))
