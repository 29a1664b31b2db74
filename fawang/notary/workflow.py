"""Notary's workflow, declared to the engine (docs/adr/0011, 0025). Which clocks its events start and
stop is the law table's (the notary items' `certify` clock in fawang/catalog/data/service_items.json:
公证法第三十条, fifteen working days from acceptance, supplementary materials and verification not
counted).

    submitted ──accept (受理)──▶ accepted·payment_due ──pay (the applicant)──▶ accepted·paid
      │  └─request materials▶ suspended·materials_requested ─resume▶ submitted        │
      │                                                                   begin the review
      │                                                                              ▼
      │        suspended·supplement ◀─request supplementary materials── in_progress·review
      │        suspended·verifying  ◀─verify the facts──────────────────┘   │ ▲ resume
      │                                                                    issue the certificate
      └─refuse (art. 31, written reasons; from any open stage)▶ rejected·refused     ▼
                                                                          resolved·issued

The clock starts on acceptance (the shared "accepted" event) and stands still while supplementary
materials are awaited (the shared suspension) or the facts are verified (`notary_verification_started`
pauses it); resuming adds the working days paused. A refusal after payment is refunded (services)."""

from __future__ import annotations

from django.utils.translation import pgettext_lazy

from fawang.orders import transitions
from fawang.orders.enums import EventKind as E
from fawang.orders.enums import OrderStatus as S
from fawang.orders.enums import TransitionAction as A
from fawang.orders.workflow import ActionSpec, ActionView, EventSpec, Owes, Step, Workflow

from .enums import WORKFLOW, Action, Stage
from .enums import EventKind as NE

_ISSUER = ("notary.issue",)
_REVIEW = "notary_review"

EVENTS = (
    EventSpec(NE.PAID, NE.PAID.label, public=True, notifies=True, owes=Owes.HANDLER),
    EventSpec(
        NE.VERIFICATION_STARTED,
        NE.VERIFICATION_STARTED.label,
        public=True,
        notifies=True,
        owes=Owes.HANDLER,
        pauses_clocks=True,
    ),
    EventSpec(NE.ISSUED, NE.ISSUED.label, public=True, notifies=True, owes=Owes.APPLICANT),
    EventSpec(NE.REFUSED, NE.REFUSED.label, public=True, notifies=True, owes=Owes.NOBODY),
    EventSpec(NE.COMMITMENT_CONFIRMED, NE.COMMITMENT_CONFIRMED.label, public=True, owes=Owes.HANDLER),
    EventSpec(NE.ENFORCEMENT_CERTIFIED, NE.ENFORCEMENT_CERTIFIED.label, public=True, notifies=True),
)

ACTIONS = (
    # Paid through the payment adapter (fawang/notary/payments.py): the applicant's own step.
    ActionSpec(Action.PAY, Action.PAY.label, takes=(), service="fawang.notary.payments.notary_pay_action"),
    ActionSpec(_REVIEW, pgettext_lazy("order action", "Begin the review"), takes=()),
    ActionSpec(Action.VERIFY, Action.VERIFY.label),
    ActionSpec(
        Action.CONFIRM_COMMITMENT,
        Action.CONFIRM_COMMITMENT.label,
        service="fawang.notary.services.notary_confirm_commitment",
    ),
    ActionSpec(
        Action.CERTIFY_ENFORCEMENT,
        Action.CERTIFY_ENFORCEMENT.label,
        service="fawang.notary.services.notary_certify_enforcement",
    ),
    ActionSpec(
        Action.ISSUE, Action.ISSUE.label, takes=(), service="fawang.notary.certificates.notary_issue_action"
    ),
)

ACTION_VIEWS = {
    A.ACCEPT: ActionView(label=pgettext_lazy("order action", "Accept the notarial application"), bulk=False),
    A.REJECT: ActionView(label=pgettext_lazy("order action", "Refuse to notarise"), bulk=False),
    A.SUSPEND: ActionView(label=pgettext_lazy("order action", "Request (supplementary) materials")),
}

# From the shared loop: transfers, closing after the rating, reopening on a bad one.
_SHARED = tuple(
    step
    for step in transitions.STEPS
    if step.action in (A.TRANSFER, A.CLOSE, A.REOPEN, A.RESOLVE_AT_FIRST_CONTACT)
)
_REFUSABLE = (
    (S.SUBMITTED, ""),
    (S.TRANSFERRED, ""),
    (S.ACCEPTED, Stage.PAYMENT_DUE),
    (S.ACCEPTED, Stage.PAID),
    (S.IN_PROGRESS, Stage.REVIEW),
    (S.SUSPENDED, Stage.MATERIALS_REQUESTED),
    (S.SUSPENDED, Stage.SUPPLEMENT),
    (S.SUSPENDED, Stage.VERIFYING),
    (S.IN_PROGRESS, Stage.COMMITMENT_CONFIRMED),
)

