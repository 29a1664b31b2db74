"""The workflow engine: the one place an order's status or stage changes and an event is written
(docs/adr/0007, docs/adr/0011).

`order_step` runs a step of the order's workflow: the table lookup, the actor's jurisdiction and role,
a conditional UPDATE on status *and* stage (of two clerks acting at once exactly one wins, and the
other is told who), the event, the audit entry, the clocks the law ties to that event, the applicant's
notice and the in-transaction subscribers of other apps. `order_event_add` writes an event that
changes no status (a rating, a supervision answer) with the same notices, clocks and subscribers.
`machine_step` is the same conditional step for any other model with a status (feedback's reviews),
without the order's events and clocks.

Service modules call these; they never write `OrderEvent` rows or a status column themselves."""

from __future__ import annotations

import datetime as dt
import inspect
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import partial
from typing import TYPE_CHECKING, Any

from django.db import DEFAULT_DB_ALIAS, connections, models, transaction
from django.db.models import sql
from django.utils import timezone
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _

from fawang.accounts import policy
from fawang.core.bulk import bulk_insert
from fawang.core.context import current_meta
from fawang.core.errors import Conflict, FieldError, Forbidden, NotFound, ValidationFailed
from fawang.core.types import Actor

from . import routing, workflow
from .clock import (
    ClockChanges,
    clock_changes,
    clock_events,
    clocks_insert,
    clocks_insert_sql,
    running_clocks,
)
from .enums import OPEN_STATUSES, ErrorCode, OrderStatus
from .models import OrderClock, OrderEvent, ServiceOrder
from .workflow import Step

if TYPE_CHECKING:
    from fawang.audit.services import AuditItem

TEXT_MAX = 5000  # reasons, resolutions, answers, supervision responses


# ---- small helpers ---------------------------------------------------------------------------------


def is_user(actor: Actor) -> bool:
    return actor is not None and getattr(actor, "pk", None) is not None


def actor_label(actor: Actor) -> str:
    if actor is None:
        return _("Fawang (automatic)")
    if policy.is_staff_actor(actor):
        return actor.display_name or actor.username
    return _("Applicant")


def local_text(value: dt.datetime | None) -> str:
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M") if value else ""


def order_snapshot(order: ServiceOrder) -> dict[str, Any]:
    """What the audit trail records of an order before and after a change (no personal numbers)."""
    return {
        "status": order.status,
        "stage": order.stage,
        "assigned_point": order.assigned_point_id,
        "assigned_institution": order.assigned_institution_id,
        "assigned_practitioner": order.assigned_practitioner_id,
        "handler_region_path": order.handler_region_path,
        "accepted_by": order.accepted_by_id,
        "due_at": order.due_at,
        "warn_at": order.warn_at,
        "suspended_at": order.suspended_at,
        "resolved_at": order.resolved_at,
    }


def audit(
    *, actor: Actor, action: str, entity: models.Model, before: dict | None, after: dict | None
) -> None:
    from fawang.audit.services import audit_record

    audit_record(
        actor=actor if is_user(actor) else None, action=action, entity=entity, before=before, after=after
    )


def require_text(value: str, field: str, code: str, message: str) -> str:
    text = (value or "").strip()
    if not text:
        raise ValidationFailed([FieldError(code, message, field)])
    if len(text) > TEXT_MAX:
        raise ValidationFailed(
            [
                FieldError(
                    ErrorCode.DESCRIPTION_TOO_LONG, _("At most %(n)d characters.") % {"n": TEXT_MAX}, field
                )
            ]
        )
    return text


def handler_name(order: ServiceOrder) -> str:
    """The name of the place the order is assigned to now."""
    place = order.assigned_place
    return place.name if place else ""


def handler_key(order: ServiceOrder) -> str | None:
    return routing.handler_key(point_id=order.assigned_point_id, institution_id=order.assigned_institution_id)


