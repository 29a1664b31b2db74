from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LegalAidConfig(AppConfig):
    name = "fawang.legalaid"
    label = "legalaid"
    verbose_name = _("Legal aid")

    def ready(self) -> None:
        # Legal aid extends the order through the workflow registry (docs/adr/0011); orders names no module.
        from fawang.orders import workflow
        from fawang.orders.enums import EventKind

        from .services import legal_aid_on_submitted
        from .workflow import legal_aid_workflow

        workflow.register(legal_aid_workflow())
        workflow.subscribe(EventKind.SUBMITTED, legal_aid_on_submitted)