STEPS = (
    *_SHARED,
    # 公证法第二十八条: the office checks the application and accepts it; the fee falls due.
    *(
        Step(s, A.ACCEPT, S.ACCEPTED, E.ACCEPTED, source_stage="", target_stage=Stage.PAYMENT_DUE)
        for s in (S.SUBMITTED, S.TRANSFERRED)
    ),
    # Materials missing before acceptance (no clock runs yet).
    Step(
        S.SUBMITTED,
        A.SUSPEND,
        S.SUSPENDED,
        E.SUSPENDED,
        source_stage="",
        target_stage=Stage.MATERIALS_REQUESTED,
        reason_required=True,
    ),
    Step(
        S.SUSPENDED, A.RESUME, S.SUBMITTED, E.RESUMED, source_stage=Stage.MATERIALS_REQUESTED, target_stage=""
    ),
    Step(
        S.ACCEPTED,
        Action.PAY,
        S.ACCEPTED,
        NE.PAID,
        source_stage=Stage.PAYMENT_DUE,
        target_stage=Stage.PAID,
        applicant=True,
    ),
    Step(S.ACCEPTED, _REVIEW, S.IN_PROGRESS, E.STARTED, source_stage=Stage.PAID, target_stage=Stage.REVIEW),
    # 公证法第三十条: supplementary materials and verification are not counted in the fifteen days.
    Step(
        S.IN_PROGRESS,
        A.SUSPEND,
        S.SUSPENDED,
        E.SUSPENDED,
        source_stage=Stage.REVIEW,
        target_stage=Stage.SUPPLEMENT,
        reason_required=True,
    ),
    Step(
        S.IN_PROGRESS,
        Action.VERIFY,
        S.SUSPENDED,
        NE.VERIFICATION_STARTED,
        source_stage=Stage.REVIEW,
        target_stage=Stage.VERIFYING,
        reason_required=True,
    ),
    *(
        Step(S.SUSPENDED, A.RESUME, S.IN_PROGRESS, E.RESUMED, source_stage=stage, target_stage=Stage.REVIEW)
        for stage in (Stage.SUPPLEMENT, Stage.VERIFYING)
    ),
    *(
        Step(
            S.IN_PROGRESS,
            Action.ISSUE,
            S.RESOLVED,
            NE.ISSUED,
            source_stage=stage,
            target_stage=Stage.ISSUED,
            policy=_ISSUER,
        )
        for stage in (Stage.REVIEW, Stage.COMMITMENT_CONFIRMED)
    ),
    # 公证法第三十七条: a debt instrument is given enforceable effect only when it states the debtor's
    # commitment to accept compulsory enforcement; the notary confirms it with the debtor (written note)
    # before issuing (certificates.notary_issue refuses an enforceable matter without it).
    Step(
        S.IN_PROGRESS,
        Action.CONFIRM_COMMITMENT,
        S.IN_PROGRESS,
        NE.COMMITMENT_CONFIRMED,
        source_stage=Stage.REVIEW,
        target_stage=Stage.COMMITMENT_CONFIRMED,
        policy=_ISSUER,
        reason_required=True,
    ),
    # The debtor does not perform: on the creditor's application the office verifies and issues the
    # enforcement certificate (执行证书) with which the creditor applies to the court (第三十七条).
    Step(
        S.RESOLVED,
        Action.CERTIFY_ENFORCEMENT,
        S.RESOLVED,
        NE.ENFORCEMENT_CERTIFIED,
        source_stage=Stage.ISSUED,
        target_stage=Stage.ENFORCEMENT_CERTIFIED,
        policy=_ISSUER,
        reason_required=True,
    ),
    # 公证法第三十一条: refused with written reasons, from any stage before the certificate.
    *(
        Step(
            s,
            A.REJECT,
            S.REJECTED,
            NE.REFUSED,
            source_stage=stage,
            target_stage=Stage.REFUSED,
            reason_required=True,
        )
        for s, stage in _REFUSABLE
    ),
    # A bad rating reopens it: the review goes on.
    Step(S.REOPENED, _REVIEW, S.IN_PROGRESS, E.STARTED, target_stage=Stage.REVIEW),
)


def notary_workflow() -> Workflow:
    from . import api, services
    from .forms import NotaryIntakeForm

    return Workflow(
        code=WORKFLOW,
        label=pgettext_lazy("workflow", "Notarisation"),
        steps=STEPS,
        stages=dict(Stage.choices),
        events=EVENTS,
        actions=ACTIONS,
        detail_model="notary.NotaryApplication",
        intake_form=NotaryIntakeForm,
        on_intake=services.notary_on_intake,
        choose_handler=services.notary_chosen_office,
        api_router=api.router,
        panel_template="notary/panel.html",
        extends_base=False,
        action_views=ACTION_VIEWS,
    )
