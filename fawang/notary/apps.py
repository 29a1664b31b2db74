from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotaryConfig(AppConfig):
    name = "fawang.notary"
    label = "notary"
    verbose_name = _("Notarisation")

    def ready(self) -> None:
        # Notary extends the order through the workflow registry (docs/adr/0011, 0025).
        from fawang.orders import workflow

        from .enums import EventKind
        from .services import notary_on_refused
        from .workflow import notary_workflow

        workflow.register(notary_workflow())
        workflow.subscribe(EventKind.REFUSED, notary_on_refused)
