"""Feedback's parts of other apps' pages. `{% load feedback %}{% return_visit_summary %}` puts the
return-visit card on the hotline console: the console is the orders app's page, the queue and its
counts are feedback's, and a template tag lets the page show them without orders importing feedback."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils import timezone

from fawang.feedback import selectors

register = template.Library()


@register.inclusion_tag("feedback/_return_visit_summary.html", takes_context=True)
def return_visit_summary(context: template.Context) -> dict[str, Any]:
    """How many calls back are waiting and how many of them are overdue, with the link to the queue;
    nothing for staff who make no return visits."""
    actor = context["request"].user
    if not selectors.can_make_return_visits(actor):
        return {"return_visits": None}
    pending = selectors.return_visits_for_actor(actor)
    return {
        "return_visits": {
            "pending": pending.count(),
            "overdue": pending.filter(due_at__lt=timezone.now()).count(),
        }
    }
