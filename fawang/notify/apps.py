from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotifyConfig(AppConfig):
    name = "fawang.notify"
    label = "notify"
    verbose_name = _("Notices")

    def ready(self) -> None:
        # The applicant's notices follow the order's events (docs/adr/0011): orders does not import us.
        from fawang.orders import workflow

        from .tasks import order_notices_enqueue

        workflow.subscribe_notices(order_notices_enqueue)

        # The notices' wording is translatable content (docs/adr/0014).
        from fawang.translations.registry import TranslatableContent, register_content

        from .services import NOTICE_CONTENT, notice_sources

        register_content(
            TranslatableContent(
                NOTICE_CONTENT, _("notice"), ("text",), notice_sources, keeps_placeholders=True
            )
        )
