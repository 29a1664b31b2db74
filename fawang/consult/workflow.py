"""Consultation's workflow, declared to the engine (docs/adr/0011, 0026). The catalog item
`consultation` follows it; its 3-working-day clock is the law table's (`handle`, which starts on
receipt and on a follow-up question and stops on an answer).

    submitted ──take (a duty lawyer on the roster)──▶ in_progress·taken ──answer──▶ resolved·answered
        ▲ the duty queue                                                              │ rate (feedback)
        │                     reopened·follow_up ◀──follow-up (the asker, or the hotline)─┘
        │                          └──answer──▶ resolved·answered
    hotline: answered on the spot (the shared resolve at first contact), the answer kept in the thread

The shared loop's steps stay (extends_base): a place may still accept, transfer or reject a question
that is not a consultation. Taking is the engine's conditional UPDATE on status and stage: two lawyers
who take the same question at once get one winner and one conflict naming the winner's step."""

from __future__ import annotations

from django.utils.translation import pgettext_lazy

from fawang.orders.enums import EventKind as E
from fawang.orders.enums import OrderStatus as S
from fawang.orders.workflow import ActionSpec, EventSpec, Owes, Step, Workflow

from .enums import WORKFLOW, Action, EventKind, Stage

_SERVICES = "fawang.consult.services."
_ANSWERS = ("consult.answer",)

EVENTS = (
    EventSpec(EventKind.TAKEN, EventKind.TAKEN.label, public=True, owes=Owes.HANDLER),
    EventSpec(EventKind.FOLLOW_UP, EventKind.FOLLOW_UP.label, public=True, owes=Owes.HANDLER),
)

ACTIONS = (
    ActionSpec(Action.TAKE, Action.TAKE.label, takes=(), service=_SERVICES + "consultation_take"),
    ActionSpec(
        Action.ANSWER, Action.ANSWER.label, takes=("resolution",), service=_SERVICES + "consultation_answer"
    ),
    ActionSpec(Action.FOLLOW_UP, Action.FOLLOW_UP.label, service=_SERVICES + "consultation_follow_up"),
)

STEPS = (
    Step(
        S.SUBMITTED,
        Action.TAKE,
        S.IN_PROGRESS,
        EventKind.TAKEN,
        source_stage="",
        target_stage=Stage.TAKEN,
        policy=_ANSWERS,
    ),
    *(
        Step(
            source,
            Action.ANSWER,
            S.RESOLVED,
            E.RESOLVED,
            source_stage=stage,
            target_stage=Stage.ANSWERED,
            policy=_ANSWERS,
        )
        for source, stage in (
            (S.IN_PROGRESS, Stage.TAKEN),
            (S.REOPENED, Stage.FOLLOW_UP),
            (S.REOPENED, Stage.ANSWERED),  # a bad rating reopened it: the lawyer answers again
        )
    ),
    # The asker asks on, on the same thread (the hotline records one given on the phone).
    Step(
        S.RESOLVED,
        Action.FOLLOW_UP,
        S.REOPENED,
        EventKind.FOLLOW_UP,
        source_stage=Stage.ANSWERED,
        target_stage=Stage.FOLLOW_UP,
        policy=("order.create",),
        reason_required=True,
        applicant=True,
    ),
)


def consultation_workflow() -> Workflow:
    from . import api, services

    return Workflow(
        code=WORKFLOW,
        label=pgettext_lazy("workflow", "Legal consultation"),
        steps=STEPS,
        stages=dict(Stage.choices),
        events=EVENTS,
        actions=ACTIONS,
        detail_model="consult.Consultation",
        on_intake=services.consultation_on_intake,
        api_router=api.router,
        api_path="consult",
        panel_template="consult/panel.html",
    )
