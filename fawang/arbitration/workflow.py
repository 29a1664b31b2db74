"""Arbitration's two workflows, declared to the engine (docs/adr/0011, 0030). Which clocks their events
start and stop is the law table's (fawang/catalog/data/service_items.json):

- commercial (`arbitration`): `accept`, 仲裁法（2025）第三十五条, five days from receipt of the
  application to the decision (accept, or refuse in writing with reasons);
- labour (`labour_arbitration`): `accept`, 劳动争议调解仲裁法第二十九条, five days; `award`, 第四十三条,
  forty-five days from acceptance, extended once by at most fifteen with the chair's approval
  (`arbitration_award_extended`, the law table's `extends_on`).

    submitted ──accept──▶ accepted·constituting ──form the tribunal──▶ in_progress·tribunal_formed
      └─refuse (written reasons)▶ rejected·refused                         │ hearings (events)
                                                            make the award ▼ (PDF in the evidence log)
                                                                   resolved·awarded ── close ▶ closed

The award writes the shared "resolved" event: the labour award clock stops on it and the parties are
asked to rate the outcome (feedback's rating window)."""

from __future__ import annotations

from django.utils.translation import pgettext_lazy

from fawang.disputes.workflow_parts import ending_steps
from fawang.orders import transitions
from fawang.orders.enums import EventKind as E
from fawang.orders.enums import OrderStatus as S
from fawang.orders.enums import TransitionAction as A
from fawang.orders.workflow import ActionSpec, ActionView, EventSpec, Owes, ResolveHook, Step, Workflow

from .enums import COMMERCIAL, LABOUR, Action, Stage
from .enums import EventKind as AE

_MANAGE = ("arbitration.manage",)

EVENTS = (
    EventSpec(AE.TRIBUNAL_FORMED, AE.TRIBUNAL_FORMED.label, public=True, notifies=True, owes=Owes.HANDLER),
    EventSpec(AE.AWARD_EXTENDED, AE.AWARD_EXTENDED.label, public=True, notifies=True),
    EventSpec(AE.FEE_ASSESSED, AE.FEE_ASSESSED.label, public=True, notifies=True),
    EventSpec(AE.CORRECTION_REQUESTED, AE.CORRECTION_REQUESTED.label, public=True),
    EventSpec(AE.AWARD_CORRECTED, AE.AWARD_CORRECTED.label, public=True, notifies=True),
    EventSpec(AE.FEE_PAID, AE.FEE_PAID.label, public=True, notifies=True),
    EventSpec(AE.FEE_DEFERRED, AE.FEE_DEFERRED.label, public=True, notifies=True),
    EventSpec(AE.WITHDRAWN, AE.WITHDRAWN.label, public=True, notifies=True),
    EventSpec(AE.DEEMED_WITHDRAWN, AE.DEEMED_WITHDRAWN.label, public=True, notifies=True),
    EventSpec(AE.SETTLED, AE.SETTLED.label, public=True, notifies=True),
    EventSpec(AE.COUNTERCLAIM_FILED, AE.COUNTERCLAIM_FILED.label, public=True, notifies=True),
)

ACTIONS = (
    # The tribunal and the award take more than a reason: their own pages (offered=False).
    ActionSpec(Action.TRIBUNAL, Action.TRIBUNAL.label, takes=(), offered=False),
    ActionSpec(Action.AWARD, Action.AWARD.label, takes=(), offered=False),
    ActionSpec(Action.EXTEND, Action.EXTEND.label),
    # The applicant withdraws (their order page) or the commission records it, with the reason.
    ActionSpec(Action.WITHDRAW, Action.WITHDRAW.label),
    # The lapse of the fee limit and a settlement are checked by the module's services (own forms).
    ActionSpec(Action.DEEM_WITHDRAWN, Action.DEEM_WITHDRAWN.label, offered=False),
    ActionSpec(Action.SETTLE, Action.SETTLE.label, offered=False),
)

ACTION_VIEWS = {
    A.ACCEPT: ActionView(
        label=pgettext_lazy("order action", "Accept the arbitration application"), bulk=False
    ),
    A.REJECT: ActionView(
        label=pgettext_lazy("order action", "Refuse to accept (written reasons)"), bulk=False
    ),
}

_SHARED = tuple(step for step in transitions.STEPS if step.action in (A.TRANSFER, A.CLOSE))
_BEFORE_ACCEPTANCE = ((S.SUBMITTED, ""), (S.TRANSFERRED, ""))
_BEFORE_AWARD = ((S.ACCEPTED, Stage.CONSTITUTING), (S.IN_PROGRESS, Stage.TRIBUNAL_FORMED))


