from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TranslationsConfig(AppConfig):
    name = "fawang.translations"
    verbose_name = _("Content translations")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from django.core.signals import request_started
        from django.db.models.signals import post_delete, post_save

        from .models import ContentTranslation
        from .selectors import translations_cache_clear

        # Each request reads the translations of its language once (one query), then from memory.
        request_started.connect(translations_cache_clear, dispatch_uid="translations_cache_request")
        for signal in (post_save, post_delete):
            signal.connect(
                translations_cache_clear,
                sender=ContentTranslation,
                dispatch_uid=f"translations_cache_{signal}",
            )
