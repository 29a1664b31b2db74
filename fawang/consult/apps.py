from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConsultConfig(AppConfig):
    name = "fawang.consult"
    label = "consult"
    verbose_name = _("Consultation")

    def ready(self) -> None:
        # Consultation extends the order through the workflow registry (docs/adr/0011, 0026).
        from fawang.orders import workflow
        from fawang.orders.enums import EventKind

        from .services import consultation_on_answered_at_first_contact
        from .workflow import consultation_workflow

        workflow.register(consultation_workflow())
        workflow.subscribe(EventKind.FIRST_CONTACT_RESOLVED, consultation_on_answered_at_first_contact)
