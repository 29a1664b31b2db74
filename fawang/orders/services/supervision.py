"""督办: supervision orders to the level that must get an order moving, answered in writing; issued by
supervisors, by the sweep when a clock runs out, and escalated one level up when unanswered."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from fawang.accounts import policy
from fawang.core.bulk import bulk_insert
from fawang.core.calendar import TZ, WORKING_DAYS, Deadline, compute_deadline, is_workday
from fawang.core.errors import Conflict, ErrorCollector, NotFound
from fawang.core.types import Actor

from ..engine import TEXT_MAX, PendingWrites, audit, order_event_add, require_text
from ..enums import ErrorCode, EventKind, SupervisionKind, SupervisionStatus
from ..models import ServiceOrder, SupervisionOrder


def supervision_region_above(path: str) -> str:
    """The region code one level above the region at the end of `path` (the province stays itself)."""
    codes = path.rstrip("/").split("/")
    return codes[-2] if len(codes) > 1 else codes[-1]


@dataclass
class SupervisionSpec:
    """One supervision order for `supervisions_create`."""

    order: ServiceOrder
    kind: str
    issued_to_code: str
    reason: str
    deadline: dt.datetime
    parent: SupervisionOrder | None = None
    clock_id: int | None = None  # the statutory clock that ran out (automatic supervision)
    clock_name: str = ""
    deadline_is_provisional: bool = False


def supervision_reply_deadline(issued_at: dt.datetime) -> Deadline:
    """When an automatic or escalated supervision order must be answered: N working days (setting
    FAWANG_SUPERVISION_WORKING_DAYS, default 3) on the official calendar."""
    days = int(getattr(settings, "FAWANG_SUPERVISION_WORKING_DAYS", 3))
    return compute_deadline(start=issued_at, limit=days, unit=WORKING_DAYS)


def supervisions_recount(*, year: int, actor: Actor = None, now: dt.datetime | None = None) -> int:
    """Registered with the calendar (OrdersConfig.ready): after `year` is entered, recount the reply
    deadlines of open automatic and escalated supervision orders that were provisional or fall in that
    year (a supervisor's own deadline is a date they chose and stays). Returns how many changed."""
    from fawang.core.services import deadlines_recount

    def count(supervision: SupervisionOrder) -> tuple[dt.datetime, bool]:
        reply = supervision_reply_deadline(supervision.created_at)
        return reply.due_at, reply.provisional

    return deadlines_recount(
        SupervisionOrder.objects.select_for_update()
        .filter(status=SupervisionStatus.OPEN)
        .exclude(kind=SupervisionKind.MANUAL)
        .filter(Q(deadline_is_provisional=True) | Q(deadline__gte=dt.datetime(year, 1, 1, tzinfo=TZ))),
        year=year,
        actor=actor,
        action="supervision.deadline_recounted",
        due_field="deadline",
        provisional_field="deadline_is_provisional",
        count=count,
    )


def supervisions_create(
    *, specs: Sequence[SupervisionSpec], now: dt.datetime, issued_by: Actor = None, writes: PendingWrites
) -> list[SupervisionOrder]:
    """Write supervision orders in one INSERT; their order events and audit entries go to `writes`
    (the caller flushes them with its own, inside the same transaction)."""
    supervisions = bulk_insert(
        [
            SupervisionOrder(
                order=spec.order,
                kind=spec.kind,
                issued_to_region_id=spec.issued_to_code,
                issued_by=issued_by,
                reason=spec.reason,
                deadline=spec.deadline,
                parent=spec.parent,
                clock_id=spec.clock_id,
                deadline_is_provisional=spec.deadline_is_provisional,
                created_at=now,
            )
            for spec in specs
        ]
    )
    for spec, supervision in zip(specs, supervisions, strict=True):
        parent = spec.parent
        writes.event(
            spec.order,
            EventKind.SUPERVISION_ESCALATED if parent is not None else EventKind.SUPERVISION_ISSUED,
            actor=issued_by,
            now=now,
            reason=spec.reason,
            data={
                "supervision": supervision.pk,
                "kind": spec.kind,
                "issued_to_region": spec.issued_to_code,
                "deadline": spec.deadline.isoformat(),
                "parent": parent.pk if parent else None,
                **({"clock": spec.clock_name} if spec.clock_id else {}),
            },
        )
        writes.audit(
            actor=issued_by,
            action="supervision.issue",
            entity=supervision,
            before=None,
            after={
                "order": spec.order.pk,
                "kind": spec.kind,
                "issued_to_region": spec.issued_to_code,
                "deadline": spec.deadline,
            },
        )
    return supervisions


def supervision_create(
    *,
    order: ServiceOrder,
    kind: str,
    issued_to_code: str,
    reason: str,
    deadline: dt.datetime,
    now: dt.datetime,
    issued_by: Actor = None,
    parent: SupervisionOrder | None = None,
) -> SupervisionOrder:
    """Write a supervision order with its order event and audit entry (the caller holds the transaction)."""
    writes = PendingWrites()
    spec = SupervisionSpec(order, kind, issued_to_code, reason, deadline, parent)
    (supervision,) = supervisions_create(specs=[spec], now=now, issued_by=issued_by, writes=writes)
    writes.flush()
    return supervision


def supervision_issue(
    *, actor: Actor, order: ServiceOrder, reason: str, deadline: dt.datetime, now: dt.datetime | None = None
) -> SupervisionOrder:
    """A supervisor orders the handler's level to act on an order by `deadline` (aware datetime)."""
    if not policy.can_see_order(actor, order):
        raise NotFound(ErrorCode.ORDER_NOT_FOUND, _("No such service order."), "tracking_no")
    policy.require_action(actor, "order.supervise")
    now = now or timezone.now()
    errors = ErrorCollector()
    text = (reason or "").strip()
    if not text:
        errors.add("reason", ErrorCode.REASON_REQUIRED, _("Say what must be done."))
    elif len(text) > TEXT_MAX:
        errors.add("reason", ErrorCode.DESCRIPTION_TOO_LONG, _("At most %(n)d characters.") % {"n": TEXT_MAX})
    if deadline is None:
        errors.add("deadline", ErrorCode.REQUIRED, _("Set a deadline."))
    elif timezone.is_naive(deadline):
        errors.add("deadline", ErrorCode.DEADLINE_IN_PAST, _("The deadline needs a time zone."))
    elif deadline <= now:
        errors.add("deadline", ErrorCode.DEADLINE_IN_PAST, _("The deadline must lie in the future."))
    elif not is_workday(day := deadline.astimezone(TZ).date()):
        errors.add(
            "deadline",
            ErrorCode.DEADLINE_NOT_WORKING_DAY,
            _(
                "%(date)s is not a working day on the official calendar (a weekend or a public holiday): "
                "choose a working day."
            )
            % {"date": day.isoformat()},
        )
    errors.raise_if_any()
    issued_to = order.handler_region_path.rstrip("/").rsplit("/", 1)[-1]
    with transaction.atomic():
        # The order's row lock makes two supervisors' clicks (or one double click) queue here, so the
        # second finds the first one's supervision order.
        ServiceOrder.objects.select_for_update().filter(pk=order.pk).values_list("pk").first()
        supervision_refuse_second_manual(order)
        return supervision_create(
            order=order,
            kind=SupervisionKind.MANUAL,
            issued_to_code=issued_to,
            reason=text,
            deadline=deadline,
            now=now,
            issued_by=actor,
        )


def supervision_refuse_second_manual(order: ServiceOrder) -> None:
    """One manual supervision order at a time per order: while one waits for its answer, a second one
    would only double the handler's paperwork. Refused with the open one's date and deadline."""
    open_one = (
        SupervisionOrder.objects.filter(
            order=order, kind=SupervisionKind.MANUAL, status=SupervisionStatus.OPEN
        )
        .order_by("-pk")
        .first()
    )
    if open_one is None:
        return
    raise Conflict(
        ErrorCode.SUPERVISION_ALREADY_OPEN,
        _(
            "This order already has an open supervision order, issued %(issued)s and to be answered by "
            "%(deadline)s. Follow that one up instead of issuing a second one."
        )
        % {
            "issued": timezone.localtime(open_one.created_at).strftime("%Y-%m-%d %H:%M"),
            "deadline": timezone.localtime(open_one.deadline).strftime("%Y-%m-%d %H:%M"),
        },
        "order",
    )


def _may_answer(actor: Actor, supervision: SupervisionOrder) -> bool:
    # One rule for the service and the order page's answer form: it lives in the selectors.
    from ..selectors import supervision_may_answer

    return supervision_may_answer(actor, supervision)


def supervision_answer(
    *, actor: Actor, supervision: SupervisionOrder, response: str, now: dt.datetime | None = None
) -> SupervisionOrder:
    """The region a supervision order was issued to answers it in writing."""
    if not _may_answer(actor, supervision):
        raise NotFound(ErrorCode.SUPERVISION_NOT_FOUND, _("No such supervision order."), "supervision")
    text = require_text(response, "response", ErrorCode.RESPONSE_REQUIRED, _("Write the answer."))
    now = now or timezone.now()
    with transaction.atomic():
        matched = SupervisionOrder.objects.filter(pk=supervision.pk, status=SupervisionStatus.OPEN).update(
            status=SupervisionStatus.ANSWERED, response=text, answered_by=actor, answered_at=now
        )
        if matched != 1:
            current = SupervisionOrder.objects.get(pk=supervision.pk)
            raise Conflict(
                ErrorCode.SUPERVISION_CLOSED,
                _("This supervision order is already “%(status)s”.")
                % {"status": SupervisionStatus(current.status).label},
                "supervision",
            )
        supervision.status, supervision.response = SupervisionStatus.ANSWERED, text
        supervision.answered_by, supervision.answered_at = actor, now
        order_event_add(
            supervision.order,
            EventKind.SUPERVISION_ANSWERED,
            actor=actor,
            now=now,
            reason=text,
            data={"supervision": supervision.pk},
        )
        audit(
            actor=actor,
            action="supervision.answer",
            entity=supervision,
            before={"status": SupervisionStatus.OPEN},
            after={"status": SupervisionStatus.ANSWERED, "response": text},
        )
    return supervision
