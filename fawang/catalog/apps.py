from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CatalogConfig(AppConfig):
    name = "fawang.catalog"
    label = "catalog"
    verbose_name = _("Service catalog")

    def ready(self) -> None:
        # The catalog's translatable fields (docs/adr/0014): what exists now, for the report and the checks.
        from fawang.translations.registry import TranslatableContent, register_content

        from .models import (
            ITEM_CONTENT,
            LIFE_EVENT_CONTENT,
            TIME_LIMIT_CONTENT,
            LifeEvent,
            ServiceItem,
            TimeLimit,
        )

        def item_sources():  # type: ignore[no-untyped-def]
            for code, name, description, materials, fee in ServiceItem.objects.filter(
                is_active=True
            ).values_list("code", "name", "description", "materials", "fee"):
                yield code, "name", name
                yield code, "description", description
                yield code, "materials", materials
                yield code, "fee", fee

        def life_event_sources():  # type: ignore[no-untyped-def]
            for code, name, description in LifeEvent.objects.filter(is_active=True).values_list(
                "code", "name", "description"
            ):
                yield code, "name", name
                yield code, "description", description

        def limit_sources():  # type: ignore[no-untyped-def]
            for code, name, label in TimeLimit.objects.filter(service_item__is_active=True).values_list(
                "service_item__code", "name", "label"
            ):
                yield f"{code}/{name}", "label", label

        register_content(
            TranslatableContent(
                ITEM_CONTENT, _("service item"), ("name", "description", "materials", "fee"), item_sources
            )
        )
        register_content(
            TranslatableContent(
                LIFE_EVENT_CONTENT, _("life event"), ("name", "description"), life_event_sources
            )
        )
        register_content(
            TranslatableContent(TIME_LIMIT_CONTENT, _("statutory time limit"), ("label",), limit_sources)
        )