def after_commit_load(key: str | None, delta: int) -> None:
    if key:
        transaction.on_commit(partial(routing.adjust_load, key, delta))


# ---- events ----------------------------------------------------------------------------------------


def new_event(
    order: ServiceOrder,
    kind: str,
    *,
    actor: Actor,
    now: dt.datetime,
    from_status: str = "",
    to_status: str = "",
    reason: str = "",
    data: dict | None = None,
    channel: str | None = None,
) -> OrderEvent:
    """An unsaved event; `events_save` writes it. Whether the applicant sees it comes from its kind's
    declaration (fawang/orders/workflow.py)."""
    spec = workflow.event_spec(kind)
    return OrderEvent(
        order=order,
        kind=kind,
        from_status=from_status,
        to_status=to_status,
        actor=actor if is_user(actor) else None,
        actor_label=actor_label(actor),
        channel=channel or current_meta().channel,
        reason=reason,
        data=data or {},
        is_public=bool(spec and spec.public),
        created_at=now,
    )


def _insert_sql(objs: Sequence[Any]) -> tuple[str, list[Any]]:
    """The INSERT ... RETURNING id that bulk_create would send for `objs` (new rows of one model)."""
    model = type(objs[0])
    for obj in objs:
        obj._prepare_related_fields_for_save(operation_name="bulk_create")
    query = sql.InsertQuery(model)
    query.insert_values([f for f in model._meta.concrete_fields if not f.primary_key], list(objs))
    # The connection itself, not the `django.db.connection` proxy: the compiler reads it dozens of
    # times per row, and each read through the proxy is a context-local lookup.
    compiler = query.get_compiler(connection=connections[DEFAULT_DB_ALIAS])
    compiler.returning_fields = [model._meta.pk]
    ((statement, params),) = compiler.as_sql()
    return statement, list(params)


def _insert_together(first: Sequence[OrderClock], events: list[OrderEvent]) -> None:
    """Write `first` (an intake's clocks) and `events` in one statement on PostgreSQL, where a
    data-modifying CTE runs both INSERTs in one round trip: intake pays for its clock rows without a
    fifth statement (docs/adr/0011). Elsewhere, one after the other. The clocks' ids are not read back
    (nothing in the intake uses them again)."""
    db = connections[DEFAULT_DB_ALIAS]
    if not (first and events and db.vendor == "postgresql"):
        clocks_insert(list(first))
        _events_insert(events)
        return
    for clock in first:
        clock.order_id = clock.order.pk
    rows_sql, rows_params = clocks_insert_sql(first)
    events_sql, events_params = _insert_sql(events)
    with db.cursor() as cursor:
        cursor.execute(f"WITH written AS ({rows_sql}) {events_sql}", [*rows_params, *events_params])
        ids = [row[0] for row in cursor.fetchall()]
    for event, pk in zip(events, ids, strict=True):
        event.pk = pk
        event._state.adding, event._state.db = False, db.alias


def _events_insert(events: list[OrderEvent]) -> None:
    if len(events) == 1:
        events[0].save(force_insert=True)
    elif events:
        bulk_insert(events)  # the sweep's and the recount's batches: one JSON document (fawang.core.bulk)


def events_save(
    events: Sequence[OrderEvent],
    *,
    actors: Sequence[Actor] | None = None,
    with_rows: Sequence[OrderClock] = (),
) -> list[OrderEvent]:
    """Write `events` (of one order or many) in one INSERT, hand the events of kinds that notify the
    applicant to the notice senders (fawang.notify) in one call, and run each kind's subscribers, in
    event order, inside the caller's transaction. `with_rows` (new rows of one other model: intake's first clocks)
    are written in the same statement where the database allows.
    Clocks are the caller's business (`order_event_add` and `order_step` apply them)."""
    events = list(events)
    _insert_together(with_rows, events)
    notifying = [e for e in events if (spec := workflow.event_spec(e.kind)) is not None and spec.notifies]
    if notifying:
        for send in workflow.notice_senders():
            send(events=notifying)  # the whole batch at once: one outbox INSERT (docs/adr/0017)
    for n, event in enumerate(events):
        for handler in workflow.subscribers(event.kind):
            handler(
                order=event.order,
                event=event,
                actor=actors[n] if actors else event.actor,
                now=event.created_at,
            )
    return events


