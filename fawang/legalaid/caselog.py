"""Handling and closing a legal aid case (issue 11, item 5): the case log, the closing with its outcome
(法律援助法第四十八条 for a termination) and the closing materials of 第五十条, within the limit the
law table sets for them (`closing_materials`: configuration, see its legal basis). Filing the materials
resolves the order, so the applicant rates the service through the shared evaluation (fawang/feedback
subscribes to "resolved"); nothing here forks it.

Who writes: the assigned practitioner or the centre, i.e. whoever may `order.handle` the order where
it sits (`policy.can_act_on_order`: a practitioner reaches the orders assigned to them, the centre's
staff those of their institution or place)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from fawang.accounts import policy
from fawang.audit.services import audit_record
from fawang.core.errors import ErrorCollector, FieldError, Forbidden, NotFound, ValidationFailed
from fawang.core.types import Actor
from fawang.orders.engine import actor_label, order_event_add, order_step
from fawang.orders.enums import OrderStatus
from fawang.orders.models import OrderClock, ServiceOrder

from .enums import (
    WORKFLOW,
    CaseLogAction,
    CaseLogError,
    CaseLogEvent,
    CaseOutcome,
    ClosingMaterial,
    LogEntryKind,
    Stage,
    TerminationReason,
)
from .models import CaseClosing, CaseLogEntry

CLOSING_CLOCK = "closing_materials"  # the law table row (fawang/catalog/data/service_items.json)
NOTE_MAX = 4000
SUMMARY_MAX = 2000
PLACE_MAX = 128
MINUTES_MAX = 24 * 60  # one entry records at most a day's work
# Statuses in which work on the case can be logged: granted or assigned, handling, closing, and
# after filing (a late document) or a reopening.
LOGGABLE = (OrderStatus.ACCEPTED, OrderStatus.IN_PROGRESS, OrderStatus.REOPENED, OrderStatus.RESOLVED)


# ---- reads -----------------------------------------------------------------------------------------


def case_practitioner_id(order: ServiceOrder) -> int | None:
    """The practitioner on the case. For now the order's `assigned_practitioner` (the column the
    policy already reads as "assigned to them"); the assignment model of issue 11 item 4 should set it,
    or this one function should read that model instead."""
    return order.assigned_practitioner_id


def access_case(actor: Actor, tracking_no: str) -> ServiceOrder:
    """A legal aid order the actor may see; "not found" alike for missing, forbidden and not legal aid."""
    order = (
        policy.scope_orders(actor, ServiceOrder.objects.all())
        .select_related("service_item", "assigned_practitioner", "assigned_institution")
        .filter(tracking_no=(tracking_no or "").strip().upper(), workflow=WORKFLOW)
        .first()
    )
    if order is None:
        raise NotFound("order_not_found", _("No such service order."), "tracking_no")
    return order


def can_write(actor: Actor, order: ServiceOrder) -> bool:
    """May the actor write the case log and close the case (the assigned practitioner, the centre)?"""
    return policy.can_act_on_order(actor, "order.handle", order)


def log_entries(order: ServiceOrder) -> list[CaseLogEntry]:
    return list(CaseLogEntry.objects.filter(order=order).order_by("occurred_at", "pk"))


def closing_of(order: ServiceOrder) -> CaseClosing | None:
    return CaseClosing.objects.filter(order=order).first()


def minutes_spent(entries: list[CaseLogEntry]) -> int:
    return sum(e.minutes for e in entries)


# ---- writes ----------------------------------------------------------------------------------------


def _require_writer(actor: Actor, order: ServiceOrder) -> None:
    if not policy.can_see_order(actor, order) or order.workflow != WORKFLOW:
        raise NotFound("order_not_found", _("No such service order."), "tracking_no")
    if not can_write(actor, order):
        raise Forbidden(
            "permission_denied",
            _("Only the assigned practitioner or the legal aid centre can write this case's log."),
            None,
        )


def case_log_add(
    *,
    actor: Actor,
    order: ServiceOrder,
    kind: str,
    occurred_at: dt.datetime | None,
    minutes: int | None,
    place: str = "",
    note: str = "",
    now: dt.datetime | None = None,
) -> CaseLogEntry:
    """Record one thing done on the case (a meeting, a hearing, a document filed, a call): when,
    where, how long, a note (encrypted at rest). Writes a staff-only event on the order's timeline
    and an audit entry, in one transaction; nothing is saved when a field is wrong."""
    _require_writer(actor, order)
    now = now or timezone.now()
    place, note = (place or "").strip(), (note or "").strip()
    errors = ErrorCollector()
    if order.status not in LOGGABLE:
        errors.add(
            None,
            "transition_not_allowed",
            _("Work can be logged once legal aid is granted, until the case is closed."),
        )
    if kind not in LogEntryKind.values:
        errors.add("kind", "invalid_choice", _("Choose one of the listed kinds."))
    if occurred_at is None:
        errors.add("occurred_at", "required", _("Give the date and time."))
    elif occurred_at > now + dt.timedelta(minutes=5):
        errors.add("occurred_at", CaseLogError.WHEN_IN_FUTURE, _("The time is in the future."))
    if minutes is None:
        errors.add("minutes", "required", _("Give the duration in minutes."))
    elif not 0 <= minutes <= MINUTES_MAX:
        errors.add(
            "minutes",
            "out_of_range",
            _("The duration is from 0 to %(max)s minutes (one day) per entry.") % {"max": MINUTES_MAX},
        )
    if len(place) > PLACE_MAX:
        errors.add("place", "max_length", _("At most %(n)s characters.") % {"n": PLACE_MAX})
    if len(note) > NOTE_MAX:
        errors.add("note", "max_length", _("At most %(n)s characters.") % {"n": NOTE_MAX})
    errors.raise_if_any()
    assert occurred_at is not None and minutes is not None
    with transaction.atomic():
        entry = CaseLogEntry.objects.create(
            order=order,
            kind=kind,
            occurred_at=occurred_at,
            place=place,
            minutes=minutes,
            note=note,
            author=actor,
            author_label=actor_label(actor),
        )
        # The note may name people and phone numbers: it stays in the encrypted column only.
        order_event_add(
            order,
            CaseLogEvent.LOG_ENTRY,
            actor=actor,
            now=now,
            data={
                "entry": entry.pk,
                "kind": kind,
                "minutes": minutes,
                "occurred_at": occurred_at.isoformat(),
            },
        )
        audit_record(
            actor=actor,
            action="legal_aid.case_log_add",
            entity=entry,
            before=None,
            after={
                "order": order.tracking_no,
                "kind": kind,
                "occurred_at": occurred_at.isoformat(),
                "minutes": minutes,
                "place": place,
                "note_chars": len(note),
            },
        )
    return entry


def case_close(
    *,
    actor: Actor,
    order: ServiceOrder,
    outcome: str,
    summary: str,
    termination_reason: str = "",
    now: dt.datetime | None = None,
) -> CaseClosing:
    """结案: record how the case ended. A termination names its reason from 法律援助法第四十八条
    (and no other outcome takes one). Moves the order to "closing" and starts the closing-materials
    clock of the law table; the order page and the applicant's timeline show the step."""
    _require_writer(actor, order)
    summary, termination_reason = (summary or "").strip(), (termination_reason or "").strip()
    errors = ErrorCollector()
    if outcome not in CaseOutcome.values:
        errors.add("outcome", "invalid_choice", _("Choose one of the listed outcomes."))
    if outcome == CaseOutcome.TERMINATED and termination_reason not in TerminationReason.values:
        errors.add(
            "termination_reason",
            CaseLogError.REASON_NEEDED,
            _("Terminating legal aid needs one of the reasons of art. 48 of the Legal Aid Law."),
        )
    if outcome != CaseOutcome.TERMINATED and termination_reason:
        errors.add(
            "termination_reason",
            CaseLogError.REASON_NOT_TERMINATED,
            _("A reason of art. 48 is given only when legal aid is terminated."),
        )
    if not summary:
        errors.add("summary", "required", _("Summarise the outcome."))
    elif len(summary) > SUMMARY_MAX:
        errors.add("summary", "max_length", _("At most %(n)s characters.") % {"n": SUMMARY_MAX})
    errors.raise_if_any()
    written: dict[str, CaseClosing] = {}

    def record(order: ServiceOrder, at: dt.datetime) -> None:
        clock = (
            OrderClock.objects.filter(order=order, name=CLOSING_CLOCK, stopped_at__isnull=True)
            .order_by("-pk")
            .first()
        )
        closing, _created = CaseClosing.objects.update_or_create(
            order=order,
            defaults={
                "centre_id": order.assigned_institution_id,
                "practitioner_id": case_practitioner_id(order),
                "outcome": outcome,
                "termination_reason": termination_reason,
                "summary": summary,
                "closed_at": at,
                "closed_by": actor,
                "materials_due_at": clock.due_at if clock else None,
                "materials": [],
                "materials_note": "",
                "materials_filed_at": None,
                "materials_filed_by": None,
            },
        )
        audit_record(
            actor=actor,
            action="legal_aid.case_close",
            entity=closing,
            before=None,
            after={
                "order": order.tracking_no,
                "outcome": outcome,
                "termination_reason": termination_reason,
                "materials_due_at": closing.materials_due_at.isoformat()
                if closing.materials_due_at
                else None,
            },
        )
        written["closing"] = closing

    order_step(
        actor=actor,
        order=order,
        action=CaseLogAction.CLOSE_CASE,
        data={"outcome": outcome, "termination_reason": termination_reason},
        after=record,
        now=now,
    )
    return written["closing"]


