"""Reads over the service catalog. The catalog is public: every channel shows the same items."""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet

from fawang.core.errors import NotFound

from .models import RoutingRule, ServiceItem


def service_items_active() -> QuerySet[ServiceItem]:
    """Items a citizen may ask for, in catalog order, with their routing rules prefetched."""
    return ServiceItem.objects.filter(is_active=True).prefetch_related(
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
