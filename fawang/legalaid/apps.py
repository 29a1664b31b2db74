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
        # Cache invalidation only (no domain logic): a change to the panel, or to a member's practitioner
        # row or firm, in this process drops the kept panel at once; other processes notice through
        # the version check (assignment.panel_members). Load, rotation, duty and conflicts are not kept.
        from django.db.models.signals import post_delete, post_save

        from fawang.network.models import Institution, Practitioner

        from .assignment import invalidate_panel
        from .models import AidPractitioner

        for model in (AidPractitioner, Practitioner, Institution):
            post_save.connect(
                invalidate_panel, sender=model, dispatch_uid=f"legal-aid-panel-{model.__name__}"
            )
            post_delete.connect(
                invalidate_panel, sender=model, dispatch_uid=f"legal-aid-panel-del-{model.__name__}"
            )