def _steps(*, labour: bool) -> tuple[Step, ...]:
    steps = [
        *_SHARED,
        *(
            Step(s, A.ACCEPT, S.ACCEPTED, E.ACCEPTED, source_stage=st, target_stage=Stage.CONSTITUTING)
            for s, st in _BEFORE_ACCEPTANCE
        ),
        # 仲裁法第三十五条 / 劳动争议调解仲裁法第二十九条: a refusal in writing, with reasons.
        *ending_steps(A.REJECT, E.REJECTED, Stage.REFUSED, target=S.REJECTED, sources=_BEFORE_ACCEPTANCE),
        Step(
            S.ACCEPTED,
            Action.TRIBUNAL,
            S.IN_PROGRESS,
            AE.TRIBUNAL_FORMED,
            source_stage=Stage.CONSTITUTING,
            target_stage=Stage.TRIBUNAL_FORMED,
            policy=_MANAGE,
        ),
        Step(
            S.IN_PROGRESS,
            Action.AWARD,
            S.RESOLVED,
            E.RESOLVED,
            source_stage=Stage.TRIBUNAL_FORMED,
            target_stage=Stage.AWARDED,
            policy=_MANAGE,
        ),
    ]
    # Withdrawal ends the case at any point before the award (the order leaves the open statuses, so
    # every clock stops); the applicant may take it themselves.
    steps += ending_steps(
        Action.WITHDRAW,
        AE.WITHDRAWN,
        Stage.WITHDRAWN,
        target=S.CLOSED,
        sources=(*_BEFORE_ACCEPTANCE, *_BEFORE_AWARD),
        policy=_MANAGE,
        applicant=True,
    )
    # 仲裁法第六十二条 / 劳动争议调解仲裁法第四十一条: settled and withdrawn.
    steps += ending_steps(
        Action.SETTLE, AE.SETTLED, Stage.SETTLED, target=S.CLOSED, sources=_BEFORE_AWARD, policy=_MANAGE
    )
    if not labour:
        # 仲裁委员会仲裁收费办法第六条第二款: the fee not paid in time, deemed withdrawn.
        steps += ending_steps(
            Action.DEEM_WITHDRAWN,
            AE.DEEMED_WITHDRAWN,
            Stage.DEEMED_WITHDRAWN,
            target=S.CLOSED,
            sources=_BEFORE_AWARD,
            policy=_MANAGE,
        )
    if labour:
        # 劳动争议调解仲裁法第四十三条: the chair approves; the clock grants it once (ADR 0011).
        steps += [
            Step(
                s,
                Action.EXTEND,
                s,
                AE.AWARD_EXTENDED,
                source_stage=stage,
                policy=_MANAGE,
                reason_required=True,
            )
            for s, stage in _BEFORE_AWARD
        ]
    return tuple(steps)


def _refuse_generic_resolve(order) -> str:
    from django.utils.translation import gettext as _

    return _("An arbitration case is resolved by its award (Arbitration Law art. 67): use the award page.")


def arbitration_workflows() -> list[Workflow]:
    from fawang.disputes.selectors import party_phone_indexes
    from fawang.disputes.workflow_parts import EVENTS as DISPUTE_EVENTS

    from . import api, services
    from .forms import CommercialIntakeForm, LabourIntakeForm

    common = {
        "stages": dict(Stage.choices),
        "events": (*EVENTS, *DISPUTE_EVENTS),
        # every party may follow the case on the public tracking page (the base's parties)
        "followers": party_phone_indexes,
        "actions": ACTIONS,
        "detail_model": "arbitration.ArbitrationCase",
        "on_intake": services.arbitration_on_intake,
        "choose_handler": services.arbitration_chosen_commission,
        "panel_template": "arbitration/panel.html",
        "extends_base": False,
        "action_views": ACTION_VIEWS,
        "resolve": ResolveHook(refuse=_refuse_generic_resolve),
    }
    return [
        Workflow(
            code=COMMERCIAL,
            label=pgettext_lazy("workflow", "Commercial arbitration"),
            steps=_steps(labour=False),
            intake_form=CommercialIntakeForm,
            api_router=api.router,
            **common,
        ),
        Workflow(
            code=LABOUR,
            label=pgettext_lazy("workflow", "Labour dispute arbitration"),
            steps=_steps(labour=True),
            intake_form=LabourIntakeForm,
            **common,
        ),
    ]
