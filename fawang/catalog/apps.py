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
            for code, name, description, materials, fee, basis in ServiceItem.objects.filter(
                is_active=True
            ).values_list("code", "name", "description", "materials", "fee", "legal_basis"):
                yield code, "name", name
                yield code, "description", description
                yield code, "materials", materials
                yield code, "fee", fee
                yield code, "legal_basis", basis

        def life_event_sources():  # type: ignore[no-untyped-def]
            for code, name, description in LifeEvent.objects.filter(is_active=True).values_list(
                "code", "name", "description"
            ):
                yield code, "name", name
                yield code, "description", description

        def limit_sources():  # type: ignore[no-untyped-def]
            for code, name, label, basis, pause, extension in TimeLimit.objects.filter(
                service_item__is_active=True
            ).values_list(
                "service_item__code", "name", "label", "legal_basis", "pause_basis", "extension_basis"
            ):
                yield f"{code}/{name}", "label", label
                # The law a clock cites, and why it pauses or extends: shown beside the step.
                yield f"{code}/{name}", "legal_basis", basis
                yield f"{code}/{name}", "pause_basis", pause
                yield f"{code}/{name}", "extension_basis", extension

        register_content(
            TranslatableContent(
                ITEM_CONTENT,
                _("service item"),
                ("name", "description", "materials", "fee", "legal_basis"),
                item_sources,
            )
        )
        register_content(
            TranslatableContent(
                LIFE_EVENT_CONTENT, _("life event"), ("name", "description"), life_event_sources
            )
        )
        register_content(
            TranslatableContent(
                TIME_LIMIT_CONTENT,
                _("statutory time limit"),
                ("label", "legal_basis", "pause_basis", "extension_basis"),
                limit_sources,
            )
        )
