"""The deadline sweep: warnings, overdue supervision, escalation; each exactly once, even from two
workers at once; and only due rows are read."""

from __future__ import annotations

import datetime as dt
import threading

import pytest
from django.db import connection, connections
from django.test.utils import CaptureQueriesContext

from fawang.accounts.enums import Role
from fawang.accounts.tests.factories import StaffFactory
from fawang.audit.models import AuditEntry
from fawang.core.calendar import TZ
from fawang.notify.models import InboxMessage
from fawang.orders.enums import EventKind, SupervisionKind, SupervisionStatus
from fawang.orders.models import OrderEvent, SupervisionOrder
from fawang.orders.sweep import SweepReport, sweep_deadlines

pytestmark = pytest.mark.django_db


def at(*args: int) -> dt.datetime:
    return dt.datetime(*args, tzinfo=TZ)


@pytest.fixture
def wuhou_point_staff(network):
    return StaffFactory(
        username="wuhou_point_staff",
        display_name="武侯区中心 值班员",
        jurisdiction_region_id="510107",
        service_point=network.wuhou_centre,
        roles=[Role.COUNTY_STAFF],
    )


def test_warns_once_with_a_notice_to_the_handlers_inbox(submit, wuhou_point_staff):
    order = submit(now=at(2026, 11, 2, 10, 0))  # due Mon 9 Nov, warning Fri 6 Nov
    assert sweep_deadlines(now=at(2026, 11, 6, 12, 0)).warned == []
    report = sweep_deadlines(now=at(2026, 11, 7, 8, 0))
    assert report.warned == [order.tracking_no] and report.overdue == []
    assert order.clocks.get().warned_at == at(2026, 11, 7, 8, 0)
    warned = order.events.get(kind=EventKind.WARNED)
    assert not warned.is_public  # the applicant's timeline does not show internal alarms
    notice = InboxMessage.objects.get(recipient=wuhou_point_staff, order=order)
    assert order.tracking_no in notice.title
    # Run again: nothing new.
    assert sweep_deadlines(now=at(2026, 11, 7, 9, 0)).warned == []
    assert order.events.filter(kind=EventKind.WARNED).count() == 1


def test_the_practitioner_an_order_is_assigned_to_is_told_too(submit, wuhou_point_staff):
    from fawang.notify.models import InboxMessage
    from fawang.orders.tests.factories import PractitionerFactory

    lawyer = StaffFactory(username="wuhou_lawyer", jurisdiction_region_id="510107", roles=[Role.PRACTITIONER])
    practitioner = PractitionerFactory(user=lawyer)
    order = submit(now=at(2026, 11, 2, 10, 0))
    from fawang.orders.models import ServiceOrder

    ServiceOrder.objects.filter(pk=order.pk).update(assigned_practitioner=practitioner)
    sweep_deadlines(now=at(2026, 11, 7, 8, 0))
    told = set(InboxMessage.objects.filter(order=order).values_list("recipient__username", flat=True))
    assert told == {"wuhou_point_staff", "wuhou_lawyer"}


def test_overdue_order_gets_a_supervision_order_to_the_level_above_its_handler(submit):
    order = submit(now=at(2026, 11, 2, 10, 0))
    report = sweep_deadlines(now=at(2026, 11, 10, 9, 0))
    assert report.overdue == [order.tracking_no]
    supervision = SupervisionOrder.objects.get(order=order)
    assert supervision.kind == SupervisionKind.AUTO_OVERDUE
    assert supervision.issued_to_region_id == "510100"  # Wuhou (county) → Chengdu (prefecture)
    assert supervision.deadline == at(2026, 11, 13, 23, 59, 59)  # 3 working days
    assert order.events.filter(kind=EventKind.OVERDUE).count() == 1
    assert order.events.filter(kind=EventKind.SUPERVISION_ISSUED).count() == 1
    assert sweep_deadlines(now=at(2026, 11, 10, 10, 0)).overdue == []
    assert SupervisionOrder.objects.count() == 1


