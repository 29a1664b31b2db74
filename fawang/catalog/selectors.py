"""Reads over the service catalog. The catalog is public: every channel shows the same items."""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet

from fawang.core.errors import NotFound

from .models import LifeEvent, LifeEventItem, RoutingRule, ServiceItem, offered_items


def service_items_active() -> QuerySet[ServiceItem]:
    """Items a citizen may ask for, in catalog order, with their routing rules prefetched: active and
    offered to citizens (an item only staff and modules use is left out, docs/adr/0022)."""
    return ServiceItem.objects.filter(offered_items()).prefetch_related(
        Prefetch("routing_rules", queryset=RoutingRule.objects.order_by("priority"))
    )


def service_item_get(code: str) -> ServiceItem:
    """An active item by code; NotFound (code `service_item_not_found`) otherwise."""
    from django.utils.translation import gettext as _

    item = service_items_active().filter(code=code).first()
    if item is None:
        raise NotFound(
            "service_item_not_found",
            _("No service item with code %(code)s.") % {"code": code},
            "service_item",
        )
    return item


def life_events_active() -> QuerySet[LifeEvent]:
    """Life events for the portal, persons' first, in the plan's order."""
    return LifeEvent.objects.filter(is_active=True).order_by("audience", "sort_order", "code")


def life_event_items(event: LifeEvent) -> list[ServiceItem]:
    """The active items that matter at an event, in the event's order, with their routing rules."""
    ids = list(
        LifeEventItem.objects.filter(
            life_event=event, service_item__is_active=True, service_item__offered_to_citizens=True
        )
        .order_by("sort_order", "service_item__sort_order")
        .values_list("service_item_id", flat=True)
    )
    by_id = {item.pk: item for item in service_items_active().filter(pk__in=ids)}
    return [by_id[pk] for pk in ids if pk in by_id]


def life_event_get(code: str) -> LifeEvent:
    """An active life event by code; NotFound (code `life_event_not_found`) otherwise."""
    from django.utils.translation import gettext as _

    event = life_events_active().filter(code=code).first()
    if event is None:
        raise NotFound(
            "life_event_not_found", _("No life event with code %(code)s.") % {"code": code}, "life_event"
        )
    return event


def life_events_of_item(item: ServiceItem) -> QuerySet[LifeEvent]:
    """The active life events at which an item matters (its page links back to them)."""
    return life_events_active().filter(entries__service_item=item).distinct()