def closing_materials_file(
    *,
    actor: Actor,
    order: ServiceOrder,
    materials: list[str],
    note: str = "",
    now: dt.datetime | None = None,
) -> CaseClosing:
    """法律援助法第五十条: the practitioner reports to the centre and hands in copies of the legal
    documents and a report on the handling. Resolves the order (the shared "resolved" event), which
    opens the applicant's rating; filed after the limit, the closing says so (`materials_late`)."""
    _require_writer(actor, order)
    note = (note or "").strip()
    closing = closing_of(order)
    errors = ErrorCollector()
    chosen = sorted(set(materials or []))
    if not chosen:
        errors.add("materials", "required", _("Tick what you hand in."))
    elif any(m not in ClosingMaterial.values for m in chosen):
        errors.add("materials", "invalid_choice", _("Choose from the listed materials."))
    elif ClosingMaterial.HANDLING_REPORT not in chosen:
        errors.add(
            "materials",
            "handling_report_required",
            _("Art. 50 of the Legal Aid Law asks for a report on the handling of the case."),
        )
    if len(note) > NOTE_MAX:
        errors.add("note", "max_length", _("At most %(n)s characters.") % {"n": NOTE_MAX})
    if closing is None:
        errors.add("outcome", "required", _("Close the case with its outcome first."))
    errors.raise_if_any()
    assert closing is not None
    resolution = f"{CaseOutcome(closing.outcome).label}：{closing.summary}"

    def record(order: ServiceOrder, at: dt.datetime) -> None:
        closing.materials = chosen
        closing.materials_note = note
        closing.materials_filed_at = at
        closing.materials_filed_by = actor  # type: ignore[assignment]
        closing.save(
            update_fields=[
                "materials",
                "materials_note",
                "materials_filed_at",
                "materials_filed_by",
                "updated_at",
            ]
        )
        audit_record(
            actor=actor,
            action="legal_aid.closing_materials_file",
            entity=closing,
            before=None,
            after={"order": order.tracking_no, "materials": chosen, "late": closing.materials_late},
        )

    def event_data(fields: dict[str, Any]) -> dict[str, Any]:
        at = fields["resolved_at"]
        late = bool(closing.materials_due_at and at > closing.materials_due_at)
        return {"outcome": closing.outcome, "materials": chosen, "late": late}

    order_step(
        actor=actor,
        order=order,
        action=CaseLogAction.FILE_CLOSING,
        reason=resolution,
        changes=lambda at: {"resolution": resolution, "resolved_at": at},
        data=event_data,
        after=record,
        now=now,
    )
    return closing


def legal_aid_resolve(
    *,
    actor: Actor,
    order: ServiceOrder,
    resolution: str,
    details: dict[str, Any],
    now: dt.datetime | None = None,
) -> CaseClosing:
    """Legal aid's own resolve (Workflow.resolve, docs/adr/0022), for tools that resolve on a person's
    behalf (the demo): close the case with `details["outcome"]` (and `termination_reason`), the text
    as its summary, then file the handling report (art. 50). Errors name `details.<field>`."""
    outcome = str(details.get("outcome") or "")
    if outcome not in CaseOutcome.values:
        raise ValidationFailed(
            [FieldError("invalid_choice", _("Choose one of the listed outcomes."), "details.outcome")]
        )
    if order.stage != Stage.CLOSING:
        case_close(
            actor=actor,
            order=order,
            outcome=outcome,
            summary=resolution,
            termination_reason=str(details.get("termination_reason") or ""),
            now=now,
        )
    materials = list(details.get("materials") or [ClosingMaterial.HANDLING_REPORT])
    return closing_materials_file(actor=actor, order=order, materials=materials, note="", now=now)
