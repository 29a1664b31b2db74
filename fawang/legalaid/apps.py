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

        from .cooperation import cooperation_on_answer, cooperation_workflow
        from .enums import CooperationEvent
        from .enums import EventKind as LegalAidEvent
        from .services import legal_aid_on_decided, legal_aid_on_submitted
        from .workflow import legal_aid_workflow

        workflow.register(legal_aid_workflow())
        # Cross-region cooperation (异地协作): a request between two centres is an order of its own.
        workflow.register(cooperation_workflow())
        for kind in CooperationEvent.values:
            workflow.subscribe(kind, cooperation_on_answer)
        workflow.subscribe(EventKind.SUBMITTED, legal_aid_on_submitted)
        # Every decision stores its eligibility assessment (issue 11, item 2).
        workflow.subscribe(LegalAidEvent.APPROVED, legal_aid_on_decided)
        workflow.subscribe(LegalAidEvent.REFUSED, legal_aid_on_decided)
