"""The time-limit sweep: warnings, overdue orders and their supervision, escalation of unanswered
supervision (限时办结 and 督办).

It never scans open orders: each query reads only rows past their time through a partial index
(`order_warn_due`, `order_overdue_due`, `supervision_open_deadline`), so a million open orders with a
handful due cost a handful of index entries. Each row is *claimed* with a conditional update
(`UPDATE ... SET warned_at = now WHERE id = ? AND warned_at IS NULL`) and acted on only by the worker
whose update changed exactly one row, so two sweeps at once never warn or supervise twice. Every row is
handled in its own transaction: one failure does not hold back the rest.

How it runs: `manage.py sweep_deadlines` (cron or a systemd timer every few minutes in production,
see docs/adr/0007), or the `sweep_deadlines_task` django-tasks task enqueued by the same command with
`--enqueue` for the worker pool; under `make run` the ImmediateBackend runs it in-process.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass, field

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .enums import CLOCK_RUNNING_STATUSES, OPEN_STATUSES, EventKind, SupervisionKind, SupervisionStatus
from .models import ServiceOrder, SupervisionOrder
from .services import _add_event, _audit, supervision_create, supervision_region_above

logger = logging.getLogger(__name__)

BATCH = 500


@dataclass
class SweepReport:
    warned: list[str] = field(default_factory=list)  # tracking numbers
    overdue: list[str] = field(default_factory=list)
    escalated: list[int] = field(default_factory=list)  # supervision order ids that were escalated
    supervisions_issued: list[int] = field(default_factory=list)
    failed: int = 0

    def as_dict(self) -> dict[str, int]:
        return {
            "warned": len(self.warned),
            "overdue": len(self.overdue),
            "escalated": len(self.escalated),
            "supervisions_issued": len(self.supervisions_issued),
            "failed": self.failed,
        }


def supervision_deadline(now: dt.datetime) -> dt.datetime:
    """When an automatic supervision order must be answered: N working days (default 3)."""
    from fawang.core.calendar import compute_deadline

    days = int(getattr(settings, "FAWANG_SUPERVISION_WORKING_DAYS", 3))
    return compute_deadline(start=now, limit=days, unit="working_days").due_at


def _due_ids(qs, order_field: str) -> list[int]:
    return list(qs.order_by(order_field).values_list("pk", flat=True)[:BATCH])


def _notify_handlers(order: ServiceOrder, title: str, body: str) -> None:
    """A notice in the inbox of the staff who answer for the order now: whoever accepted it, else the
    first responder, else the staff of the place it sits at."""
    from fawang.accounts.enums import UserKind
    from fawang.accounts.models import User
    from fawang.notify.models import InboxMessage

    if order.accepted_by_id:
        ids = [order.accepted_by_id]
    elif order.first_responder_id:
        ids = [order.first_responder_id]
    else:
        staff = User.objects.filter(kind=UserKind.STAFF, is_active=True)
        if order.assigned_institution_id:
            staff = staff.filter(jurisdiction_institution_id=order.assigned_institution_id)
        elif order.assigned_point_id:
            staff = staff.filter(service_point_id=order.assigned_point_id)
        else:
            staff = staff.none()
        ids = list(staff.values_list("pk", flat=True)[:50])
    InboxMessage.objects.bulk_create(
        [InboxMessage(recipient_id=pk, order=order, title=title[:200], body=body) for pk in ids]
    )


def _warn(order_id: int, now: dt.datetime, report: SweepReport) -> None:
    with transaction.atomic():
        claimed = ServiceOrder.objects.filter(pk=order_id, warned_at__isnull=True).update(warned_at=now)
        if claimed != 1:
            return  # another worker got there first
        order = ServiceOrder.objects.select_related("service_item").get(pk=order_id)
        if order.status not in CLOCK_RUNNING_STATUSES:
            return
        due = timezone.localtime(order.due_at).strftime("%Y-%m-%d %H:%M") if order.due_at else ""
        _add_event(order, EventKind.WARNED, actor=None, now=now, channel="system", data={"due_at": due})
        _audit(
            actor=None,
            action="order.warn",
            entity=order,
            before={"warned_at": None},
            after={"warned_at": now},
        )
        _notify_handlers(
            order,
            _("Service order %(no)s is due soon") % {"no": order.tracking_no},
            _("Service order %(no)s must be resolved by %(due)s.") % {"no": order.tracking_no, "due": due},
        )
        report.warned.append(order.tracking_no)


def _overdue(order_id: int, now: dt.datetime, report: SweepReport) -> None:
    with transaction.atomic():
        claimed = ServiceOrder.objects.filter(pk=order_id, overdue_at__isnull=True).update(overdue_at=now)
        if claimed != 1:
            return
        order = ServiceOrder.objects.select_related("service_item").get(pk=order_id)
        if order.status not in CLOCK_RUNNING_STATUSES:
            return
        due = timezone.localtime(order.due_at).strftime("%Y-%m-%d %H:%M") if order.due_at else ""
        _add_event(order, EventKind.OVERDUE, actor=None, now=now, channel="system", data={"due_at": due})
        _audit(
            actor=None,
            action="order.overdue",
            entity=order,
            before={"overdue_at": None},
            after={"overdue_at": now},
        )
        above = supervision_region_above(order.handler_region_path)
        supervision = supervision_create(
            order=order,
            kind=SupervisionKind.AUTO_OVERDUE,
            issued_to_code=above,
            reason=_("Service order %(no)s passed its time limit (%(due)s) without being resolved.")
            % {"no": order.tracking_no, "due": due},
            deadline=supervision_deadline(now),
            now=now,
        )
        _notify_handlers(
            order,
            _("Service order %(no)s is overdue") % {"no": order.tracking_no},
            _("Service order %(no)s passed its time limit (%(due)s); a supervision order was issued.")
            % {"no": order.tracking_no, "due": due},
        )
        report.overdue.append(order.tracking_no)
        report.supervisions_issued.append(supervision.pk)


def _escalate(supervision_id: int, now: dt.datetime, report: SweepReport) -> None:
    with transaction.atomic():
        claimed = SupervisionOrder.objects.filter(pk=supervision_id, status=SupervisionStatus.OPEN).update(
            status=SupervisionStatus.ESCALATED, escalated_at=now
        )
        if claimed != 1:
            return
        parent = SupervisionOrder.objects.select_related("order", "issued_to_region").get(pk=supervision_id)
        above = supervision_region_above(parent.issued_to_region.path)
        child = supervision_create(
            order=parent.order,
            kind=SupervisionKind.ESCALATION,
            issued_to_code=above,
            reason=_("Supervision order %(id)d to %(region)s was not answered by %(deadline)s.")
            % {
                "id": parent.pk,
                "region": parent.issued_to_region.name,
                "deadline": timezone.localtime(parent.deadline).strftime("%Y-%m-%d %H:%M"),
            },
            deadline=supervision_deadline(now),
            now=now,
            parent=parent,
        )
        report.escalated.append(parent.pk)
        report.supervisions_issued.append(child.pk)


def _run(ids_query, act, now: dt.datetime, report: SweepReport, seen: set) -> None:
    while True:
        ids = [pk for pk in ids_query() if pk not in seen]
        if not ids:
            return
        for pk in ids:
            seen.add(pk)
            try:
                act(pk, now, report)
            except Exception:
                # One broken row must not stop the sweep; it stays claimed-or-not as its transaction left it.
                report.failed += 1
                logger.exception("sweep failed on %s %s", act.__name__, pk)


def sweep_deadlines(now: dt.datetime | None = None) -> SweepReport:
    """Warn orders past their warning time, mark overdue ones and issue their supervision orders,
    escalate supervision orders unanswered past their deadline. Returns what it did."""
    now = now or timezone.now()
    report = SweepReport()
    # The filters repeat the partial indexes' conditions so the planner can use them.
    warn_due = ServiceOrder.objects.filter(status__in=OPEN_STATUSES, warned_at__isnull=True, warn_at__lte=now)
    overdue = ServiceOrder.objects.filter(status__in=OPEN_STATUSES, overdue_at__isnull=True, due_at__lte=now)
    stale = SupervisionOrder.objects.filter(status=SupervisionStatus.OPEN, deadline__lte=now)
    # Suspended orders are skipped (their clock stands still) without being claimed: the filter on the
    # running statuses keeps them in the index until they resume with a new due time.
    warn_due = warn_due.filter(status__in=CLOCK_RUNNING_STATUSES)
    overdue = overdue.filter(status__in=CLOCK_RUNNING_STATUSES)
    _run(lambda: _due_ids(warn_due, "warn_at"), _warn, now, report, set())
    _run(lambda: _due_ids(overdue, "due_at"), _overdue, now, report, set())
    _run(lambda: _due_ids(stale, "deadline"), _escalate, now, report, set())
    if report.warned or report.overdue or report.escalated:
        logger.info("deadline sweep: %s", report.as_dict())
    return report