def _owes_field(kind: str) -> dict[str, Any]:
    spec = workflow.event_spec(kind)
    return {"awaiting": spec.owes} if spec is not None and spec.owes is not None else {}


def _touches_clocks(order: ServiceOrder, kind: str, *, from_status: str, to_status: str) -> bool:
    spec = workflow.event_spec(kind)
    return bool(
        (spec and (spec.pauses_clocks or spec.resumes_clocks))
        or (from_status in OPEN_STATUSES and to_status not in OPEN_STATUSES)
        or kind in clock_events(order.service_item)
    )


def _clocks_for(
    order: ServiceOrder, kind: str, *, now: dt.datetime, from_status: str, to_status: str
) -> ClockChanges:
    """The clock changes of event `kind`; reads (and locks) the running clocks only when the event can
    touch them. Callers lock the order row first: every writer takes the order, then its clocks."""
    if not _touches_clocks(order, kind, from_status=from_status, to_status=to_status):
        return ClockChanges()
    spec = workflow.event_spec(kind)
    pauses = bool(spec and spec.pauses_clocks)
    resumes = bool(spec and spec.resumes_clocks)
    return clock_changes(
        order,
        kind,
        now=now,
        to_status=to_status,
        running=running_clocks(order),
        pauses=pauses,
        resumes=resumes,
    )


def order_event_add(
    order: ServiceOrder,
    kind: str,
    *,
    actor: Actor,
    now: dt.datetime | None = None,
    reason: str = "",
    data: dict | None = None,
    channel: str | None = None,
) -> OrderEvent:
    """Write an event that does not change the order's status (a rating, a supervision answer, a
    module's own record), with its clocks, notice and subscribers, in the caller's transaction."""
    now = now or timezone.now()
    with transaction.atomic():
        if _touches_clocks(order, kind, from_status=order.status, to_status=order.status):
            # Lock the order before its clocks, as every writer does (no deadlock between two of them).
            ServiceOrder.objects.select_for_update().filter(pk=order.pk).values_list("pk", flat=True).first()
        clocks = _clocks_for(order, kind, now=now, from_status=order.status, to_status=order.status)
        fields = {**clocks.order_fields, **_owes_field(kind)}
        if fields:
            ServiceOrder.objects.filter(pk=order.pk).update(**fields)
            for name, value in fields.items():
                setattr(order, name, value)
        clocks.save()
        event = new_event(
            order,
            kind,
            actor=actor,
            now=now,
            from_status=order.status,
            to_status=order.status,
            reason=reason,
            data={**(data or {}), **_module_data(order, kind, reason=reason, actor=actor, now=now)},
            channel=channel,
        )
        events_save([event], actors=[actor])
    return event


@dataclass
class PendingWrites:
    """Events and audit entries collected by batch work (the sweep, the recount) and written by
    `flush` in one INSERT each."""

    events: list[OrderEvent] = field(default_factory=list)
    audits: list[AuditItem] = field(default_factory=list)

    def event(self, order: ServiceOrder, kind: str, **kwargs: Any) -> None:
        self.events.append(new_event(order, kind, **kwargs))

    def audit(
        self, *, actor: Actor, action: str, entity: models.Model, before: dict | None, after: dict | None
    ) -> None:
        from fawang.audit.services import AuditItem

        self.audits.append(AuditItem(actor if is_user(actor) else None, action, entity, before, after))

    def flush(self) -> None:
        from fawang.audit.services import audit_record_many

        events_save(self.events)
        audit_record_many(self.audits)
        self.events, self.audits = [], []


