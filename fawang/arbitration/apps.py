from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ArbitrationConfig(AppConfig):
    name = "fawang.arbitration"
    label = "arbitration"
    verbose_name = _("Arbitration")

    def ready(self) -> None:
        # Arbitration extends the order through the workflow registry (docs/adr/0011, 0030).
        from fawang.orders import workflow

        from .workflow import arbitration_workflows

        for flow in arbitration_workflows():
            workflow.register(flow)
