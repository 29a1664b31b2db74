"""The mediation panel's reads on the staff order page (mediation.views.panel_context)."""

from __future__ import annotations

from typing import Any

from django import template

register = template.Library()


@register.simple_tag(takes_context=True)
def mediation_panel(context: template.Context, order: Any) -> dict[str, Any]:
    from ..views import panel_context

    request = context.get("request")
    return panel_context(order, getattr(request, "user", None))
