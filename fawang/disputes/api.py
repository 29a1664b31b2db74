"""The base's API, mounted at /api/v1/disputes/: the dispute workflows' monthly figures (docs/adr/0031;
moved here from /api/v1/appraisal/figures, which still answers the same)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Router, Schema

from fawang.accounts import policy
from fawang.api.auth import api_staff_auth
from fawang.api.schemas import ERROR_RESPONSES
from fawang.core.errors import FieldError, ValidationFailed
from fawang.orders.api_access import api_actor

from .figures import dispute_figures

router = Router(tags=["dispute resolution"])


class FigureCellOut(Schema):
    workflow: str
    clock: str
    finished: int
    on_time: int
    rate: float | None


class FigureRowOut(Schema):
    name: str
    clocks: list[FigureCellOut]


class FiguresOut(Schema):
    month: dt.date
    regions: list[FigureRowOut]
    institutions: list[FigureRowOut]
    total: FigureRowOut


def figures_answer(request: HttpRequest, month: str) -> dict[str, Any]:
    """The month's figures for the caller's jurisdiction (`insight.view`); a mistyped month is refused
    on `month`."""
    actor = api_actor(request)
    policy.require_action(actor, "insight.view")
    today = timezone.localdate()
    try:
        year, number = (int(x) for x in month.split("-")) if month else (today.year, today.month)
        first = dt.date(year, number, 1)
    except (ValueError, TypeError):
        raise ValidationFailed([FieldError("invalid", _("Give the month as YYYY-MM."), "month")]) from None
    data = dispute_figures(actor=actor, month=first)

    def row(r: Any) -> dict[str, Any]:
        return {
            "name": r.name,
            "clocks": [
                {
                    "workflow": k.workflow,
                    "clock": k.name,
                    "finished": c.finished,
                    "on_time": c.on_time,
                    "rate": float(c.rate) if c.rate is not None else None,
                }
                for k, c in zip(data.clocks, [r.cell(k) for k in data.clocks], strict=True)
            ],
        }

    return {
        "month": data.month,
        "regions": [row(r) for r in data.regions],
        "institutions": [row(r) for r in data.institutions],
        "total": row(data.total),
    }


@router.get(
    "/figures",
    response={200: FiguresOut, **ERROR_RESPONSES},
    auth=api_staff_auth,
    summary="Monthly on-time figures of the dispute workflows' clocks, by region and institution",
)
def figures(request: HttpRequest, month: str = "") -> dict[str, Any]:
    return figures_answer(request, month)
