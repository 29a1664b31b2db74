"""Legal aid's writes. Every status change goes through the workflow engine (fawang.orders.engine);
this module adds what the law asks of legal aid: the application's facts beside the order, the
decision with its eligibility assessment, the urgent start, the criminal case notice."""

from __future__ import annotations

import datetime as dt
from typing import Any

from fawang.core.types import Actor
from fawang.orders.engine import order_step
from fawang.orders.models import OrderEvent, ServiceOrder

from .enums import WORKFLOW, Action, MatterType
from .forms import to_fen
from .models import LegalAidCase


def legal_aid_on_intake(*, order: ServiceOrder, data: dict[str, Any], actor: Actor) -> None:
    """Write the application's facts in the intake's transaction (the workflow's `on_intake`)."""
    notice = bool(data.get("criminal_notice"))
    case = LegalAidCase.objects.create(
        order=order,
        matter_type=data.get("matter_type") or (MatterType.CRIMINAL if notice else ""),
        matter=data.get("matter") or "",
        criminal_notice=notice,
        opposing_party=(data.get("opposing_party") or "").strip(),
        urgency=data.get("urgency") or "normal",
        household_size=data.get("household_size"),
        monthly_income_fen=to_fen(data.get("monthly_income")),
        assets_fen=to_fen(data.get("assets")),
        status_groups=sorted(data.get("status_groups") or []),
    )
    order.__dict__["_legal_aid_case"] = case  # read by legal_aid_on_submitted without a query


def legal_aid_on_submitted(*, order: ServiceOrder, event: OrderEvent, actor: Actor, now: dt.datetime) -> None:
    """A criminal case notice from a court, procuratorate or public security organ needs no decision:
    the platform marks it at once, which starts the three-day assignment clock (法律援助法第三十六条)."""
    if order.workflow != WORKFLOW:
        return
    case = order.__dict__.get("_legal_aid_case")
    if case is None or not case.criminal_notice:
        return
    order_step(actor=None, order=order, action=Action.RECEIVE_NOTICE, now=now)


def legal_aid_start_urgently(*, actor: Actor, order: ServiceOrder, reason: str) -> ServiceOrder:
    """先行提供法律援助 (法律援助法第四十四条): work starts before the formalities are complete; the
    reason names the ground (a limit ending within seven days, preservation needed at once)."""
    return order_step(
        actor=actor,
        order=order,
        action=Action.START_URGENTLY,
        reason=reason,
        changes=lambda now: {"accepted_by": actor, "accepted_at": now},
    )
