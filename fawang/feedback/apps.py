from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FeedbackConfig(AppConfig):
    name = "fawang.feedback"
    label = "feedback"
    verbose_name = _("Evaluations")

    def ready(self) -> None:
        # Feedback reacts to resolutions instead of being called by the orders app (docs/adr/0011).
        from fawang.core.services import calendar_on_year_entered
        from fawang.orders import workflow
        from fawang.orders.enums import EventKind

        from .services import feedback_deadlines_recount, feedback_on_order_resolved

        workflow.subscribe(EventKind.RESOLVED, feedback_on_order_resolved)
        workflow.subscribe(EventKind.FIRST_CONTACT_RESOLVED, feedback_on_order_resolved)
        calendar_on_year_entered(feedback_deadlines_recount)
