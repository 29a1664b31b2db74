"""The applicant's notice of an order change is queued with the change (the notify app's outbox,
docs/adr/0017): never sent for a change that rolled back, never before the commit, and with
production's database backend written, with a delivery task when none is queued, in the same
transaction as the order. And the intake's round trips stay few."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import translation
from django_tasks_db.models import DBTaskResult

from fawang.notify.models import InboxMessage, PendingNotice, SmsMessage
from fawang.orders import services
from fawang.orders.enums import OrderStatus
from fawang.orders.models import ServiceOrder
from fawang.regions.models import Region

pytestmark = pytest.mark.django_db

DB_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@pytest.fixture
def db_tasks(settings):
    settings.TASKS = DB_TASKS


def _submitted_label() -> str:
    with translation.override("zh-hans"):
        return str(OrderStatus.SUBMITTED.label)


def test_immediate_backend_sends_the_notice_only_after_the_commit(submit, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        order = submit()
        assert not SmsMessage.objects.exists() and not InboxMessage.objects.exists()
    for callback in callbacks:  # what the commit runs
        callback()
    sms = SmsMessage.objects.get()
    assert sms.order_id == order.pk and order.tracking_no in sms.text
    assert InboxMessage.objects.filter(order=order).count() == 1


def test_immediate_backend_sends_nothing_for_a_rolled_back_intake(submit, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(RuntimeError), transaction.atomic():
        submit()
        raise RuntimeError("the caller's transaction fails after the intake")
    assert not ServiceOrder.objects.exists()
    assert not SmsMessage.objects.exists() and not InboxMessage.objects.exists()


def test_database_backend_writes_the_notice_and_its_delivery_in_the_orders_transaction(db_tasks, submit):
    with pytest.raises(RuntimeError), transaction.atomic():
        order = submit()
        job = DBTaskResult.objects.get()  # inside the transaction, before any commit
        assert job.task_path == "fawang.notify.tasks.deliver_notices_task"
        notice = PendingNotice.objects.get()
        assert (notice.order_id, notice.status) == (order.pk, OrderStatus.SUBMITTED)
        assert notice.event_id == order.events.get(kind="submitted").pk
        raise RuntimeError("roll back")
    assert not DBTaskResult.objects.exists()  # rolled back with the order: no notice for no order
    assert not PendingNotice.objects.exists()
    assert not ServiceOrder.objects.exists()


def test_a_queued_delivery_is_not_queued_again(db_tasks, submit, wuhou_clerk):
    order = submit()
    services.order_accept(actor=wuhou_clerk, order=submit())
    services.order_accept(actor=wuhou_clerk, order=order)
    # Four notices, one delivery task: it delivers whatever is pending when it runs.
    assert PendingNotice.objects.count() == 4
    assert DBTaskResult.objects.count() == 1


@pytest.mark.django_db(transaction=True)  # the worker runs its own transactions, as in production
def test_the_worker_reports_the_status_as_of_the_event(db_tasks, submit, wuhou_clerk):
    order = submit()
    services.order_accept(actor=wuhou_clerk, order=order)  # before the worker gets to the first notice
    assert PendingNotice.objects.count() == 2 and not SmsMessage.objects.exists()
    call_command("db_worker", "--batch", "--no-startup-delay", "--interval", "0", verbosity=0)
    assert set(DBTaskResult.objects.values_list("status", flat=True)) == {"SUCCESSFUL"}
    first, second = SmsMessage.objects.order_by("id")
    assert _submitted_label() in first.text  # not the "accepted" the order has by now
    assert first.template == "order.submitted" and second.template == "order.accepted"
    assert InboxMessage.objects.filter(order=order).count() == 2
    assert not PendingNotice.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_the_worker_tells_nobody_of_a_rolled_back_intake(db_tasks, submit):
    kept = submit()
    with pytest.raises(RuntimeError), transaction.atomic():
        submit(applicant_phone="13900000009")
        raise RuntimeError("the caller's transaction fails after the intake")
    call_command("db_worker", "--batch", "--no-startup-delay", "--interval", "0", verbosity=0)
    assert list(SmsMessage.objects.values_list("order_id", flat=True)) == [kept.pk]
    assert list(InboxMessage.objects.values_list("order_id", flat=True)) == [kept.pk]
    assert not PendingNotice.objects.exists()


def test_intake_is_four_writes_in_one_transaction(db_tasks, network, hotline_agent):
    """validate, route, time limit, audit and the notice: INSERT order, INSERT its first clock and
    both events (one statement on PostgreSQL, two elsewhere), INSERT the notice into the outbox, INSERT
    audit entry, plus one read (is a delivery task queued already? here yes: the first intake's) and
    the transaction's own statements."""
    kwargs = {
        "actor": hotline_agent,
        "channel": "hotline",
        "service_item": network.consult,
        "region": Region.objects.get(code="510107001"),
        "description": "公司拖欠三个月工资，想咨询如何维权。",
        "applicant_kind": "citizen",
        "applicant_name": "王明",
        "applicant_phone": "13800138000",
    }
    services.order_submit(**kwargs)  # warm the routing index and the calendar
    with CaptureQueriesContext(connection) as ctx:
        order = services.order_submit(**kwargs)
    writes = [q["sql"] for q in ctx.captured_queries if q["sql"].startswith(("INSERT", "WITH"))]
    tables = [[part.split('"')[1] for part in statement.split("INSERT INTO ")[1:]] for statement in writes]
    together = connection.vendor == "postgresql"
    clock_and_events = (
        [["orders_orderclock", "orders_orderevent"]]
        if together
        else [
            ["orders_orderclock"],
            ["orders_orderevent"],
        ]
    )
    assert tables == [
        ["orders_serviceorder"],
        *clock_and_events,
        [PendingNotice._meta.db_table],
        ["audit_auditentry"],
    ]
    # The only other statements: the queue check and the transaction (here a savepoint inside the
    # test's transaction).
    reads = [q["sql"] for q in ctx.captured_queries if q["sql"].startswith("SELECT")]
    assert len(reads) == 1 and DBTaskResult._meta.db_table in reads[0]
    assert len(ctx.captured_queries) <= len(writes) + 3, [q["sql"][:80] for q in ctx.captured_queries]
    assert order.clocks.get().name == "handle"
    assert [e.kind for e in order.events.order_by("id")] == ["submitted", "routed"]
    assert order.routing_reason and order.due_at and order.warn_at


def test_a_tracking_number_collision_retries_the_whole_intake(db_tasks, submit):
    from unittest import mock

    from fawang.orders.tracking import damm_check_digit

    first = submit()
    fresh = "SC261125424242" + damm_check_digit("261125424242")
    numbers = iter([first.tracking_no, fresh])
    with mock.patch(
        "fawang.orders.services.intake.new_tracking_number", side_effect=lambda today: next(numbers)
    ):
        second = submit()
    assert second.tracking_no == fresh
    # The failed attempt left nothing: one event pair, one audit entry and one notice per order.
    assert second.events.count() == 2
    assert PendingNotice.objects.count() == 2
