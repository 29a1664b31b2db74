"""THE transition table of the shared service loop (docs/adr/0007, docs/adr/0011).

The shared loop is the workflow every service order follows unless its service module adds stages and
steps of its own (fawang/orders/workflow.py). Every status change goes through
`fawang.orders.engine.order_step`, which looks the move up in the order's workflow: an action not
listed for the order's status and stage is refused with Conflict "transition_not_allowed". Nothing else
in the code base decides which status may follow which.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import pgettext_lazy

from .enums import EventKind, OrderStatus
from .enums import TransitionAction as A
from .workflow import BASE_WORKFLOW, ActionSpec, EventSpec, Owes, Step, Workflow, register, step_for

S = OrderStatus
E = EventKind
_SERVICES = "fawang.orders.services."

# Who owes the next action after each event; what the applicant sees and is told.
EVENTS = (
    EventSpec(E.SUBMITTED, E.SUBMITTED.label, public=True, notifies=True, owes=Owes.HANDLER),
    EventSpec(E.ROUTED, E.ROUTED.label, public=True, owes=Owes.HANDLER),
    EventSpec(E.ACCEPTED, E.ACCEPTED.label, public=True, notifies=True, owes=Owes.HANDLER),
    EventSpec(E.REJECTED, E.REJECTED.label, public=True, notifies=True, owes=Owes.NOBODY),
    EventSpec(E.STARTED, E.STARTED.label, public=True, owes=Owes.HANDLER),
    # 补正: the clocks whose limit does not count waiting for materials stand still until resumed.
    EventSpec(
        E.SUSPENDED, E.SUSPENDED.label, public=True, notifies=True, owes=Owes.APPLICANT, pauses_clocks=True
    ),
    EventSpec(E.RESUMED, E.RESUMED.label, public=True, owes=Owes.HANDLER, resumes_clocks=True),
    # The applicant answered a request for materials: the handler checks them and resumes.
    EventSpec(E.MATERIALS_SENT, E.MATERIALS_SENT.label, public=True, owes=Owes.HANDLER),
    EventSpec(E.TRANSFERRED, E.TRANSFERRED.label, public=True, notifies=True, owes=Owes.HANDLER),
    EventSpec(E.RESOLVED, E.RESOLVED.label, public=True, notifies=True, owes=Owes.APPLICANT),
    EventSpec(E.REOPENED, E.REOPENED.label, public=True, notifies=True, owes=Owes.HANDLER),
    EventSpec(E.CLOSED, E.CLOSED.label, public=True, notifies=True, owes=Owes.NOBODY),
    EventSpec(E.EVALUATED, E.EVALUATED.label, public=True),
    EventSpec(E.FIRST_CONTACT_RESOLVED, E.FIRST_CONTACT_RESOLVED.label, public=True, notifies=True),
    EventSpec(E.DUE_RECOMPUTED, E.DUE_RECOMPUTED.label, public=True),
    EventSpec(E.SUPERVISION_ISSUED, E.SUPERVISION_ISSUED.label),
    EventSpec(E.SUPERVISION_ANSWERED, E.SUPERVISION_ANSWERED.label),
    EventSpec(E.SUPERVISION_ESCALATED, E.SUPERVISION_ESCALATED.label),
    EventSpec(E.WARNED, E.WARNED.label),
    EventSpec(E.OVERDUE, E.OVERDUE.label),
    EventSpec(E.NOTE, E.NOTE.label),
)

# The verbs, in the order the order page shows their buttons, with what a person gives for each.
ACTIONS = (
    ActionSpec(A.ACCEPT, A.ACCEPT.label, takes=(), service=_SERVICES + "order_accept"),
    ActionSpec(A.START, A.START.label, takes=(), service=_SERVICES + "order_start"),
    ActionSpec(A.RESOLVE, A.RESOLVE.label, takes=("resolution",), service=_SERVICES + "order_resolve"),
    ActionSpec(A.SUSPEND, A.SUSPEND.label, service=_SERVICES + "order_suspend"),
    ActionSpec(A.RESUME, A.RESUME.label, service=_SERVICES + "order_resume"),
    ActionSpec(A.TRANSFER, A.TRANSFER.label, takes=("transfer",), service=_SERVICES + "order_transfer"),
    ActionSpec(A.REJECT, A.REJECT.label, service=_SERVICES + "order_reject"),
    ActionSpec(A.REOPEN, A.REOPEN.label, service=_SERVICES + "order_reopen"),
    ActionSpec(A.CLOSE, A.CLOSE.label, service=_SERVICES + "order_close"),
    # Staff who answer a hotline call or a walk-in on the spot: the order is received and resolved at once.
    ActionSpec(
        A.RESOLVE_AT_FIRST_CONTACT, A.RESOLVE_AT_FIRST_CONTACT.label, takes=("resolution",), offered=False
    ),
)

_TRANSFER: dict[str, Any] = {"policy": ("order.transfer",), "reason_required": True}

STEPS = (
    Step(S.SUBMITTED, A.ACCEPT, S.ACCEPTED, E.ACCEPTED),
    Step(S.TRANSFERRED, A.ACCEPT, S.ACCEPTED, E.ACCEPTED),
    Step(S.SUBMITTED, A.REJECT, S.REJECTED, E.REJECTED, reason_required=True),
    Step(S.ACCEPTED, A.START, S.IN_PROGRESS, E.STARTED),
    Step(S.REOPENED, A.START, S.IN_PROGRESS, E.STARTED),
    Step(S.ACCEPTED, A.SUSPEND, S.SUSPENDED, E.SUSPENDED, reason_required=True),
    Step(S.IN_PROGRESS, A.SUSPEND, S.SUSPENDED, E.SUSPENDED, reason_required=True),
    # Materials arrived: work goes on; paused clocks run again with the suspended working days added.
    Step(S.SUSPENDED, A.RESUME, S.IN_PROGRESS, E.RESUMED),
    Step(S.SUBMITTED, A.TRANSFER, S.TRANSFERRED, E.TRANSFERRED, **_TRANSFER),
    Step(S.ACCEPTED, A.TRANSFER, S.TRANSFERRED, E.TRANSFERRED, **_TRANSFER),
    Step(S.IN_PROGRESS, A.TRANSFER, S.TRANSFERRED, E.TRANSFERRED, **_TRANSFER),
    # The receiving place may pass on an order it cannot handle without accepting it first.
    Step(S.TRANSFERRED, A.TRANSFER, S.TRANSFERRED, E.TRANSFERRED, **_TRANSFER),
    Step(S.IN_PROGRESS, A.RESOLVE, S.RESOLVED, E.RESOLVED),
    Step(S.REOPENED, A.RESOLVE, S.RESOLVED, E.RESOLVED),
    # 首问负责: the agent or clerk who took the request answered it on the spot.
    Step(
        S.SUBMITTED,
        A.RESOLVE_AT_FIRST_CONTACT,
        S.RESOLVED,
        E.FIRST_CONTACT_RESOLVED,
        policy=("order.create",),
    ),
    Step(S.RESOLVED, A.CLOSE, S.CLOSED, E.CLOSED, allow_system=True),
    # A bad rating sends it back to work (the feedback review decides; a supervisor may too).
    Step(
        S.RESOLVED,
        A.REOPEN,
        S.REOPENED,
        E.REOPENED,
        policy=("order.handle", "order.supervise"),
        reason_required=True,
        allow_system=True,
    ),
)

SERVICE_LOOP = register(
    Workflow(
        code=BASE_WORKFLOW,
        label=pgettext_lazy("workflow", "Service order"),
        steps=STEPS,
        events=EVENTS,
        actions=ACTIONS,
        extends_base=False,
    )
)


def transition_for(
    status: str, action: str, *, workflow: str = BASE_WORKFLOW, stage: str = ""
) -> Step | None:
    return step_for(workflow, status, stage, action)
