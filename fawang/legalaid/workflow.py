"""Legal aid's workflow, declared to the engine (docs/adr/0011): its stages inside the shared statuses,
its steps, event kinds and verbs. Which clocks its events start and stop is the law table's business
(the `legal_aid` item's `time_limits` in fawang/catalog/data/service_items.json).

    submitted ──accept───────────────▶ accepted·approved ──assign──▶ accepted·assigned ──start──▶
      │  │  │                              ▲                                 in_progress·handling
      │  │  └─start urgently (art. 44)─────┼──────────────────────────────▶ in_progress·handling
      │  └─request materials▶ suspended·materials_requested ─resume▶ submitted
      └─reject (art. 43)▶ rejected·refused ─objection (art. 49)▶ reopened·objection_review
                                                   upheld ─┘   dismissed ▶ rejected·refused
    submitted (a criminal case notice, art. 36) ─the platform▶ submitted·notice_received ─assign▶
    in_progress·handling ─close the case (outcome)▶ in_progress·closing ─file closing materials (art. 50)▶
                                                       resolved·closing (the applicant rates it)

Granting and refusing aid are the shared loop's accept and reject of an application still undecided
(stage ""): they write legal aid's own events and stages, and read 给予法律援助 / 不予法律援助 on legal
aid's orders (`action_views`, decided one order at a time: no bulk grant). A refusal carries its
reasons and the right to object (`event_data`, fawang/legalaid/objection.py); the applicant files the
objection from their own order page (`Step.applicant`). The seven-day decision clock applies to an
application, the notice's three-day clock to a criminal case notice (`clock_conditions`); see
docs/adr/0019. The workflow copies the loop's other steps (`extends_base=False`) to leave out its
steps from "reopened", which here has two stages."""

from __future__ import annotations

from django.utils.translation import pgettext_lazy

from fawang.orders import transitions
from fawang.orders.enums import EventKind as E
from fawang.orders.enums import OrderStatus as S
from fawang.orders.enums import TransitionAction as A
from fawang.orders.workflow import ANY, ActionSpec, ActionView, EventSpec, Owes, ResolveHook, Step, Workflow

from .caselog_workflow import CASELOG_ACTIONS, CASELOG_EVENTS, CASELOG_STEPS, resolve_refusal
from .enums import WORKFLOW, Action, Stage
from .enums import EventKind as LE
from .forms import LegalAidIntakeForm
from .objection import is_application, is_criminal_notice, refusal_data, refusal_note

_SERVICES = "fawang.legalaid.services."
_OBJECTION_TAKERS = ("order.create", "order.supervise")  # the window or hotline, or the bureau itself
_BUREAU = ("order.supervise",)  # 司法行政部门 (art. 49)
_ASSIGNER = ("legal_aid.assign",)  # the centre's staff (art. 43)
_ASSIGNMENT = "fawang.legalaid.assignment."
_CASELOG = "fawang.legalaid.caselog."

EVENTS = (
    EventSpec(LE.APPROVED, LE.APPROVED.label, public=True, notifies=True, owes=Owes.HANDLER),
    EventSpec(
        LE.REFUSED,
        LE.REFUSED.label,
        public=True,
        notifies=True,
        owes=Owes.NOBODY,
        public_data=("refusal", "objection"),
        note=refusal_note,
    ),
    EventSpec(LE.URGENT_STARTED, LE.URGENT_STARTED.label, public=True, notifies=True, owes=Owes.HANDLER),
    EventSpec(LE.CRIMINAL_NOTICE, LE.CRIMINAL_NOTICE.label, public=True, owes=Owes.HANDLER),
    EventSpec(LE.ASSIGNED, LE.ASSIGNED.label, public=True, notifies=True, owes=Owes.HANDLER),
    EventSpec(LE.OBJECTION_FILED, LE.OBJECTION_FILED.label, public=True, notifies=True, owes=Owes.HANDLER),
    EventSpec(LE.OBJECTION_UPHELD, LE.OBJECTION_UPHELD.label, public=True, notifies=True, owes=Owes.HANDLER),
    EventSpec(
        LE.OBJECTION_DISMISSED, LE.OBJECTION_DISMISSED.label, public=True, notifies=True, owes=Owes.NOBODY
    ),
    EventSpec(LE.ASSIGNMENT_ACCEPTED, LE.ASSIGNMENT_ACCEPTED.label, public=True, owes=Owes.HANDLER),
    EventSpec(LE.ASSIGNMENT_DECLINED, LE.ASSIGNMENT_DECLINED.label, owes=Owes.HANDLER),
    EventSpec(LE.REASSIGNED, LE.REASSIGNED.label, public=True, owes=Owes.HANDLER),
)

