from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AppraisalConfig(AppConfig):
    name = "fawang.appraisal"
    label = "appraisal"
    verbose_name = _("Judicial appraisal")

    def ready(self) -> None:
        # Appraisal extends the order through the workflow registry (docs/adr/0011, 0031).
        from fawang.feedback.services import feedback_rate_resolutions
        from fawang.orders import workflow

        from .workflow import appraisal_workflow

        # Its own resolving steps open the parties' rating window, as the shared resolve does.
        feedback_rate_resolutions(workflow.register(appraisal_workflow()))