# ---- steps -----------------------------------------------------------------------------------------


def check_actor(actor: Actor, order: ServiceOrder, step: Step | None) -> None:
    """Jurisdiction first (outside it the order does not exist for the actor: NotFound), then the
    role, then whether the order sits with the actor's place."""
    if actor is None:
        if step is not None and step.allow_system:
            return
        raise Forbidden("permission_denied", _("Only a member of staff can do this."), None)
    if not policy.can_see_order(actor, order):
        raise NotFound(ErrorCode.ORDER_NOT_FOUND, _("No such service order."), "tracking_no")
    if step is not None and step.applicant and is_own_applicant(actor, order):
        return  # the applicant's own step (an objection to a refusal): no role, no place
    if not policy.is_staff_actor(actor) or (
        step is not None and not any(policy.has_action(actor, p) for p in step.policy)
    ):
        raise Forbidden("permission_denied", _("Your role does not allow this action."), None)
    if step is not None and not any(policy.can_act_on_order(actor, p, order) for p in step.policy):
        raise Forbidden(
            ErrorCode.ORDER_ELSEWHERE,
            _("This order is handled by %(place)s: only staff there, or above them, can act on it.")
            % {"place": handler_name(order) or _("another place")},
            None,
        )


def is_own_applicant(actor: Actor, order: ServiceOrder) -> bool:
    """The actor is a signed-in citizen whose order this is (policy.can_see_order of a citizen: filed
    from their account, or for the phone they verified)."""
    return bool(getattr(actor, "is_citizen", False)) and policy.can_see_order(actor, order)


def applicant_steps(actor: Actor, order: ServiceOrder) -> list[Step]:
    """The steps the order's own applicant may take on it now (none for anybody else)."""
    if not is_own_applicant(actor, order):
        return []
    return [s for s in workflow.steps_from(order.workflow, order.status, order.stage) if s.applicant]


def actions_open_to(actor: Actor, order: ServiceOrder) -> list[str]:
    """The actions `actor` may take on `order` now, in the registry's order: a member of staff those
    whose step their role and place allow (as `check_actor`), the order's applicant their own steps."""
    steps = {s.action: s for s in workflow.steps_from(order.workflow, order.status, order.stage)}
    own = is_own_applicant(actor, order)
    staff = policy.is_staff_actor(actor)
    return [
        name
        for name in workflow.action_names()
        if name in steps
        and (
            (own and steps[name].applicant)
            or (staff and any(policy.can_act_on_order(actor, p, order) for p in steps[name].policy))
        )
    ]


def _module_data(
    order: ServiceOrder, kind: str, *, reason: str, actor: Actor, now: dt.datetime
) -> dict[str, Any]:
    """The structured data the order's workflow adds to events of `kind` (Workflow.event_data)."""
    build = workflow.event_data_for(order.workflow, kind)
    return dict(build(order=order, reason=reason, actor=actor, now=now)) if build else {}


def step_of(order: ServiceOrder, action: str) -> Step | None:
    return workflow.step_for(order.workflow, order.status, order.stage, action)


def conflict(order: ServiceOrder, action: str) -> Conflict:
    """Explain why a conditional update matched no row: somebody else changed the order first."""
    from .enums import TransitionAction

    current = ServiceOrder.objects.filter(pk=order.pk).select_related("accepted_by").first()
    if current is None:
        return Conflict(ErrorCode.ORDER_NOT_FOUND, _("No such service order."), "tracking_no")
    if action == TransitionAction.ACCEPT and current.accepted_by_id:
        return Conflict(
            ErrorCode.ALREADY_ACCEPTED,
            _("%(name)s already accepted this order at %(time)s.")
            % {"name": actor_label(current.accepted_by), "time": local_text(current.accepted_at)},
            "status",
        )
    return Conflict(
        ErrorCode.ORDER_CHANGED,
        _("Someone changed this order meanwhile: it is now “%(status)s”. Reload it and try again.")
        % {"status": status_text(current)},
        "status",
    )