def test_unanswered_supervision_escalates_and_answered_does_not(submit, network):
    late = submit(now=at(2026, 11, 2, 10, 0))
    litang = submit(now=at(2026, 11, 2, 10, 0), region="513334100")
    sweep_deadlines(now=at(2026, 11, 10, 9, 0))
    answered = SupervisionOrder.objects.get(order=litang)
    assert answered.issued_to_region_id == "513300"
    SupervisionOrder.objects.filter(pk=answered.pk).update(status=SupervisionStatus.ANSWERED)
    report = sweep_deadlines(now=at(2026, 11, 14, 9, 0))
    parent = SupervisionOrder.objects.get(order=late, parent__isnull=True)
    assert report.escalated == [parent.pk]
    parent.refresh_from_db()
    assert parent.status == SupervisionStatus.ESCALATED
    child = parent.escalations.get()
    assert child.kind == SupervisionKind.ESCALATION and child.issued_to_region_id == "510000"
    assert late.events.filter(kind=EventKind.SUPERVISION_ESCALATED).count() == 1
    assert not SupervisionOrder.objects.filter(order=litang, kind=SupervisionKind.ESCALATION).exists()
    assert sweep_deadlines(now=at(2026, 11, 14, 10, 0)).escalated == []


def test_closed_and_resolved_orders_are_left_alone(submit, wuhou_clerk):
    from fawang.orders import services

    order = submit(now=at(2026, 11, 2, 10, 0))
    services.order_accept(actor=wuhou_clerk, order=order)
    services.order_start(actor=wuhou_clerk, order=order)
    services.order_resolve(actor=wuhou_clerk, order=order, resolution="已答复")
    report = sweep_deadlines(now=at(2026, 11, 30, 9, 0))
    assert report.warned == [] and report.overdue == []


@pytest.mark.django_db(transaction=True)
def test_two_workers_sweeping_at_once_act_once_per_order(network, submit):
    orders = [submit(now=at(2026, 11, 2, 10, 0)) for _ in range(12)]
    now = at(2026, 11, 10, 9, 0)
    reports = []
    if connection.vendor == "postgresql":
        barrier = threading.Barrier(2)
        errors: list[BaseException] = []

        def worker() -> None:
            try:
                barrier.wait(timeout=10)
                # Small batches, so the two workers interleave claims over several transactions.
                reports.append(sweep_deadlines(now=now, batch=3))
            except BaseException as exc:  # surfaced below
                errors.append(exc)
            finally:
                connections.close_all()

        threads = [threading.Thread(target=worker) for _ in range(2)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=60)
        assert not errors
    else:
        reports = [sweep_deadlines(now=now, batch=3), sweep_deadlines(now=now, batch=3)]
    for order in orders:
        assert OrderEvent.objects.filter(order=order, kind=EventKind.WARNED).count() == 1
        assert OrderEvent.objects.filter(order=order, kind=EventKind.OVERDUE).count() == 1
        assert SupervisionOrder.objects.filter(order=order).count() == 1
    # Between them the workers reported each order exactly once.
    numbers = sorted(o.tracking_no for o in orders)
    assert sorted(no for r in reports for no in r.warned) == numbers
    assert sorted(no for r in reports for no in r.overdue) == numbers
    assert AuditEntry.objects.filter(action="order.overdue").count() == 12


def test_a_batch_costs_the_same_queries_for_3_orders_as_for_12(network, submit):
    def sweep_queries(count: int, day: int) -> tuple[int, SweepReport]:
        for _ in range(count):
            submit(now=at(2026, 11, day, 10, 0))
        with CaptureQueriesContext(connection) as ctx:
            report = sweep_deadlines(now=at(2026, 11, day + 8, 9, 0))
        assert len(report.overdue) == count and len(report.warned) == count
        return len(ctx.captured_queries), report

    few, _ = sweep_queries(3, 2)
    SupervisionOrder.objects.update(status=SupervisionStatus.ANSWERED)  # nothing to escalate later
    many, report = sweep_queries(12, 16)
    assert many == few, "a query per order crept into the sweep"
    assert report.batches == 2  # one transaction for the warnings, one for the overdue orders
    supervision = SupervisionOrder.objects.filter(order__tracking_no=report.overdue[-1]).get()
    assert supervision.kind == SupervisionKind.AUTO_OVERDUE
    assert AuditEntry.objects.filter(action="supervision.issue", entity_id=str(supervision.pk)).exists()


