from typing import TYPE_CHECKING

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from django.db.models import Model


class OrdersConfig(AppConfig):
    name = "fawang.orders"
    label = "orders"
    verbose_name = _("Service orders")

    def ready(self) -> None:
        # The shared loop's workflow declares itself on import (transitions.py); clocks are recounted
        # when a year of the holiday schedule is entered.
        from fawang.core.services import calendar_on_year_entered

        from . import transitions  # noqa: F401
        from .clock import clocks_recount, invalidate_law_tables
        from .services.supervision import supervisions_recount

        calendar_on_year_entered(clocks_recount)
        calendar_on_year_entered(supervisions_recount)
        # Cache invalidation only (no domain logic): a change to the network in this process drops the
        # routing index at once; other processes notice through the version check (routing.py).
        from django.db.models.signals import m2m_changed, post_delete, post_save

        from fawang.catalog.models import RoutingRule, ServiceItem
        from fawang.network.models import Institution, Practitioner, RosterShift, ServicePoint

        from .routing import invalidate_routing_index

        model: type[Model]  # both loops below
        for model in (ServicePoint, Institution, Practitioner, RosterShift, RoutingRule, ServiceItem):
            post_save.connect(
                invalidate_routing_index, sender=model, dispatch_uid=f"routing-{model.__name__}"
            )
            post_delete.connect(
                invalidate_routing_index, sender=model, dispatch_uid=f"routing-del-{model.__name__}"
            )
        from fawang.catalog.models import TimeLimit

        for model in (TimeLimit, ServiceItem):
            post_save.connect(invalidate_law_tables, sender=model, dispatch_uid=f"law-{model.__name__}")
            post_delete.connect(invalidate_law_tables, sender=model, dispatch_uid=f"law-del-{model.__name__}")
        # Timeline and stage labels are translatable content (docs/adr/0014).
        from functools import partial

        from fawang.translations.registry import TranslatableContent, register_content

        from .workflow import EVENT_CONTENT, STAGE_CONTENT, declared_sources

        register_content(
            TranslatableContent(
                EVENT_CONTENT, _("timeline label"), ("label",), partial(declared_sources, EVENT_CONTENT)
            )
        )
        register_content(
            TranslatableContent(
                STAGE_CONTENT, _("stage label"), ("label",), partial(declared_sources, STAGE_CONTENT)
            )
        )
        for through in (ServicePoint.service_items.through, Institution.service_items.through):
            m2m_changed.connect(invalidate_routing_index, sender=through, dispatch_uid=f"routing-{through}")
