"""Judicial appraisal's workflow, declared to the engine (docs/adr/0011, 0022, 0031). Its clocks are the
law table's (`appraisal_entrustment` in fawang/catalog/data/service_items.json): `accept`, seven working
days from receipt (《司法鉴定程序通则》第十三条), and `complete`, thirty working days from acceptance
(第二十八条), supplementary materials not counted, extendable once by thirty working days with the head
of the institution's approval (the `appraisal_extended` event).

    submitted ──accept (with two appraisers)──▶ accepted·accepted ──materials received──▶ in_progress·materials
      └─refuse (art. 15/16, reasons)▶ rejected·refused                     │  examine (repeatable)
                                                                          ▼
        suspended·supplement ◀──request supplementary materials── in_progress·examining
                 └──resume──▶ in_progress·examining                        │ draft
                                                                          ▼
                                    in_progress·drafted ──review──▶ in_progress·reviewed ──issue──▶ resolved·issued

An entrustment is an order the module makes (`order_make`) for the institution the body chose: region
and handler are the institution's, so the justice bureau where it is registered supervises its
clocks; the body reads it through its own rows (`selectors.can_see_entrustment`)."""

from __future__ import annotations

from django.utils.translation import pgettext_lazy

from fawang.disputes.workflow_parts import EVENTS as DISPUTE_EVENTS
from fawang.orders import transitions
from fawang.orders.enums import EventKind as E
from fawang.orders.enums import OrderStatus as S
from fawang.orders.enums import TransitionAction as A
from fawang.orders.workflow import ActionSpec, ActionView, EventSpec, Owes, Step, Workflow

from .enums import WORKFLOW, Action, Stage
from .enums import EventKind as AE

ISSUER = ("appraisal.issue",)

EVENTS = (
    EventSpec(AE.MATERIALS_RECEIVED, AE.MATERIALS_RECEIVED.label, public=True, owes=Owes.HANDLER),
    EventSpec(AE.EXAMINED, AE.EXAMINED.label, owes=Owes.HANDLER),
    EventSpec(AE.DRAFTED, AE.DRAFTED.label, public=True, owes=Owes.HANDLER),
    EventSpec(AE.REVIEWED, AE.REVIEWED.label, public=True, owes=Owes.HANDLER),
    EventSpec(AE.ISSUED, AE.ISSUED.label, public=True, owes=Owes.NOBODY),
    EventSpec(AE.REFUSED, AE.REFUSED.label, public=True, owes=Owes.NOBODY),
    EventSpec(AE.EXTENDED, AE.EXTENDED.label, public=True, owes=Owes.HANDLER),
)

ACTIONS = (
    ActionSpec(Action.RECEIVE_MATERIALS, Action.RECEIVE_MATERIALS.label, takes=()),
    ActionSpec(Action.EXAMINE, Action.EXAMINE.label),
    ActionSpec(Action.DRAFT, Action.DRAFT.label, takes=()),
    ActionSpec(Action.REVIEW, Action.REVIEW.label),
    ActionSpec(Action.EXTEND, Action.EXTEND.label),
    ActionSpec(
        Action.ISSUE, Action.ISSUE.label, takes=(), service="fawang.appraisal.opinions.appraisal_issue_action"
    ),
)

ACTION_VIEWS = {
    A.ACCEPT: ActionView(label=pgettext_lazy("order action", "Accept the entrustment"), bulk=False),
    A.REJECT: ActionView(label=pgettext_lazy("order action", "Do not accept (give the reasons)"), bulk=False),
    A.SUSPEND: ActionView(label=pgettext_lazy("order action", "Request supplementary materials")),
}

_SHARED = tuple(step for step in transitions.STEPS if step.action in (A.CLOSE,))
_WORKING = (Stage.MATERIALS, Stage.EXAMINING, Stage.DRAFTED, Stage.REVIEWED)


def _same(status: str, stage: str, action: str, event: str, **kw: object) -> Step:
    return Step(status, action, status, event, source_stage=stage, target_stage=stage, **kw)  # type: ignore[arg-type]