def status_text(order: ServiceOrder) -> str:
    """The status, and the module's stage inside it when there is one."""
    label = str(OrderStatus(order.status).label)
    stage = workflow.stage_label(order.workflow, order.stage)
    return f"{label} · {stage}" if stage else label


def _not_allowed(order: ServiceOrder, action: str) -> Conflict:
    return Conflict(
        ErrorCode.TRANSITION_NOT_ALLOWED,
        _("An order that is “%(status)s” cannot be given the action “%(action)s”.")
        % {"status": status_text(order), "action": workflow.action_label(order.workflow, action)},
        "action",
    )


def order_step(
    *,
    actor: Actor,
    order: ServiceOrder,
    action: str,
    reason: str = "",
    changes: Callable[[dt.datetime], dict[str, Any]] | None = None,
    expect: dict[str, Any] | None = None,
    data: Callable[[dict[str, Any]], dict[str, Any]] | dict[str, Any] | None = None,
    after: Callable[[ServiceOrder, dt.datetime], None] | None = None,
    now: dt.datetime | None = None,
) -> ServiceOrder:
    """Take step `action` of the order's workflow: table lookup, policy, conditional UPDATE on status
    and stage, clocks, event, audit, notice and subscribers, in one transaction.

    `changes(now)` gives the other columns to set; `expect` adds columns the UPDATE must still find as
    the actor saw them (transfer: the current assignee); `after` runs inside the transaction once the
    row changed."""
    step = step_of(order, action)
    check_actor(actor, order, step)
    if step is None:
        from .enums import TransitionAction

        if action == TransitionAction.ACCEPT and order.accepted_by_id:
            raise conflict(order, action)
        raise _not_allowed(order, action)
    if step.reason_required:
        reason = require_text(reason, "reason", ErrorCode.REASON_REQUIRED, _("Give a reason."))
    else:
        reason = (reason or "").strip()[:TEXT_MAX]

    with transaction.atomic():
        now = now or timezone.now()
        from_status, from_stage = order.status, order.stage
        fields: dict[str, Any] = {
            "status": step.target,
            "updated_at": now,
            **(changes(now) if changes else {}),
        }
        if step.target_stage is not None:
            fields["stage"] = step.target_stage
        fields.update(_owes_field(step.event))
        before = order_snapshot(order)
        # The conditional UPDATE decides who wins and locks the order; its clocks are locked after it.
        matched = ServiceOrder.objects.filter(
            pk=order.pk, status=from_status, stage=from_stage, **(expect or {})
        ).update(**fields)
        if matched != 1:
            raise conflict(order, action)
        for name, value in fields.items():
            setattr(order, name, value)
        clocks = _clocks_for(order, step.event, now=now, from_status=from_status, to_status=step.target)
        if clocks.order_fields:
            ServiceOrder.objects.filter(pk=order.pk).update(**clocks.order_fields)
            for name, value in clocks.order_fields.items():
                setattr(order, name, value)
            fields.update(clocks.order_fields)
        clocks.save()
        event_data = data(fields) if callable(data) else dict(data or {})
        event_data.update(_module_data(order, step.event, reason=reason, actor=actor, now=now))
        if step.target_stage is not None and step.target_stage != from_stage:
            event_data.update({"from_stage": from_stage, "to_stage": step.target_stage})
        event = new_event(
            order,
            step.event,
            actor=actor,
            now=now,
            from_status=from_status,
            to_status=step.target,
            reason=reason,
            data=event_data,
        )
        audit(actor=actor, action=f"order.{action}", entity=order, before=before, after=order_snapshot(order))
        if from_status in OPEN_STATUSES and step.target not in OPEN_STATUSES:
            after_commit_load(handler_key(order), -1)
        elif from_status not in OPEN_STATUSES and step.target in OPEN_STATUSES:
            after_commit_load(handler_key(order), +1)
        if after:
            after(order, now)
        events_save([event], actors=[actor])
    return order


