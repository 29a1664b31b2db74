"""The legal aid panel's reads on the staff order page: the newest eligibility assessment with its
overrides, and the checklist of materials for the application's facts."""

from __future__ import annotations

from typing import Any

from django import template

from ..forms import EligibilityOverrideForm
from ..labels import criterion_label, result_label, yuan
from ..materials import required_materials
from ..selectors import eligibility_of

register = template.Library()


@register.simple_tag(takes_context=True)
def legal_aid_eligibility(context: template.Context, order: Any) -> dict[str, Any]:
    """The assessment, its overrides (the last in force) and, for whoever may handle the order, the
    override form."""
    from fawang.accounts import policy

    assessment, overrides = eligibility_of(order)
    request = context.get("request")
    user = getattr(request, "user", None)
    may_override = user is not None and policy.can_act_on_order(user, "order.handle", order)
    return {
        "assessment": assessment,
        "overrides": overrides,
        "in_force": overrides[-1] if overrides else None,
        "form": EligibilityOverrideForm() if may_override else None,
    }


@register.simple_tag
def legal_aid_materials(detail: Any) -> list:
    if detail is None:
        return required_materials()
    return required_materials(
        matter_type=detail.matter_type, matter=detail.matter, status_groups=detail.status_groups or ()
    )


@register.filter
def criterion_name(name: str) -> str:
    return criterion_label(name)


@register.filter
def criterion_result(result: str) -> str:
    return result_label(result)


@register.filter
def fen_as_yuan(fen: object) -> str:
    return yuan(fen)


@register.simple_tag(takes_context=True)
def legal_aid_cooperation(context: template.Context, order: Any) -> list[dict[str, Any]]:
    """The cooperation requests made for the application that the reader may see, with their state."""
    from ..cooperation import request_rows

    user = getattr(context.get("request"), "user", None)
    return request_rows(user, order) if user is not None else []
