"""Cross-region cooperation (异地协作, issue 11 item 8; docs/adr/0018 addendum, 0022): a legal aid centre
asks another region's centre to take an application or gather evidence, by a deadline it sets.

The request is an order of its own on the `legal_aid_cooperation` workflow, made by this module
(`orders.services.order_make`) on a catalog item not offered to citizens, with the requested centre as
its handler (chosen, not routed) and the requesting centre's region as its region: `policy.can_see_order`
then shows it to exactly the two centres and the offices above either, and the requested centre finds
it in its queue as an ordinary order. Its stages: requested (submitted, no stage) → taken → done, or
declined. Its one clock, `cooperate`, runs to the deadline the requester set
(`Workflow.clock_deadlines`); the deadline is not statutory and the clock's basis says so. Past it the
sweep warns and supervises as for any clock."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy

from fawang.accounts import policy
from fawang.audit.services import audit_record
from fawang.core.errors import ErrorCollector, NotFound
from fawang.core.types import Actor
from fawang.orders.engine import order_step
from fawang.orders.enums import OrderStatus as S
from fawang.orders.models import ServiceOrder
from fawang.orders.workflow import ActionSpec, EventSpec, Owes, Step, Workflow

from .enums import (
    COOPERATION_WORKFLOW,
    WORKFLOW,
    CooperationAction,
    CooperationError,
    CooperationEvent,
    CooperationKind,
    CooperationStage,
)
from .models import CooperationRequest

ACTION = "legal_aid.cooperate"  # the policy action (fawang/accounts/policy.py)
CLOCK = "cooperate"  # the law table row of the hidden item (fawang/catalog/data/service_items.json)
NOTE_MIN, NOTE_MAX = 5, 2000
RESULT_MAX = 4000
ATTACHMENTS_NOTE_MAX = 500
DEADLINE_MAX_DAYS = 365
CENTRE_KIND = "legal_aid_centre"  # network.enums.InstitutionKind
NOTICE_RECIPIENTS_MAX = 20


# ---- the workflow ----------------------------------------------------------------------------------


class CooperationIntakeForm(forms.Form):
    """The detail row's fields as `order_make` checks them (the request service checked them first,
    each under its own name)."""

    application = forms.IntegerField()
    kind = forms.ChoiceField(choices=CooperationKind.choices)
    requesting_centre = forms.IntegerField()
    requested_centre = forms.IntegerField()
    deadline = forms.DateField()


def cooperation_on_intake(*, order: ServiceOrder, data: dict[str, Any], actor: Actor) -> None:
    CooperationRequest.objects.create(
        order=order,
        application_id=data["application"],
        kind=data["kind"],
        requesting_centre_id=data["requesting_centre"],
        requested_centre_id=data["requested_centre"],
        deadline=data["deadline"],
    )


def deadline_of(order: ServiceOrder) -> dt.date | None:
    """The last day the requesting centre set (the `cooperate` clock's, Workflow.clock_deadlines)."""
    try:
        return order.cooperation.deadline
    except CooperationRequest.DoesNotExist:
        return None


_ANSWER = (ACTION,)

EVENTS = (
    # No applicant of the public: nothing public, nothing to notify; the centres get inbox notices.
    EventSpec(CooperationEvent.TAKEN, CooperationEvent.TAKEN.label, owes=Owes.HANDLER),
    EventSpec(CooperationEvent.DECLINED, CooperationEvent.DECLINED.label, owes=Owes.NOBODY),
    EventSpec(CooperationEvent.DONE, CooperationEvent.DONE.label, owes=Owes.NOBODY),
    EventSpec(CooperationEvent.WITHDRAWN, CooperationEvent.WITHDRAWN.label, owes=Owes.NOBODY),
)

ACTIONS = (
    ActionSpec(CooperationAction.TAKE, CooperationAction.TAKE.label, takes=()),
    ActionSpec(CooperationAction.DECLINE, CooperationAction.DECLINE.label),
    ActionSpec(
        CooperationAction.REPORT_DONE,
        CooperationAction.REPORT_DONE.label,
        takes=("resolution",),
        service="fawang.legalaid.cooperation.cooperation_report_done",
    ),
    # The requesting centre's, from its application's cooperation page: not offered on the order page
    # of the centre that handles the request.
    ActionSpec(
        CooperationAction.WITHDRAW,
        CooperationAction.WITHDRAW.label,
        service="fawang.legalaid.cooperation.cooperation_withdraw",
        offered=False,
    ),
)

STEPS = (
    Step(
        S.SUBMITTED,
        CooperationAction.TAKE,
        S.IN_PROGRESS,
        CooperationEvent.TAKEN,
        source_stage="",
        target_stage=CooperationStage.TAKEN,
        policy=_ANSWER,
    ),
    Step(
        S.SUBMITTED,
        CooperationAction.DECLINE,
        S.REJECTED,
        CooperationEvent.DECLINED,
        source_stage="",
        target_stage=CooperationStage.DECLINED,
        policy=_ANSWER,
        reason_required=True,
    ),
    Step(
        S.IN_PROGRESS,
        CooperationAction.REPORT_DONE,
        S.CLOSED,
        CooperationEvent.DONE,
        source_stage=CooperationStage.TAKEN,
        target_stage=CooperationStage.DONE,
        policy=_ANSWER,
        reason_required=True,
    ),
    # Withdrawn by the requesting centre before it is taken. The request sits with the other centre,
    # so the engine asks only that the actor sees it ("order.view"); `cooperation_withdraw`, the one
    # way to take this step, narrows it to who may act on the application where it sits.
    Step(
        S.SUBMITTED,
        CooperationAction.WITHDRAW,
        S.CLOSED,
        CooperationEvent.WITHDRAWN,
        source_stage="",
        target_stage=CooperationStage.WITHDRAWN,
        policy=("order.view",),
        reason_required=True,
    ),
)


def cooperation_workflow() -> Workflow:
    return Workflow(
        code=COOPERATION_WORKFLOW,
        label=pgettext_lazy("workflow", "Legal aid cooperation"),
        steps=STEPS,
        stages=dict(CooperationStage.choices),
        events=EVENTS,
        actions=ACTIONS,
        detail_model="legalaid.CooperationRequest",
        intake_form=CooperationIntakeForm,
        on_intake=cooperation_on_intake,
        panel_template="legalaid/cooperation_panel.html",
        extends_base=False,
        clock_deadlines={CLOCK: deadline_of},
    )


# ---- reads -----------------------------------------------------------------------------------------


def centres_to_ask(application: ServiceOrder) -> list[Any]:
    """The active legal aid centres other than the application's own, by region code."""
    from fawang.network.models import Institution

    return list(
        Institution.objects.filter(kind=CENTRE_KIND, is_active=True)
        .exclude(pk=application.assigned_institution_id or 0)
        .select_related("region")
        .order_by("region__code", "name")
    )


def requests_for(actor: Actor, application: ServiceOrder) -> list[CooperationRequest]:
    """The cooperation requests made for `application` that the actor may see, newest first."""
    visible = policy.scope_orders(actor, ServiceOrder.objects.filter(workflow=COOPERATION_WORKFLOW))
    return list(
        CooperationRequest.objects.filter(application=application, order__in=visible)
        .select_related("order", "requested_centre", "requesting_centre")
        .order_by("-order__submitted_at")
    )


def request_rows(actor: Actor, application: ServiceOrder) -> list[dict[str, Any]]:
    """`requests_for` with each request's state in words and whether it is past its deadline."""
    from fawang.orders.engine import status_text
    from fawang.orders.urgency import is_overdue

    now = timezone.now()
    return [
        {"row": r, "status": status_text(r.order), "overdue": is_overdue(r.order, now)}
        for r in requests_for(actor, application)
    ]


def can_request(actor: Actor, application: ServiceOrder) -> bool:
    return application.workflow == WORKFLOW and policy.can_act_on_order(actor, ACTION, application)


# ---- writes ----------------------------------------------------------------------------------------


def cooperation_request(
    *,
    actor: Actor,
    application: str,
    requested_centre: int | str | None,
    kind: str,
    deadline: dt.date | None,
    note: str,
    now: dt.datetime | None = None,
) -> CooperationRequest:
    """Ask another region's legal aid centre to take `application` (a tracking number) or gather
    evidence for it by `deadline`. Every field is checked first (each error names its field, nothing
    is saved); the request is an order made for the requesting centre and handled by the requested
    one, with its audit entry and an inbox notice to the requested centre's staff."""
    from fawang.catalog.models import ServiceItem
    from fawang.network.models import Institution
    from fawang.orders import routing
    from fawang.orders.services import order_make

    policy.require_action(actor, ACTION)
    now = now or timezone.now()
    today = timezone.localtime(now).date()
    errors = ErrorCollector()
    app = (
        policy.scope_orders(actor, ServiceOrder.objects.all())
        .select_related("assigned_institution__region")
        .filter(tracking_no=(application or "").strip().upper(), workflow=WORKFLOW)
        .first()
    )
    requesting = None
    if app is None or not policy.can_act_on_order(actor, ACTION, app):
        errors.add(
            "application",
            CooperationError.APPLICATION_UNKNOWN,
            _("No legal aid application with this tracking number is handled at your place."),
        )
    else:
        requesting = app.assigned_institution
        if requesting is None or requesting.kind != CENTRE_KIND:
            errors.add(
                "application",
                CooperationError.NO_CENTRE,
                _("This application does not sit with a legal aid centre."),
            )
    centre = None
    try:
        centre_id = int(requested_centre) if requested_centre not in (None, "") else None
    except (TypeError, ValueError):
        centre_id = None
    if centre_id is None:
        errors.add("requested_centre", "required", _("Choose the legal aid centre to ask."))
    else:
        centre = (
            Institution.objects.select_related("region")
            .filter(pk=centre_id, kind=CENTRE_KIND, is_active=True)
            .first()
        )
        if centre is None:
            errors.add("requested_centre", CooperationError.CENTRE_UNKNOWN, _("No such legal aid centre."))
        elif requesting is not None and centre.pk == requesting.pk:
            errors.add(
                "requested_centre",
                CooperationError.OWN_CENTRE,
                _("Ask another region's centre: this application already sits with your centre."),
            )
    if kind not in CooperationKind.values:
        errors.add("kind", "invalid_choice", _("Choose one of the listed kinds."))
    if deadline is None:
        errors.add("deadline", "required", _("Give the deadline."))
    elif deadline <= today:
        errors.add("deadline", CooperationError.DEADLINE_PAST, _("The deadline must be after today."))
    elif deadline > today + dt.timedelta(days=DEADLINE_MAX_DAYS):
        errors.add(
            "deadline",
            CooperationError.DEADLINE_TOO_FAR,
            _("The deadline may be at most %(n)s days ahead.") % {"n": DEADLINE_MAX_DAYS},
        )
    text = (note or "").strip()
    if len(text) < NOTE_MIN:
        errors.add(
            "note",
            "required",
            _("Say what you ask of the other centre, in at least %(n)s characters.") % {"n": NOTE_MIN},
        )
    elif len(text) > NOTE_MAX:
        errors.add("note", "max_length", _("At most %(n)s characters.") % {"n": NOTE_MAX})
    item = ServiceItem.objects.filter(code=COOPERATION_WORKFLOW, is_active=True).first()
    if item is None and not errors.errors:
        errors.add(None, CooperationError.CENTRE_UNKNOWN, _("Cooperation requests are not set up."))
    errors.raise_if_any()
    assert app is not None and requesting is not None and centre is not None and item is not None
    assert deadline is not None
    with transaction.atomic():
        order = order_make(
            actor=actor,
            service_item=item,
            region=requesting.region,
            description=text,
            handler=routing.decision_for_place(institution=centre),
            reason=_("Asked by %(centre)s (cross-region cooperation)") % {"centre": requesting.name},
            applicant_name=requesting.name,
            language=app.language,
            details={
                "application": app.pk,
                "kind": kind,
                "requesting_centre": requesting.pk,
                "requested_centre": centre.pk,
                "deadline": deadline.isoformat(),
            },
            now=now,
        )
        row = CooperationRequest.objects.get(order=order)
        audit_record(
            actor=actor,
            action="legal_aid.cooperation_request",
            entity=row,
            before=None,
            after={
                "order": order.tracking_no,
                "application": app.tracking_no,
                "kind": kind,
                "requesting_centre": requesting.pk,
                "requested_centre": centre.pk,
                "deadline": deadline.isoformat(),
            },
        )
        _notify_centre(
            centre.pk,
            order,
            _("Cooperation request from %(centre)s") % {"centre": requesting.name},
            _("%(kind)s for application %(no)s, by %(deadline)s. Request %(request)s is in your queue.")
            % {
                "kind": CooperationKind(kind).label,
                "no": app.tracking_no,
                "deadline": deadline.isoformat(),
                "request": order.tracking_no,
            },
        )
    return row


def cooperation_report_done(
    *, actor: Actor, order: ServiceOrder, resolution: str, attachments_note: str = ""
) -> ServiceOrder:
    """The requested centre reports the request done with its result (encrypted at rest) and a note of
    the materials it sends; the order is closed and its clock stopped, the requesting centre told."""
    row = _row(order)
    result = (resolution or "").strip()
    note = (attachments_note or "").strip()
    errors = ErrorCollector()
    if not result:
        errors.add("resolution", "required", _("Write down the result."))
    elif len(result) > RESULT_MAX:
        errors.add("resolution", "max_length", _("At most %(n)s characters.") % {"n": RESULT_MAX})
    if len(note) > ATTACHMENTS_NOTE_MAX:
        errors.add(
            "attachments_note", "max_length", _("At most %(n)s characters.") % {"n": ATTACHMENTS_NOTE_MAX}
        )
    errors.raise_if_any()

    def record(order: ServiceOrder, at: dt.datetime) -> None:
        row.result, row.attachments_note = result, note
        row.save(update_fields=["result", "attachments_note", "updated_at"])
        audit_record(
            actor=actor,
            action="legal_aid.cooperation_done",
            entity=row,
            before=None,
            after={"order": order.tracking_no, "result_chars": len(result), "attachments_note": note},
        )

    # The result may name people: it stays in the encrypted column, the event says only that it is done.
    return order_step(
        actor=actor,
        order=order,
        action=CooperationAction.REPORT_DONE,
        reason=_("Result recorded (%(n)s characters).") % {"n": len(result)},
        changes=lambda at: {"resolved_at": at, "closed_at": at},
        data={"late": bool(order.due_at and timezone.now() > order.due_at)},
        after=record,
    )


def cooperation_withdraw(*, actor: Actor, order: ServiceOrder, reason: str) -> ServiceOrder:
    """The requesting centre withdraws its request before the requested centre takes it, with a
    reason: the order is closed with a withdrawal event (its clock stopped, the step audited by the
    engine) and the requested centre's staff are told. Refused (403) to anyone who may not act on the
    application where it sits, the requested centre included; once taken, refused as a step the order
    is not open to."""
    from fawang.core.errors import Forbidden

    row = (
        CooperationRequest.objects.select_related("application", "requesting_centre")
        .filter(order=order)
        .first()
    )
    if row is None or not policy.can_see_order(actor, order):
        raise NotFound("order_not_found", _("No such service order."), "tracking_no")
    if not can_request(actor, row.application):
        raise Forbidden(
            CooperationError.NOT_REQUESTER,
            _("Only the centre that asked for this cooperation can withdraw the request."),
            None,
        )

    def tell(order: ServiceOrder, at: dt.datetime) -> None:
        _notify_centre(
            row.requested_centre_id,
            order,
            _("Cooperation request %(no)s withdrawn") % {"no": order.tracking_no},
            _("%(centre)s withdrew its request for application %(app)s. %(reason)s")
            % {
                "centre": row.requesting_centre.name,
                "app": row.application.tracking_no,
                "reason": (reason or "").strip(),
            },
        )

    return order_step(
        actor=actor,
        order=order,
        action=CooperationAction.WITHDRAW,
        reason=reason,
        changes=lambda at: {"closed_at": at},
        after=tell,
    )


def withdrawable(actor: Actor, application: ServiceOrder) -> list[CooperationRequest]:
    """The requests made for `application` that `actor` may still withdraw (not yet taken)."""
    if not can_request(actor, application):
        return []
    return [
        r for r in requests_for(actor, application) if r.order.status == S.SUBMITTED and not r.order.stage
    ]


def _row(order: ServiceOrder) -> CooperationRequest:
    row = CooperationRequest.objects.filter(order=order).first()
    if row is None:
        raise NotFound("order_not_found", _("No such service order."), "tracking_no")
    return row


def cooperation_on_answer(*, order: ServiceOrder, event: Any, actor: Actor, now: dt.datetime) -> None:
    """Tell the requesting centre's staff that its request was taken, declined or done (subscribed to
    the three events, inside their transaction)."""
    from fawang.orders.enums import EventKind
    from fawang.orders.models import OrderEvent

    row = CooperationRequest.objects.select_related("application", "requested_centre").get(order=order)
    asked_by = (
        OrderEvent.objects.filter(order=order, kind=EventKind.SUBMITTED)
        .values_list("actor_id", flat=True)
        .first()
    )
    _notify_centre(
        row.requesting_centre_id,
        order,
        _("Cooperation request %(no)s: %(event)s")
        % {"no": order.tracking_no, "event": CooperationEvent(event.kind).label},
        _("%(centre)s answered your request for application %(app)s. %(reason)s")
        % {"centre": row.requested_centre.name, "app": row.application.tracking_no, "reason": event.reason},
        also=asked_by,
    )


def _notify_centre(
    institution_id: int, order: ServiceOrder, title: str, body: str, also: int | None = None
) -> None:
    """An inbox message to (at most 20 of) the active staff of a centre, and to `also` (the person who
    asked, who may work for the county rather than the centre itself)."""
    from fawang.accounts.enums import UserKind
    from fawang.accounts.models import User
    from fawang.notify.models import InboxMessage

    staff = (
        User.objects.filter(kind=UserKind.STAFF, is_active=True, jurisdiction_institution_id=institution_id)
        .order_by("pk")
        .values_list("pk", flat=True)[:NOTICE_RECIPIENTS_MAX]
    )
    recipients = list(dict.fromkeys([*staff, *([also] if also else [])]))
    InboxMessage.objects.bulk_create(
        [
            InboxMessage(recipient_id=pk, order=order, title=str(title)[:200], body=str(body))
            for pk in recipients
        ]
    )
