"""THE transition table of a service order (docs/adr/0007-service-order-lifecycle.md).

Every status change goes through `fawang.orders.services._transition`, which looks the move up here:
an action not listed for the order's status is refused with Conflict "transition_not_allowed". Nothing
else in the code base decides which status may follow which.
"""

from __future__ import annotations

from dataclasses import dataclass

from .enums import EventKind, OrderStatus
from .enums import TransitionAction as A

S = OrderStatus


@dataclass(frozen=True)
class Transition:
    to: OrderStatus
    event: EventKind
    # The policy actions (fawang.accounts.policy.ROLE_ACTIONS) any one of which lets an actor do it;
    # jurisdiction over the order is checked on top by policy.require_order.
    policy: tuple[str, ...] = ("order.handle",)
    reason_required: bool = False
    allow_system: bool = False  # the platform itself may do it (actor=None), e.g. closing unrated orders


TRANSITIONS: dict[tuple[str, str], Transition] = {
    (S.SUBMITTED, A.ACCEPT): Transition(S.ACCEPTED, EventKind.ACCEPTED),
    (S.TRANSFERRED, A.ACCEPT): Transition(S.ACCEPTED, EventKind.ACCEPTED),
    (S.SUBMITTED, A.REJECT): Transition(S.REJECTED, EventKind.REJECTED, reason_required=True),
    (S.ACCEPTED, A.START): Transition(S.IN_PROGRESS, EventKind.STARTED),
    (S.REOPENED, A.START): Transition(S.IN_PROGRESS, EventKind.STARTED),
    (S.ACCEPTED, A.SUSPEND): Transition(S.SUSPENDED, EventKind.SUSPENDED, reason_required=True),
    (S.IN_PROGRESS, A.SUSPEND): Transition(S.SUSPENDED, EventKind.SUSPENDED, reason_required=True),
    # Materials arrived: work goes on, the clock runs again with the suspended working days added.
    (S.SUSPENDED, A.RESUME): Transition(S.IN_PROGRESS, EventKind.RESUMED),
    (S.SUBMITTED, A.TRANSFER): Transition(
        S.TRANSFERRED, EventKind.TRANSFERRED, policy=("order.transfer",), reason_required=True
    ),
    (S.ACCEPTED, A.TRANSFER): Transition(
        S.TRANSFERRED, EventKind.TRANSFERRED, policy=("order.transfer",), reason_required=True
    ),
    (S.IN_PROGRESS, A.TRANSFER): Transition(
        S.TRANSFERRED, EventKind.TRANSFERRED, policy=("order.transfer",), reason_required=True
    ),
    # The receiving place may pass on an order it cannot handle without accepting it first.
    (S.TRANSFERRED, A.TRANSFER): Transition(
        S.TRANSFERRED, EventKind.TRANSFERRED, policy=("order.transfer",), reason_required=True
    ),
    (S.IN_PROGRESS, A.RESOLVE): Transition(S.RESOLVED, EventKind.RESOLVED),
    (S.REOPENED, A.RESOLVE): Transition(S.RESOLVED, EventKind.RESOLVED),
    (S.RESOLVED, A.CLOSE): Transition(S.CLOSED, EventKind.CLOSED, allow_system=True),
    # A bad rating sends it back to work (the feedback review decides; a supervisor may too).
    (S.RESOLVED, A.REOPEN): Transition(
        S.REOPENED,
        EventKind.REOPENED,
        policy=("order.handle", "order.supervise"),
        reason_required=True,
        allow_system=True,
    ),
}


def transition_for(status: str, action: str) -> Transition | None:
    return TRANSITIONS.get((status, action))


def allowed_actions(status: str) -> list[str]:
    """The actions offered on an order page for its status (before the actor's policy is applied)."""
    return [action for (from_status, action) in TRANSITIONS if from_status == status]