def order_act(*, actor: Actor, order: ServiceOrder, action: str, **fields: Any) -> ServiceOrder:
    """Apply `action` by name with the fields a person gave (the order page, the API): the action's own
    service when it declares one, else the generic step with a reason."""
    spec = workflow.action_spec(action)
    if spec is None or not spec.offered:
        raise ValidationFailed(
            [
                FieldError(
                    ErrorCode.ACTION_UNKNOWN,
                    _("Unknown action. Use one of: %(actions)s.")
                    % {"actions": ", ".join(workflow.action_names())},
                    "action",
                )
            ]
        )
    if spec.service is None:
        service: Callable[..., ServiceOrder] = partial(order_step, action=action)
    elif isinstance(spec.service, str):
        service = import_string(spec.service)
    else:
        service = spec.service
    try:
        inspect.signature(service).bind(actor=actor, order=order, **fields)
    except TypeError as exc:
        # A missing or unexpected field from the API is the caller's mistake, not a server error.
        raise ValidationFailed(
            [
                FieldError(
                    ErrorCode.REQUIRED, _("Wrong fields for this action: %(detail)s") % {"detail": exc}, None
                )
            ]
        ) from None
    return service(actor=actor, order=order, **fields)


# ---- any other model with a status -----------------------------------------------------------------


@dataclass(frozen=True)
class Machine:
    """A transition table over any model with a status column (and optionally a stage column), run by
    `machine_step`: feedback's reviews use it. `authorize(actor, obj, action)` raises when the actor may
    not take the step; `snapshot(obj)` is what the audit trail records; `entity` names audit actions."""

    model: type[Any]  # a model class: Any, as `objects` is each model's own (Model declares none)
    steps: tuple[Step, ...]
    entity: str
    authorize: Callable[[Actor, Any, str], None]
    snapshot: Callable[[Any], dict[str, Any]]
    not_allowed: Callable[[Any, str], Exception]
    status_field: str = "status"
    stage_field: str = ""

    def step_for(self, obj: Any, action: str) -> Step | None:
        status = getattr(obj, self.status_field)
        stage = getattr(obj, self.stage_field) if self.stage_field else ""
        for step in self.steps:
            if step.action == action and step.source == status and step.source_stage in (workflow.ANY, stage):
                return step
        return None


def machine_step(
    machine: Machine,
    *,
    actor: Actor,
    obj: Any,
    action: str,
    changes: Callable[[dt.datetime], dict[str, Any]] | None = None,
    now: dt.datetime | None = None,
) -> Any:
    """Take `action` on `obj`: authorize, look the step up, one conditional UPDATE on status (and
    stage), audit; in the caller's transaction or its own. Of two concurrent steps one wins and the
    other gets `machine.not_allowed` for the state it now finds."""
    with transaction.atomic():
        now = now or timezone.now()
        current = machine.model.objects.select_for_update().get(pk=obj.pk)
        step = machine.step_for(current, action)
        machine.authorize(actor, current, action)
        if step is None:
            raise machine.not_allowed(current, action)
        before = machine.snapshot(current)
        fields: dict[str, Any] = {machine.status_field: step.target, **(changes(now) if changes else {})}
        if machine.stage_field and step.target_stage is not None:
            fields[machine.stage_field] = step.target_stage
        where = {"pk": obj.pk, machine.status_field: getattr(current, machine.status_field)}
        if machine.stage_field:
            where[machine.stage_field] = getattr(current, machine.stage_field)
        if machine.model.objects.filter(**where).update(**fields) != 1:  # pragma: no cover - row locked
            raise machine.not_allowed(current, action)
        for name, value in fields.items():
            setattr(current, name, value)
        audit(
            actor=actor,
            action=f"{machine.entity}.{action}",
            entity=current,
            before=before,
            after=machine.snapshot(current),
        )
    return current
