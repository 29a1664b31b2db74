from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DisputesConfig(AppConfig):
    """The shared base of people's mediation, arbitration and judicial appraisal (docs/adr/0029): no
    workflow of its own; the modules declare theirs and use its rows and services."""

    name = "fawang.disputes"
    label = "disputes"
    verbose_name = _("Disputes (shared base)")