def test_a_row_that_fails_is_left_for_the_next_run_and_the_rest_are_done(submit, monkeypatch):
    from fawang.orders import sweep

    orders = [submit(now=at(2026, 11, 2, 10, 0)) for _ in range(4)]
    broken = orders[1]
    real = sweep.supervision_region_above

    def flaky(path: str) -> str:
        if flaky.broken:
            raise RuntimeError("region table unavailable")
        return real(path)

    flaky.broken = False
    original_due_text = sweep._due_text

    def due_text(clock):  # fails for one order's clock only, inside the batch's transaction
        flaky.broken = clock.order_id == broken.pk
        return original_due_text(clock)

    monkeypatch.setattr(sweep, "supervision_region_above", flaky)
    monkeypatch.setattr(sweep, "_due_text", due_text)
    report = sweep_deadlines(now=at(2026, 11, 10, 9, 0))
    assert report.failed == 1
    assert sorted(report.overdue) == sorted(o.tracking_no for o in orders if o.pk != broken.pk)
    broken.refresh_from_db()
    assert broken.clocks.get().overdue_at is None
    assert not SupervisionOrder.objects.filter(order=broken).exists()
    assert SupervisionOrder.objects.count() == 3

    monkeypatch.setattr(sweep, "_due_text", original_due_text)
    flaky.broken = False
    assert sweep_deadlines(now=at(2026, 11, 10, 9, 5)).overdue == [broken.tracking_no]


def test_the_sweep_queries_can_use_the_partial_indexes(submit):
    """The warning and overdue queries match the partial indexes' conditions, so the database reads only
    due rows, not every open order (on PostgreSQL checked with sequential scans disabled, as a tiny table would be scanned)."""
    submit(now=at(2026, 11, 2, 10, 0))
    from fawang.orders.models import OrderClock

    now = at(2026, 11, 10, 9, 0)
    running = OrderClock.objects.filter(stopped_at__isnull=True, paused_at__isnull=True)
    warn = running.filter(warned_at__isnull=True, warn_at__lte=now)
    due = running.filter(overdue_at__isnull=True, due_at__lte=now)
    if connection.vendor != "postgresql":
        # SQLite cannot prove a partial index's condition from bound parameters, so it never uses
        # these indexes; production and CI run PostgreSQL, where this is checked.
        pytest.skip("partial-index plans are checked on PostgreSQL")
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
    assert "clock_warn_due" in warn.order_by("warn_at").explain()
    assert "clock_overdue_due" in due.order_by("due_at").explain()
    # And the statements the sweep actually runs: its batch claims.
    from fawang.orders.sweep import claim_statement, escalate_claim, overdue_claim, warn_claim

    for claim, index in (
        (warn_claim(now), "clock_warn_due"),
        (overdue_claim(now), "clock_overdue_due"),
        (escalate_claim(now), "supervision_open_deadline"),
    ):
        sql, params = claim_statement(claim, limit=500)
        with connection.cursor() as cursor:
            cursor.execute("EXPLAIN " + sql, params)
            plan = "\n".join(row[0] for row in cursor.fetchall())
        assert index in plan and "LockRows" in plan, plan


def test_command_and_task_run_the_sweep(submit, django_capture_on_commit_callbacks):
    from io import StringIO

    from django.core.management import call_command

    from fawang.orders.tasks import sweep_deadlines_task

    submit(now=at(2026, 11, 2, 10, 0))
    out = StringIO()
    call_command("sweep_deadlines", stdout=out)
    assert "overdue=1" in out.getvalue() and "warned=1" in out.getvalue()
    # The periodic task (ImmediateBackend in tests and `make run`) runs after the enqueuing commit.
    with django_capture_on_commit_callbacks(execute=True):
        result = sweep_deadlines_task.enqueue()
    assert result.return_value["overdue"] == 0
