"""The time-limit sweep: warnings, overdue orders and their supervision, escalation of unanswered
supervision (限时办结 and 督办).

It never scans open orders: each claim reads only rows past their time through a partial index
(`clock_warn_due`, `clock_overdue_due` on the statutory clocks, `supervision_open_deadline`), so a
million running clocks with a handful due cost a handful of index entries. Each clock is its own
limit (docs/adr/0011): an appraisal accepted in time but completed late is supervised for the
completion clock only, and a clock that does not stop while the order waits for materials keeps
running while the order is suspended.

Rows are *claimed in batches* by one statement,

    UPDATE t SET warned_at = now
     WHERE id IN (SELECT id FROM t WHERE <due> ORDER BY warn_at LIMIT 500 FOR UPDATE SKIP LOCKED)
       AND <due>
    RETURNING id

and only the returned rows are acted on, in the same transaction, with one INSERT each for the
batch's events, audit entries, supervision orders and inbox notices; the batch commits or rolls back
as a whole. Two sweeps at once never act twice on a row: on PostgreSQL a worker skips the rows the other
has locked (SKIP LOCKED) and re-checks `<due>` on the rows it locks, so a row claimed and committed by
the other no longer qualifies; SQLite runs one writer at a time. When a batch fails, its rows are
retried one by one so one broken row cannot hold back the others; a row that fails alone is left
unclaimed for the next run and counted in `failed`.

How it runs: `manage.py sweep_deadlines` (cron or a systemd timer every few minutes in production,
see docs/adr/0007), or the `sweep_deadlines_task` django-tasks task enqueued by the same command with
`--enqueue` for the worker pool; under `make run` the ImmediateBackend runs it in-process.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections import defaultdict
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db import connection, transaction
from django.db.models import Model, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from fawang.core.bulk import bulk_insert

from .engine import PendingWrites
from .enums import EventKind, SupervisionKind, SupervisionStatus
from .models import OrderClock, ServiceOrder, SupervisionOrder
from .services import SupervisionSpec, supervision_region_above, supervisions_create
from .services.supervision import supervision_reply_deadline

logger = logging.getLogger(__name__)

BATCH = 500
NOTICE_RECIPIENTS_MAX = 50  # staff of one place told about one order
# The columns a batch needs; loading only these keeps the order's personal-data columns encrypted.
_ORDER_FIELDS = (
    "id",
    "tracking_no",
    "status",
    "handler_region_path",
    "accepted_by_id",
    "first_responder_id",
    "assigned_point_id",
    "assigned_institution_id",
    "assigned_practitioner_id",
)


@dataclass
class SweepReport:
    warned: list[str] = field(default_factory=list)  # tracking numbers
    overdue: list[str] = field(default_factory=list)
    escalated: list[int] = field(default_factory=list)  # supervision order ids that were escalated
    supervisions_issued: list[int] = field(default_factory=list)
    failed: int = 0
    batches: int = 0  # transactions that committed work

    def as_dict(self) -> dict[str, int]:
        return {
            "warned": len(self.warned),
            "overdue": len(self.overdue),
            "escalated": len(self.escalated),
            "supervisions_issued": len(self.supervisions_issued),
            "failed": self.failed,
        }

    def extend(self, other: SweepReport) -> None:
        self.warned += other.warned
        self.overdue += other.overdue
        self.escalated += other.escalated
        self.supervisions_issued += other.supervisions_issued


def supervision_deadline(now: dt.datetime) -> dt.datetime:
    """When an automatic supervision order must be answered: N working days (default 3)."""
    return supervision_reply_deadline(now).due_at


# ---- claiming --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Claim:
    """What one step of the sweep claims: rows of `model` matching `due` (SQL with %s placeholders,
    repeating the partial index's condition so the planner can use it), oldest `order_by` first, by
    setting `sets` columns."""

    model: type[Model]
    due: str
    due_params: tuple
    order_by: str
    sets: dict[str, Any]


def _in(column: str, values: Sequence[str]) -> tuple[str, list[str]]:
    return f"{column} IN ({', '.join(['%s'] * len(values))})", [str(v) for v in values]


def _dt(value: dt.datetime) -> Any:
    return connection.ops.adapt_datetimefield_value(value)


_RUNNING = "stopped_at IS NULL AND paused_at IS NULL"


def warn_claim(now: dt.datetime) -> Claim:
    return Claim(
        OrderClock,
        f"{_RUNNING} AND warned_at IS NULL AND warn_at <= %s",
        (_dt(now),),
        "warn_at",
        {"warned_at": _dt(now)},
    )


def overdue_claim(now: dt.datetime) -> Claim:
    return Claim(
        OrderClock,
        f"{_RUNNING} AND overdue_at IS NULL AND due_at <= %s",
        (_dt(now),),
        "due_at",
        {"overdue_at": _dt(now)},
    )


def escalate_claim(now: dt.datetime) -> Claim:
    return Claim(
        SupervisionOrder,
        "status = %s AND deadline <= %s",
        (str(SupervisionStatus.OPEN), _dt(now)),
        "deadline",
        {"status": str(SupervisionStatus.ESCALATED), "escalated_at": _dt(now)},
    )


def claim_statement(
    claim: Claim, *, limit: int, exclude: Collection[int] = (), only: Collection[int] | None = None
) -> tuple[str, list[Any]]:
    """The one UPDATE ... RETURNING id that claims up to `limit` due rows (see the module docstring);
    `exclude` skips rows that failed in this run, `only` restricts the claim to the given ids."""
    qn = connection.ops.quote_name
    table = qn(claim.model._meta.db_table)
    sets = ", ".join(f"{qn(col)} = %s" for col in claim.sets)
    narrow, narrow_p = "", []
    if exclude:
        narrow += f" AND id NOT IN ({', '.join(['%s'] * len(exclude))})"
        narrow_p += list(exclude)
    if only is not None:
        narrow += f" AND id IN ({', '.join(['%s'] * len(only))})"
        narrow_p += list(only)
    lock = " FOR UPDATE SKIP LOCKED" if connection.features.has_select_for_update_skip_locked else ""
    sql = (
        f"UPDATE {table} SET {sets} WHERE id IN ("
        f"SELECT id FROM {table} WHERE {claim.due}{narrow} ORDER BY {claim.order_by}, id LIMIT %s{lock}"
        f") AND {claim.due} RETURNING id"
    )
    return sql, [*claim.sets.values(), *claim.due_params, *narrow_p, limit, *claim.due_params]


def _claim(claim: Claim, *, limit: int, exclude: Collection[int], only: Collection[int] | None) -> list[int]:
    sql, params = claim_statement(claim, limit=limit, exclude=exclude, only=only)
    with connection.cursor() as cur:
        cur.execute(sql, params)
        return [row[0] for row in cur.fetchall()]


# ---- acting on a batch -----------------------------------------------------------------------------


def _due_text(clock: DueClock) -> str:
    return timezone.localtime(clock.due_at).strftime("%Y-%m-%d %H:%M")


@dataclass(frozen=True)
class DueClock:
    """A claimed clock as the sweep acts on it: plain values and its order, not a model instance (a
    batch holds hundreds, and the sweep only reads them)."""

    pk: int
    order_id: int
    name: str
    label: str
    label_en: str
    due_at: dt.datetime
    legal_basis: str
    item_code: str
    order: ServiceOrder

    @property
    def display_label(self) -> str:
        from fawang.catalog.models import in_reader_language

        return in_reader_language(self.label, self.label_en)

    @property
    def basis_text(self) -> str:
        """The clock's citation in the active language for a plain-text notice, marked when it is a
        machine draft or the Chinese for want of a translation (docs/adr/0014)."""
        from fawang.catalog.models import clock_basis
        from fawang.translations.selectors import with_mark

        return with_mark(clock_basis(self.item_code, self.name, self.legal_basis))


def _load_clocks(ids: list[int], order_by: str) -> list[DueClock]:
    rows = list(
        OrderClock.objects.filter(pk__in=ids)
        .order_by(order_by, "pk")
        .values_list(
            "pk",
            "order_id",
            "name",
            "label",
            "label_en",
            "due_at",
            "legal_basis",
            "order__service_item__code",
        )
    )
    orders = ServiceOrder.objects.only(*_ORDER_FIELDS).in_bulk({row[1] for row in rows})
    return [DueClock(*row, order=orders[row[1]]) for row in rows]


def _clock_data(clock: DueClock) -> dict[str, Any]:
    """What a warning or overdue event records: the due time and which clock (its row holds the step
    and the citation). Kept small: the sweep writes these in batches of hundreds, and PostgreSQL's bulk
    INSERT sends them as text arrays whose escaping costs per character."""
    return {"due_at": _due_text(clock), "clock": clock.name}


def _handler_recipients(orders: Sequence[ServiceOrder]) -> dict[int, list[int]]:
    """Per order, the staff who answer for it now: whoever accepted it, else the first responder,
    else (at most NOTICE_RECIPIENTS_MAX of) the active staff of the institution or point it sits at;
    and always the practitioner it is assigned to, when they have an account (they work it whatever
    their role). Two queries for the whole batch."""
    from fawang.accounts.enums import UserKind
    from fawang.accounts.models import User
    from fawang.network.models import Practitioner

    assigned = {o.assigned_practitioner_id for o in orders if o.assigned_practitioner_id}
    practitioner_users = dict(
        Practitioner.objects.filter(pk__in=assigned, user__is_active=True).values_list("pk", "user_id")
        if assigned
        else ()
    )

    institutions = {o.assigned_institution_id for o in orders if o.assigned_institution_id}
    points = {o.assigned_point_id for o in orders if o.assigned_point_id and not o.assigned_institution_id}
    unanswered = [o for o in orders if not (o.accepted_by_id or o.first_responder_id)]
    by_institution: dict[int, list[int]] = defaultdict(list)
    by_point: dict[int, list[int]] = defaultdict(list)
    if unanswered and (institutions or points):
        staff = (
            User.objects.filter(kind=UserKind.STAFF, is_active=True)
            .filter(Q(jurisdiction_institution_id__in=institutions) | Q(service_point_id__in=points))
            .order_by("pk")
            .values_list("pk", "jurisdiction_institution_id", "service_point_id")
        )
        for pk, institution_id, point_id in staff:
            if institution_id in institutions and len(by_institution[institution_id]) < NOTICE_RECIPIENTS_MAX:
                by_institution[institution_id].append(pk)
            if point_id in points and len(by_point[point_id]) < NOTICE_RECIPIENTS_MAX:
                by_point[point_id].append(pk)
    out: dict[int, list[int]] = {}
    for o in orders:
        if o.accepted_by_id:
            out[o.pk] = [o.accepted_by_id]
        elif o.first_responder_id:
            out[o.pk] = [o.first_responder_id]
        elif o.assigned_institution_id:
            out[o.pk] = by_institution.get(o.assigned_institution_id, [])
        elif o.assigned_point_id:
            out[o.pk] = by_point.get(o.assigned_point_id, [])
        else:
            out[o.pk] = []
        practitioner_user = practitioner_users.get(o.assigned_practitioner_id or 0)
        if practitioner_user and practitioner_user not in out[o.pk]:
            out[o.pk] = [*out[o.pk], practitioner_user]
    return out


def _notify_handlers(notices: Sequence[tuple[ServiceOrder, str, str]]) -> None:
    """Inbox notices (order, title, body) to each order's handlers, in one INSERT."""
    from fawang.notify.models import InboxMessage

    recipients = _handler_recipients([order for order, _t, _b in notices])
    bulk_insert(
        [
            InboxMessage(recipient_id=pk, order=order, title=title[:200], body=body)
            for order, title, body in notices
            for pk in recipients[order.pk]
        ]
    )


def _warn(ids: list[int], now: dt.datetime, report: SweepReport) -> None:
    clocks = _load_clocks(ids, "warn_at")
    writes = PendingWrites()
    notices = []
    for clock in clocks:
        order, due = clock.order, _due_text(clock)
        writes.event(order, EventKind.WARNED, actor=None, now=now, channel="system", data=_clock_data(clock))
        writes.audit(
            actor=None,
            action="order.warn",
            entity=order,
            before={"warned_at": None},
            after={"warned_at": now, "clock": clock.name},
        )
        notices.append(
            (
                order,
                _("Service order %(no)s is due soon") % {"no": order.tracking_no},
                _("Service order %(no)s: “%(step)s” is due by %(due)s (%(basis)s).")
                % {
                    "no": order.tracking_no,
                    "step": clock.display_label,
                    "due": due,
                    "basis": clock.basis_text,
                },
            )
        )
        report.warned.append(order.tracking_no)
    writes.flush()
    _notify_handlers(notices)


def _overdue(ids: list[int], now: dt.datetime, report: SweepReport) -> None:
    clocks = _load_clocks(ids, "due_at")
    writes = PendingWrites()
    specs, notices = [], []
    reply = supervision_reply_deadline(now)
    for clock in clocks:
        order, due = clock.order, _due_text(clock)
        writes.event(order, EventKind.OVERDUE, actor=None, now=now, channel="system", data=_clock_data(clock))
        writes.audit(
            actor=None,
            action="order.overdue",
            entity=order,
            before={"overdue_at": None},
            after={"overdue_at": now, "clock": clock.name},
        )
        specs.append(
            SupervisionSpec(
                order=order,
                kind=SupervisionKind.AUTO_OVERDUE,
                issued_to_code=supervision_region_above(order.handler_region_path),
                reason=_(
                    "Service order %(no)s passed its time limit for “%(step)s” (%(due)s, %(basis)s) "
                    "without it being done."
                )
                % {"no": order.tracking_no, "step": clock.label, "due": due, "basis": clock.basis_text},
                deadline=reply.due_at,
                deadline_is_provisional=reply.provisional,
                clock_id=clock.pk,
                clock_name=clock.name,
            )
        )
        notices.append(
            (
                order,
                _("Service order %(no)s is overdue") % {"no": order.tracking_no},
                _("Service order %(no)s passed its time limit (%(due)s); a supervision order was issued.")
                % {"no": order.tracking_no, "due": due},
            )
        )
        report.overdue.append(order.tracking_no)
    supervisions = supervisions_create(specs=specs, now=now, writes=writes)
    report.supervisions_issued += [s.pk for s in supervisions]
    writes.flush()
    _notify_handlers(notices)


def _escalate(ids: list[int], now: dt.datetime, report: SweepReport) -> None:
    parents = list(
        SupervisionOrder.objects.filter(pk__in=ids)
        .select_related("order", "issued_to_region")
        .order_by("deadline", "pk")
    )
    reply = supervision_reply_deadline(now)
    specs = [
        SupervisionSpec(
            order=parent.order,
            kind=SupervisionKind.ESCALATION,
            issued_to_code=supervision_region_above(parent.issued_to_region.path),
            reason=_("Supervision order %(id)d to %(region)s was not answered by %(deadline)s.")
            % {
                "id": parent.pk,
                "region": parent.issued_to_region.name,
                "deadline": timezone.localtime(parent.deadline).strftime("%Y-%m-%d %H:%M"),
            },
            deadline=reply.due_at,
            deadline_is_provisional=reply.provisional,
            parent=parent,
        )
        for parent in parents
    ]
    writes = PendingWrites()
    children = supervisions_create(specs=specs, now=now, writes=writes)
    writes.flush()
    report.escalated += [p.pk for p in parents]
    report.supervisions_issued += [c.pk for c in children]


# ---- the loop --------------------------------------------------------------------------------------

Act = Callable[[list[int], dt.datetime, SweepReport], None]


def _batch(
    claim: Claim,
    act: Act,
    now: dt.datetime,
    report: SweepReport,
    *,
    limit: int,
    exclude: Collection[int],
    only: Collection[int] | None = None,
) -> int:
    """Claim and act on one batch in one transaction; the number of rows claimed (0: nothing due)."""
    done = SweepReport()
    with transaction.atomic():
        ids = _claim(claim, limit=limit, exclude=exclude, only=only)
        if ids:
            act(ids, now, done)
    if ids:  # committed: now it counts
        report.extend(done)
        report.batches += 1
    return len(ids)


def _due_ids(claim: Claim, limit: int, exclude: Collection[int]) -> list[int]:
    """The ids a failed batch would have claimed (read only), to retry them one by one."""
    qn = connection.ops.quote_name
    narrow = f" AND id NOT IN ({', '.join(['%s'] * len(exclude))})" if exclude else ""
    sql = (
        f"SELECT id FROM {qn(claim.model._meta.db_table)} WHERE {claim.due}{narrow} "
        f"ORDER BY {claim.order_by}, id LIMIT %s"
    )
    with connection.cursor() as cur:
        cur.execute(sql, [*claim.due_params, *exclude, limit])
        return [row[0] for row in cur.fetchall()]


def _run(claim: Claim, act: Act, now: dt.datetime, report: SweepReport, batch: int) -> None:
    failed: set[int] = set()
    while True:
        try:
            if _batch(claim, act, now, report, limit=batch, exclude=failed) == 0:
                return
            continue
        except Exception:
            logger.exception("sweep batch failed in %s; retrying its rows one by one", act.__name__)
        suspects = _due_ids(claim, batch, failed)
        progressed = False
        for pk in suspects:
            try:
                _batch(claim, act, now, report, limit=1, exclude=(), only=[pk])
                progressed = True
            except Exception:
                # This row stays unclaimed (its transaction rolled back) and is tried again next run.
                failed.add(pk)
                report.failed += 1
                logger.exception("sweep failed on %s %s", act.__name__, pk)
        if not progressed:
            return  # every row failed alone too (the database is likely down): stop, the next run retries


def sweep_deadlines(now: dt.datetime | None = None, *, batch: int = BATCH) -> SweepReport:
    """Warn of clocks past their warning time, mark overdue ones and issue their supervision orders,
    escalate supervision orders unanswered past their deadline, `batch` rows per transaction.
    Returns what it did. Paused clocks (an order waiting for materials, where the law does not count
    that time) are not claimed: they leave the partial index until they resume with a new due time."""
    now = now or timezone.now()
    report = SweepReport()
    _run(warn_claim(now), _warn, now, report, batch)
    _run(overdue_claim(now), _overdue, now, report, batch)
    _run(escalate_claim(now), _escalate, now, report, batch)
    if report.warned or report.overdue or report.escalated or report.failed:
        logger.info("deadline sweep: %s", report.as_dict())
    return report
