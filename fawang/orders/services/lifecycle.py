"""The shared loop's actions on an order: accept, reject, start, suspend, resume, transfer, resolve,
reopen, close. Each is a step of the order's workflow run by `fawang.orders.engine.order_step`; the
clocks each step starts, pauses, resumes or stops come from the law table (docs/adr/0011)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils.module_loading import import_string
from django.utils.translation import gettext as _

from fawang.core.errors import Conflict, FieldError, ValidationFailed
from fawang.core.types import Actor
from fawang.regions.models import RegionLevel

from .. import reasons, routing, workflow
from ..engine import (
    after_commit_load,
    check_actor,
    handler_key,
    handler_name,
    order_act,
    order_step,
    require_text,
    step_of,
)
from ..enums import ErrorCode
from ..enums import TransitionAction as Action
from ..models import ServiceOrder


def order_accept(*, actor: Actor, order: ServiceOrder) -> ServiceOrder:
    """受理: the handler takes the order on and from now answers for it (the first responder's duty
    ends). Of two concurrent accepts exactly one wins; the other gets Conflict "order_already_accepted"."""
    return order_step(
        actor=actor,
        order=order,
        action=Action.ACCEPT,
        changes=lambda now: {"accepted_by": actor, "accepted_at": now},
    )


def order_reject(*, actor: Actor, order: ServiceOrder, reason: str) -> ServiceOrder:
    """不予受理 with a written reason the applicant sees (final)."""
    return order_step(
        actor=actor, order=order, action=Action.REJECT, reason=reason, changes=lambda now: {"closed_at": now}
    )


def order_start(*, actor: Actor, order: ServiceOrder) -> ServiceOrder:
    return order_step(actor=actor, order=order, action=Action.START)


def order_suspend(*, actor: Actor, order: ServiceOrder, reason: str) -> ServiceOrder:
    """补正: waiting for materials from the applicant; the clocks whose limit does not count that time
    stand still until `order_resume` (the others run on)."""
    return order_step(
        actor=actor,
        order=order,
        action=Action.SUSPEND,
        reason=reason,
        changes=lambda now: {"suspended_at": now},
    )


def order_resume(*, actor: Actor, order: ServiceOrder, reason: str = "") -> ServiceOrder:
    """Materials arrived: work goes on. The clocks that stood still (those whose limit does not count
    waiting for materials) run again with the working days they were paused added."""
    return order_step(
        actor=actor,
        order=order,
        action=Action.RESUME,
        reason=reason,
        changes=lambda now: {"suspended_at": None},
        expect={"suspended_at": order.suspended_at},
        data=lambda f: (
            {"due_at": f["due_at"].isoformat(), "provisional": f.get("due_is_provisional")}
            if f.get("due_at")
            else {}
        ),
    )


def order_transfer(
    *,
    actor: Actor,
    order: ServiceOrder,
    reason: str,
    to_point: Any = None,
    to_institution: Any = None,
    to_level: str | None = None,
) -> ServiceOrder:
    """转办 to another service point or institution, or up to `to_level` (routing picks the place
    there). The order waits for acceptance at the new place; whoever received it stays answerable
    until then. The routing reason becomes "转办：<reason>" (Transferred: <reason>)."""
    reason_text = require_text(
        reason, "reason", ErrorCode.REASON_REQUIRED, _("Give a reason for the transfer.")
    )
    current_key = handler_key(order)
    # Access first, so an outsider learns nothing from the target checks or the routing error.
    check_actor(actor, order, step_of(order, Action.TRANSFER))
    if to_institution is not None:
        if not to_institution.is_active:
            raise ValidationFailed(
                [FieldError(ErrorCode.NO_HANDLER, _("That institution is not active."), "to_institution")]
            )
        decision = routing.decision_for_place(institution=to_institution)
    elif to_point is not None:
        if not to_point.is_active:
            raise ValidationFailed(
                [FieldError(ErrorCode.NO_HANDLER, _("That service point is not active."), "to_point")]
            )
        decision = routing.decision_for_place(point=to_point)
    elif to_level:
        if to_level not in RegionLevel.values:
            raise ValidationFailed([FieldError(ErrorCode.REQUIRED, _("Unknown level."), "to_level")])
        decision = routing.route(
            service_item=order.service_item,
            region=order.region_path,
            language=order.language,
            min_level=to_level,
            exclude=[current_key] if current_key else [],
        )
    else:
        raise ValidationFailed(
            [
                FieldError(
                    ErrorCode.TRANSFER_TARGET_REQUIRED,
                    _("Choose the service point, institution or level to transfer to."),
                    "to_point",
                )
            ]
        )
    if (to_point is not None or to_institution is not None) and not _place_allowed(
        actor, order, to_point, to_institution
    ):
        field = "to_institution" if to_institution is not None else "to_point"
        raise ValidationFailed(
            [
                FieldError(
                    ErrorCode.TRANSFER_TARGET_NOT_ALLOWED,
                    _(
                        "An order can be transferred to a place on its region's chain up to the province, "
                        "or to one inside your jurisdiction."
                    ),
                    field,
                )
            ]
        )
    if decision.handler_key == current_key:
        raise ValidationFailed(
            [FieldError(ErrorCode.TRANSFER_SAME_PLACE, _("The order is already there."), "to_point")]
        )
    from_name = handler_name(order)
    facts = {"kind": reasons.TRANSFER, "reason": reason_text}

    def after(o: ServiceOrder, now: dt.datetime) -> None:
        after_commit_load(current_key, -1)
        after_commit_load(decision.handler_key, +1)

    return order_step(
        actor=actor,
        order=order,
        action=Action.TRANSFER,
        reason=reason_text,
        expect={
            "assigned_point_id": order.assigned_point_id,
            "assigned_institution_id": order.assigned_institution_id,
        },
        changes=lambda now: {
            "assigned_point_id": decision.point_id,
            "assigned_institution_id": decision.institution_id,
            "assigned_practitioner_id": decision.practitioner_id,
            "handler_region_path": decision.handler_region_path,
            "routing_facts": facts,
            "routing_reason": reasons.reason_for_record(facts),
            "accepted_by": None,
            "accepted_at": None,
        },
        data=lambda f: {
            "from": from_name,
            "from_key": current_key,
            "to": decision.handler_name,
            "to_key": decision.handler_key,
            "routing": decision.reason,
        },
        after=after,
    )


def _place_allowed(actor: Actor, order: ServiceOrder, point: Any, institution: Any) -> bool:
    from ..selectors import transfer_place_allowed

    if actor is None:
        return True
    return transfer_place_allowed(actor, order.region, point=point, institution=institution)


def order_resolve(*, actor: Actor, order: ServiceOrder, resolution: str) -> ServiceOrder:
    """办结 with the answer given. Other apps react to the "resolved" event (feedback invites the rating
    and, for hotline orders, schedules the return visit). A workflow that resolves its orders its own
    way (Workflow.resolve, docs/adr/0022) refuses it with its message: 409 `resolved_by_module`."""
    hook = workflow.resolve_hook(order.workflow)
    if hook is not None:
        message = hook.refuse(order)
        if message:
            check_actor(actor, order, None)  # outside the actor's sight the order does not exist
            raise Conflict(ErrorCode.RESOLVED_BY_MODULE, str(message), "action")
    text = require_text(
        resolution, "resolution", ErrorCode.RESOLUTION_REQUIRED, _("Write down the resolution.")
    )

    return order_step(
        actor=actor,
        order=order,
        action=Action.RESOLVE,
        reason=text,
        changes=lambda now: {"resolution": text, "resolved_at": now},
    )


def order_resolve_by_workflow(
    *,
    actor: Actor,
    order: ServiceOrder,
    resolution: str,
    details: dict[str, Any] | None = None,
    now: dt.datetime | None = None,
) -> ServiceOrder:
    """Resolve `order` the way its workflow does (docs/adr/0022): the module's own resolve
    (Workflow.resolve.service) with the text and the `details` it asks for, else the shared
    `order_resolve`. For tools that resolve on a person's behalf (the demo)."""
    hook = workflow.resolve_hook(order.workflow)
    if hook is None or hook.service is None:
        return order_resolve(actor=actor, order=order, resolution=resolution)
    service = import_string(hook.service) if isinstance(hook.service, str) else hook.service
    result = service(actor=actor, order=order, resolution=resolution, details=dict(details or {}), now=now)
    order.refresh_from_db()
    return result if isinstance(result, ServiceOrder) else order


def order_reopen(*, actor: Actor, order: ServiceOrder, reason: str) -> ServiceOrder:
    """A bad rating sends a resolved order back to work. The law table restarts the clocks that start
    on reopening (the rework gets a fresh time limit from now), so the sweep watches it again."""
    return order_step(
        actor=actor,
        order=order,
        action=Action.REOPEN,
        reason=reason,
        changes=lambda now: {"resolved_at": None},
        data=lambda f: {"due_at": f["due_at"].isoformat()} if f.get("due_at") else {},
    )


def order_close(*, actor: Actor, order: ServiceOrder, reason: str) -> ServiceOrder:
    """Close a resolved order (rated, or its rating window passed: then `actor` is None)."""
    return order_step(
        actor=actor, order=order, action=Action.CLOSE, reason=reason, changes=lambda now: {"closed_at": now}
    )


def order_transition(*, actor: Actor, order: ServiceOrder, action: str, **kwargs: Any) -> ServiceOrder:
    """Apply an action by name (the order page, `POST /orders/{tracking_no}/transitions`): the action
    declared to the workflow registry, with the fields the person gave."""
    return order_act(actor=actor, order=order, action=action, **kwargs)
