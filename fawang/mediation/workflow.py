"""People's mediation's workflow, declared to the engine (docs/adr/0011, 0029). Its clocks are the law
table's (item `mediation_dispute`): `mediate`, one month to conclude (《人民调解工作若干规定》), and
`confirm`, the thirty days from the agreement within which the parties may apply together to the
court for judicial confirmation (人民调解法第三十三条).

    submitted ──accept──▶ accepted ──begin──▶ in_progress·mediating ──agree (art. 28-30)──▶ in_progress·agreed
       │                    │                     │  │                                      │      │
       │  refuse (art. 17)  │  withdraw (art. 23) │  └─fail (art. 26)▶ resolved·failed ──┐  │  apply for judicial
       └────────────────────┴────────────────────▶ rejected·refused / resolved·withdrawn  │  │  confirmation (art. 33)
                                                                                          │  ▼      / waive it
                                  resolved·to_arbitration ◀── to arbitration ─────────────┤ in_progress·confirmation_applied
                                  (人民调解+仲裁: contract, property, labour)              │ in_progress·performing
                                                                                          └─ resolved·not_performed ◀┤
                                                                   resolved·performed ◀───────────────────────────────┘

No step takes a fee: mediation is free of charge (art. 4)."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy

from fawang.disputes.selectors import party_phone_indexes
from fawang.disputes.workflow_parts import EVENTS as DISPUTE_EVENTS
from fawang.disputes.workflow_parts import ending_steps
from fawang.orders import transitions
from fawang.orders.enums import EventKind as E
from fawang.orders.enums import OrderStatus as S
from fawang.orders.enums import TransitionAction as A
from fawang.orders.workflow import ActionSpec, ActionView, EventSpec, Owes, ResolveHook, Step, Workflow

from .enums import WORKFLOW, Action, Stage
from .enums import EventKind as ME

_MEDIATE = ("mediation.mediate",)


def _after_failure(data: dict) -> str:
    return _(
        "You may protect your rights through arbitration, administrative or judicial channels "
        "(People's Mediation Law, art. 26)."
    )


def _confirmation_note(data: dict) -> str:
    return _(
        "Both parties may apply together to the basic people's court for judicial confirmation within 30 days "
        "of the agreement taking effect (People's Mediation Law, art. 33)."
    )


EVENTS = (
    *DISPUTE_EVENTS,
    EventSpec(
        ME.AGREEMENT_REACHED,
        ME.AGREEMENT_REACHED.label,
        public=True,
        notifies=True,
        owes=Owes.APPLICANT,
        note=_confirmation_note,
        public_data=("confirm_within_days",),
    ),
    EventSpec(ME.CONFIRMATION_APPLIED, ME.CONFIRMATION_APPLIED.label, public=True, notifies=True),
    EventSpec(ME.CONFIRMATION_WAIVED, ME.CONFIRMATION_WAIVED.label, public=True),
    EventSpec(ME.PERFORMED, ME.PERFORMED.label, public=True, notifies=True, owes=Owes.APPLICANT),
    EventSpec(
        ME.NOT_PERFORMED,
        ME.NOT_PERFORMED.label,
        public=True,
        notifies=True,
        note=_after_failure,
        public_data=("other_channels",),
    ),
    EventSpec(
        ME.FAILED,
        ME.FAILED.label,
        public=True,
        notifies=True,
        owes=Owes.APPLICANT,
        note=_after_failure,
        public_data=("other_channels",),
    ),
    EventSpec(ME.WITHDRAWN, ME.WITHDRAWN.label, public=True, notifies=True, owes=Owes.NOBODY),
    EventSpec(
        ME.REFUSED,
        ME.REFUSED.label,
        public=True,
        notifies=True,
        owes=Owes.NOBODY,
        note=_after_failure,
        public_data=("other_channels",),
    ),
    EventSpec(
        ME.TO_ARBITRATION,
        ME.TO_ARBITRATION.label,
        public=True,
        notifies=True,
        public_data=("arbitration_order",),
    ),
    EventSpec(ME.FOLLOW_UP, ME.FOLLOW_UP.label, public=True),
    EventSpec(ME.MEDIATOR_ASSIGNED, ME.MEDIATOR_ASSIGNED.label, public=True),
)

ACTIONS = (
    ActionSpec(Action.BEGIN, Action.BEGIN.label, takes=()),
    ActionSpec(Action.AGREE, Action.AGREE.label, offered=False),  # the agreement form (services)
    ActionSpec(Action.APPLY_CONFIRMATION, Action.APPLY_CONFIRMATION.label),
    ActionSpec(Action.WAIVE_CONFIRMATION, Action.WAIVE_CONFIRMATION.label),
    ActionSpec(Action.PERFORMED, Action.PERFORMED.label),
    ActionSpec(Action.NOT_PERFORMED, Action.NOT_PERFORMED.label),
    ActionSpec(Action.FAIL, Action.FAIL.label),
    ActionSpec(Action.WITHDRAW, Action.WITHDRAW.label),
    ActionSpec(Action.REFUSE, Action.REFUSE.label),
    ActionSpec(Action.TO_ARBITRATION, Action.TO_ARBITRATION.label, offered=False),  # the hand-off form
)

ACTION_VIEWS = {
    A.ACCEPT: ActionView(label=pgettext_lazy("order action", "Accept the dispute for mediation"), bulk=False),
}

_SHARED = tuple(step for step in transitions.STEPS if step.action in (A.TRANSFER, A.CLOSE, A.REOPEN))
_AGREED = (Stage.AGREED, Stage.CONFIRMATION_APPLIED, Stage.PERFORMING)

STEPS = (
    *_SHARED,
    *(
        Step(s, A.ACCEPT, S.ACCEPTED, E.ACCEPTED, source_stage="", target_stage="")
        for s in (S.SUBMITTED, S.TRANSFERRED)
    ),
    Step(S.ACCEPTED, Action.BEGIN, S.IN_PROGRESS, E.STARTED, source_stage="", target_stage=Stage.MEDIATING),
    Step(S.REOPENED, Action.BEGIN, S.IN_PROGRESS, E.STARTED, target_stage=Stage.MEDIATING),
    # 第二十八条至第三十条: a written agreement (signed) or an oral one recorded by the mediator.
    Step(
        S.IN_PROGRESS,
        Action.AGREE,
        S.IN_PROGRESS,
        ME.AGREEMENT_REACHED,
        source_stage=Stage.MEDIATING,
        target_stage=Stage.AGREED,
        policy=_MEDIATE,
    ),
    # 第三十三条: within thirty days the parties apply together for judicial confirmation, or do not.
    Step(
        S.IN_PROGRESS,
        Action.APPLY_CONFIRMATION,
        S.IN_PROGRESS,
        ME.CONFIRMATION_APPLIED,
        source_stage=Stage.AGREED,
        target_stage=Stage.CONFIRMATION_APPLIED,
        policy=_MEDIATE,
        reason_required=True,
    ),
    Step(
        S.IN_PROGRESS,
        Action.WAIVE_CONFIRMATION,
        S.IN_PROGRESS,
        ME.CONFIRMATION_WAIVED,
        source_stage=Stage.AGREED,
        target_stage=Stage.PERFORMING,
        policy=_MEDIATE,
    ),
    # 第三十一条: the committee supervises performance.
    *(
        Step(
            S.IN_PROGRESS,
            Action.PERFORMED,
            S.RESOLVED,
            ME.PERFORMED,
            source_stage=st,
            target_stage=Stage.PERFORMED,
            policy=_MEDIATE,
        )
        for st in _AGREED
    ),
    *(
        Step(
            S.IN_PROGRESS,
            Action.NOT_PERFORMED,
            S.RESOLVED,
            ME.NOT_PERFORMED,
            source_stage=st,
            target_stage=Stage.NOT_PERFORMED,
            policy=_MEDIATE,
            reason_required=True,
        )
        for st in _AGREED
    ),
    # 第二十六条: no agreement: the mediation ends, the parties are told of their other channels.
    Step(
        S.IN_PROGRESS,
        Action.FAIL,
        S.RESOLVED,
        ME.FAILED,
        source_stage=Stage.MEDIATING,
        target_stage=Stage.FAILED,
        policy=_MEDIATE,
        reason_required=True,
    ),
    # 第十七条: one party clearly refuses: no mediation. 第二十三条第二项: a party asks to end it (the
    # applicant themselves too, from their page).
    *ending_steps(
        Action.REFUSE,
        ME.REFUSED,
        Stage.REFUSED,
        target=S.REJECTED,
        sources=((S.SUBMITTED, ""), (S.TRANSFERRED, ""), (S.ACCEPTED, ""), (S.IN_PROGRESS, Stage.MEDIATING)),
    ),
    *ending_steps(
        Action.WITHDRAW,
        ME.WITHDRAWN,
        Stage.WITHDRAWN,
        target=S.RESOLVED,
        sources=((S.SUBMITTED, ""), (S.ACCEPTED, ""), (S.IN_PROGRESS, Stage.MEDIATING)),
        applicant=True,
    ),
    # 人民调解+仲裁: a failed or unperformed mediation of a contract, property or labour dispute moves
    # into arbitration with its file (services.mediation_to_arbitration makes the order).
    *(
        Step(
            S.RESOLVED,
            Action.TO_ARBITRATION,
            S.RESOLVED,
            ME.TO_ARBITRATION,
            source_stage=st,
            target_stage=Stage.TO_ARBITRATION,
            policy=_MEDIATE,
        )
        for st in (Stage.FAILED, Stage.NOT_PERFORMED)
    ),
)


def _channels(**kwargs) -> dict:
    return {"other_channels": "人民调解法第二十六条"}


def _confirm(**kwargs) -> dict:
    return {"confirm_within_days": 30}


EVENT_DATA = {
    ME.FAILED: _channels,
    ME.REFUSED: _channels,
    ME.NOT_PERFORMED: _channels,
    ME.AGREEMENT_REACHED: _confirm,
}


def _refuse_generic_resolve(order) -> str:
    return _(
        "A mediation ends with an agreement (arts. 28-30), its failure (art. 26) or a party's request (art. 23): "
        "use those steps."
    )


def mediation_workflow() -> Workflow:
    from . import api, services
    from .forms import MediationIntakeForm

    return Workflow(
        code=WORKFLOW,
        label=pgettext_lazy("workflow", "People's mediation"),
        steps=STEPS,
        stages=dict(Stage.choices),
        events=EVENTS,
        actions=ACTIONS,
        detail_model="mediation.Mediation",
        intake_form=MediationIntakeForm,
        on_intake=services.mediation_on_intake,
        choose_handler=services.mediation_chosen_committee,
        api_router=api.router,
        panel_template="mediation/panel.html",
        extends_base=False,
        action_views=ACTION_VIEWS,
        resolve=ResolveHook(refuse=_refuse_generic_resolve),
        event_data=EVENT_DATA,
        followers=party_phone_indexes,
    )
