from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MediationConfig(AppConfig):
    name = "fawang.mediation"
    label = "mediation"
    verbose_name = _("People's mediation")

    def ready(self) -> None:
        # People's mediation extends the order through the workflow registry (docs/adr/0011, 0029).
        from fawang.feedback.services import feedback_rate_resolutions
        from fawang.orders import workflow

        from .workflow import mediation_workflow

        # Its own resolving steps open the parties' rating window, as the shared resolve does.
        feedback_rate_resolutions(workflow.register(mediation_workflow()))