ACTIONS = (
    ActionSpec(
        Action.START_URGENTLY, Action.START_URGENTLY.label, service=_SERVICES + "legal_aid_start_urgently"
    ),
    # From the order page: the suggestion's first (the assignment page chooses or overrides).
    ActionSpec(Action.ASSIGN, Action.ASSIGN.label, service=_ASSIGNMENT + "legal_aid_assign_first"),
    ActionSpec(Action.ACCEPT_ASSIGNMENT, Action.ACCEPT_ASSIGNMENT.label, offered=False),
    ActionSpec(Action.DECLINE_ASSIGNMENT, Action.DECLINE_ASSIGNMENT.label, offered=False),
    ActionSpec(Action.REASSIGN, Action.REASSIGN.label, offered=False),
    ActionSpec(Action.OBJECT, Action.OBJECT.label),
    ActionSpec(Action.UPHOLD_OBJECTION, Action.UPHOLD_OBJECTION.label),
    ActionSpec(Action.DISMISS_OBJECTION, Action.DISMISS_OBJECTION.label),
    ActionSpec(Action.RECEIVE_NOTICE, Action.RECEIVE_NOTICE.label, takes=(), offered=False),
)

# 法律援助法第四十三条 names the decision 给予 / 不予法律援助: the shared accept and reject read so on legal
# aid's orders, and each is decided on its own file (its eligibility assessment is stored with it).
ACTION_VIEWS = {
    A.ACCEPT: ActionView(label=pgettext_lazy("order action", "Grant legal aid"), bulk=False),
    A.REJECT: ActionView(label=pgettext_lazy("order action", "Refuse legal aid"), bulk=False),
    # Resolved through the case log only (docs/adr/0022): no Resolve button, no bulk resolve.
    A.RESOLVE: ActionView(hidden=True, bulk=False),
}

# The shared loop without its steps from "reopened" (here a rating's reopening is one stage, an
# objection's review another).
# Nor its resolve: only filing the closing materials resolves the case (CASELOG_STEPS).
_SHARED = tuple(step for step in transitions.STEPS if step.source != S.REOPENED and step.action != A.RESOLVE)

_DECIDABLE = (S.SUBMITTED, S.TRANSFERRED)