STEPS = (
    *_SHARED,
    # 第十三条: decide within seven working days of receipt; 第十五条/第十六条: a refusal gives reasons.
    Step(S.SUBMITTED, A.ACCEPT, S.ACCEPTED, E.ACCEPTED, source_stage="", target_stage=Stage.ACCEPTED),
    Step(
        S.SUBMITTED,
        A.REJECT,
        S.REJECTED,
        AE.REFUSED,
        source_stage="",
        target_stage=Stage.REFUSED,
        reason_required=True,
    ),
    Step(
        S.ACCEPTED,
        Action.RECEIVE_MATERIALS,
        S.IN_PROGRESS,
        AE.MATERIALS_RECEIVED,
        source_stage=Stage.ACCEPTED,
        target_stage=Stage.MATERIALS,
    ),
    *(
        Step(
            S.IN_PROGRESS,
            Action.EXAMINE,
            S.IN_PROGRESS,
            AE.EXAMINED,
            source_stage=stage,
            target_stage=Stage.EXAMINING,
            reason_required=True,
        )
        for stage in (Stage.MATERIALS, Stage.EXAMINING)
    ),
    Step(
        S.IN_PROGRESS,
        Action.DRAFT,
        S.IN_PROGRESS,
        AE.DRAFTED,
        source_stage=Stage.EXAMINING,
        target_stage=Stage.DRAFTED,
    ),
    Step(
        S.IN_PROGRESS,
        Action.REVIEW,
        S.IN_PROGRESS,
        AE.REVIEWED,
        source_stage=Stage.DRAFTED,
        target_stage=Stage.REVIEWED,
        policy=ISSUER,
    ),
    Step(
        S.IN_PROGRESS,
        Action.ISSUE,
        S.RESOLVED,
        AE.ISSUED,
        source_stage=Stage.REVIEWED,
        target_stage=Stage.ISSUED,
        policy=ISSUER,
    ),
    # 第二十八条: time to supplement or re-take materials is not counted (the clock pauses).
    *(
        Step(
            S.IN_PROGRESS,
            A.SUSPEND,
            S.SUSPENDED,
            E.SUSPENDED,
            source_stage=stage,
            target_stage=Stage.SUPPLEMENT,
            reason_required=True,
        )
        for stage in (Stage.MATERIALS, Stage.EXAMINING, Stage.DRAFTED)
    ),
    Step(
        S.SUSPENDED,
        A.RESUME,
        S.IN_PROGRESS,
        E.RESUMED,
        source_stage=Stage.SUPPLEMENT,
        target_stage=Stage.EXAMINING,
    ),
    # 第二十八条: extended with the approval of the head of the institution (once; the engine refuses a
    # second extension of the same clock).
    _same(S.ACCEPTED, Stage.ACCEPTED, Action.EXTEND, AE.EXTENDED, policy=ISSUER, reason_required=True),
    *(
        _same(S.IN_PROGRESS, stage, Action.EXTEND, AE.EXTENDED, policy=ISSUER, reason_required=True)
        for stage in _WORKING
    ),
    _same(S.SUSPENDED, Stage.SUPPLEMENT, Action.EXTEND, AE.EXTENDED, policy=ISSUER, reason_required=True),
)


def appraisal_workflow() -> Workflow:
    from fawang.disputes.selectors import party_phone_indexes

    from . import api, services

    return Workflow(
        code=WORKFLOW,
        label=pgettext_lazy("workflow", "Judicial appraisal"),
        steps=STEPS,
        stages=dict(Stage.choices),
        events=(*EVENTS, *DISPUTE_EVENTS),
        actions=ACTIONS,
        detail_model="appraisal.Entrustment",
        intake_form=services.EntrustmentIntakeForm,
        on_intake=services.appraisal_on_intake,
        api_router=api.router,
        panel_template="appraisal/panel.html",
        extends_base=False,
        action_views=ACTION_VIEWS,
        # The litigants of the body's case follow it on the tracking page (docs/adr/0029, 0031).
        followers=party_phone_indexes,
    )