STEPS = (
    *_SHARED,
    # 法律援助法第四十三条: decide within seven days of receipt; a refusal is written, with its reasons.
    # The decision is the shared loop's accept and reject of an undecided application, so every tool
    # that accepts or rejects (the queue's bulk actions, the demo) decides a legal aid application.
    *(
        Step(s, A.ACCEPT, S.ACCEPTED, LE.APPROVED, source_stage="", target_stage=Stage.APPROVED)
        for s in _DECIDABLE
    ),
    *(
        Step(
            s,
            A.REJECT,
            S.REJECTED,
            LE.REFUSED,
            source_stage="",
            target_stage=Stage.REFUSED,
            reason_required=True,
        )
        for s in _DECIDABLE
    ),
    # Art. 43 para. 2: missing materials are asked for once; the application waits for them.
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
    # 法律援助法第四十四条: aid first, formalities after (a limitation period ending within seven days,
    # preservation needed at once).
    *(
        Step(
            S.SUBMITTED,
            Action.START_URGENTLY,
            S.IN_PROGRESS,
            LE.URGENT_STARTED,
            source_stage=stage,
            target_stage=Stage.HANDLING,
            reason_required=True,
        )
        for stage in ("", Stage.NOTICE_RECEIVED)
    ),
    # 法律援助法第三十六条: a criminal case notice needs no decision; the centre assigns within three days.
    Step(
        S.SUBMITTED,
        Action.RECEIVE_NOTICE,
        S.SUBMITTED,
        LE.CRIMINAL_NOTICE,
        source_stage="",
        target_stage=Stage.NOTICE_RECEIVED,
        allow_system=True,
    ),
    Step(
        S.SUBMITTED,
        Action.ASSIGN,
        S.ACCEPTED,
        LE.ASSIGNED,
        source_stage=Stage.NOTICE_RECEIVED,
        target_stage=Stage.ASSIGNED,
        policy=_ASSIGNER,
        reason_required=True,
    ),
    # Art. 43: assign within three days of granting aid (fawang/legalaid/assignment.py: the suggestion,
    # the conflict check, the assignee's answer).
    Step(
        S.ACCEPTED,
        Action.ASSIGN,
        S.ACCEPTED,
        LE.ASSIGNED,
        source_stage=Stage.APPROVED,
        target_stage=Stage.ASSIGNED,
        policy=_ASSIGNER,
        reason_required=True,
    ),
    # The assignee answers. Accepting starts the handling; after it they may not refuse without good
    # reason (art. 46), so declining is only before it, with a reason, and returns the case to the
    # centre, which must assign again (the `assign` clock starts again on the decline).
    Step(
        S.ACCEPTED,
        Action.ACCEPT_ASSIGNMENT,
        S.IN_PROGRESS,
        LE.ASSIGNMENT_ACCEPTED,
        source_stage=Stage.ASSIGNED,
        target_stage=Stage.HANDLING,
        policy=("legal_aid.answer",),
    ),
    Step(
        S.ACCEPTED,
        Action.DECLINE_ASSIGNMENT,
        S.ACCEPTED,
        LE.ASSIGNMENT_DECLINED,
        source_stage=Stage.ASSIGNED,
        target_stage=Stage.APPROVED,
        policy=("legal_aid.answer",),
        reason_required=True,
    ),
    # The centre changes the assignee, with a reason: before the answer, or while the case is handled.
    *(
        Step(
            status,
            Action.REASSIGN,
            S.ACCEPTED,
            LE.REASSIGNED,
            source_stage=stage,
            target_stage=Stage.ASSIGNED,
            policy=_ASSIGNER,
            reason_required=True,
        )
        for status, stage in ((S.ACCEPTED, Stage.ASSIGNED), (S.IN_PROGRESS, Stage.HANDLING))
    ),
    Step(S.ACCEPTED, A.START, S.IN_PROGRESS, E.STARTED, target_stage=Stage.HANDLING),
    # No shared resolve: a case is resolved by closing it on its case log with an outcome and filing
    # the closing materials (art. 50); the shared `order_resolve` is refused (Workflow.resolve,
    # docs/adr/0022), and the demo closes through `caselog.legal_aid_resolve`.
    *CASELOG_STEPS,
    # 法律援助法第四十九条: the applicant objects to a refusal before the justice bureau, which reviews it
    # within five days and upholds the refusal or orders the centre to correct it. The applicant files
    # it online from their order page, or the window, hotline or bureau records it for them.
    Step(
        S.REJECTED,
        Action.OBJECT,
        S.REOPENED,
        LE.OBJECTION_FILED,
        source_stage=Stage.REFUSED,
        target_stage=Stage.OBJECTION_REVIEW,
        policy=_OBJECTION_TAKERS,
        reason_required=True,
        applicant=True,
    ),
    Step(
        S.REOPENED,
        Action.UPHOLD_OBJECTION,
        S.ACCEPTED,
        LE.OBJECTION_UPHELD,
        source_stage=Stage.OBJECTION_REVIEW,
        target_stage=Stage.APPROVED,
        policy=_BUREAU,
        reason_required=True,
    ),
    Step(
        S.REOPENED,
        Action.DISMISS_OBJECTION,
        S.REJECTED,
        LE.OBJECTION_DISMISSED,
        source_stage=Stage.OBJECTION_REVIEW,
        target_stage=Stage.REFUSED,
        policy=_BUREAU,
        reason_required=True,
    ),
    # A bad rating reopens the closing case: the handling goes on.
    Step(
        S.REOPENED, A.START, S.IN_PROGRESS, E.STARTED, source_stage=Stage.CLOSING, target_stage=Stage.HANDLING
    ),
)


def legal_aid_workflow() -> Workflow:
    from . import api, services

    return Workflow(
        code=WORKFLOW,
        label=pgettext_lazy("workflow", "Legal aid"),
        steps=STEPS,
        stages=dict(Stage.choices),
        events=EVENTS + CASELOG_EVENTS,
        actions=ACTIONS + CASELOG_ACTIONS,
        detail_model="legalaid.LegalAidCase",
        intake_form=LegalAidIntakeForm,
        on_intake=services.legal_aid_on_intake,
        api_router=api.router,
        api_path="legal-aid",  # the path; the workflow code's stays served for older clients
        api_aliases=(WORKFLOW,),
        panel_template="legalaid/panel.html",
        extends_base=False,
        action_views=ACTION_VIEWS,
        event_data={LE.REFUSED: refusal_data},
        # 法律援助法第三十六条: a criminal case notice needs no decision (no seven-day clock of art. 43);
        # its three-day assignment clock runs for a notice only.
        clock_conditions={"decide": is_application, "assign_notice": is_criminal_notice},
        # The shared resolve gives a text, not an outcome: refused; the case log closes the case.
        resolve=ResolveHook(refuse=resolve_refusal, service=_CASELOG + "legal_aid_resolve"),
    )


__all__ = ["ANY", "STEPS", "legal_aid_workflow"]
