"""Notices queued in the outbox are delivered in batches (docs/adr/0017): each exactly once, in the
applicant's language, with the status as of the change, for a number of queries that does not grow
with the batch; never twice by two deliveries at once; and a crash mid-batch sends nothing, the next
delivery sending each notice once."""

from __future__ import annotations

import datetime as dt
import threading

import pytest
from django.db import connection, connections, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation

from fawang.accounts.tests.minimal_rows import service_order
from fawang.notify import outbox, services
from fawang.notify.models import InboxMessage, PendingNotice, SmsMessage
from fawang.notify.outbox import MAX_DELIVERY_ATTEMPTS, notices_deliver, notices_queue
from fawang.notify.sms import RecordingSmsBackend
from fawang.orders.enums import OrderStatus
from fawang.orders.models import OrderEvent, ServiceOrder

pytestmark = pytest.mark.django_db

_phones = iter(range(10_000_000))


def _queue(n: int, *, kind: str = "accepted", status: str = "accepted", **order_fields) -> list[ServiceOrder]:
    """`n` orders, each with an event of `kind` whose notice waits in the outbox, as a change leaves it."""
    orders = [
        service_order("510107", phone=f"139{next(_phones):08d}", status=status, **order_fields)
        for _ in range(n)
    ]
    events = [
        OrderEvent.objects.create(
            order=o, kind=kind, to_status=status, is_public=True, created_at=timezone.now()
        )
        for o in orders
    ]
    notices_queue(events)
    return orders


def _label(status: str) -> str:
    with translation.override("zh-hans"):
        return str(OrderStatus(status).label)


def _told_once(orders: list[ServiceOrder]) -> None:
    for order in orders:
        assert InboxMessage.objects.filter(order=order).count() == 1, order.tracking_no
        assert SmsMessage.objects.filter(order=order).count() == 1, order.tracking_no


def test_each_notice_is_delivered_once_with_the_status_as_of_the_change(sichuan):
    orders = _queue(3)
    ServiceOrder.objects.filter(pk=orders[0].pk).update(status=OrderStatus.IN_PROGRESS)  # moved on since

    report = notices_deliver()

    assert (report.delivered, report.batches) == (3, 1)
    _told_once(orders)
    first = SmsMessage.objects.get(order=orders[0])
    assert _label("accepted") in first.text and _label("in_progress") not in first.text
    assert first.template == "order.accepted" and first.status == "recorded"
    assert not PendingNotice.objects.exists()
    assert notices_deliver().delivered == 0  # nothing is told twice
    _told_once(orders)


def test_a_batch_costs_the_same_queries_for_3_notices_as_for_30(sichuan, citizen):
    def delivery_queries(n: int) -> int:
        orders = _queue(n - n // 3)
        orders += _queue(n // 3, language="bo")  # Tibetan texts
        for _ in range(n // 3):  # account holders: the inbox of their account, the phone from it
            orders.append(service_order("510107", applicant=citizen, phone="", status="accepted"))
            notices_queue(
                [OrderEvent.objects.create(order=orders[-1], kind="accepted", created_at=timezone.now())]
            )
        with CaptureQueriesContext(connection) as ctx:
            report = notices_deliver()
        assert report.delivered == len(orders)
        assert InboxMessage.objects.filter(order__in=orders).count() == len(orders)
        assert SmsMessage.objects.filter(order__in=orders).count() == len(orders)
        return len(ctx.captured_queries)

    delivery_queries(3)  # the content translations of both languages are read once, then cached
    few, many = delivery_queries(3), delivery_queries(30)
    assert many == few, "a query per notice crept into the delivery"
    assert SmsMessage.objects.filter(order__applicant=citizen).first().phone == citizen.phone


@pytest.mark.django_db(transaction=True)
def test_two_deliveries_at_once_tell_each_applicant_once(sichuan):
    orders = _queue(40)
    reports = []
    if connection.vendor == "postgresql":
        barrier = threading.Barrier(2)
        errors: list[BaseException] = []

        def deliverer() -> None:
            try:
                barrier.wait(timeout=10)
                # Small batches, so the two interleave their claims over many transactions.
                reports.append(notices_deliver(batch=3))
            except BaseException as exc:  # surfaced below
                errors.append(exc)
            finally:
                connections.close_all()

        threads = [threading.Thread(target=deliverer) for _ in range(2)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=60)
        assert not errors
    else:  # SQLite: one writer at a time
        reports = [notices_deliver(batch=3), notices_deliver(batch=3)]
    _told_once(orders)
    assert sum(r.delivered for r in reports) == 40
    assert not PendingNotice.objects.exists()


def test_a_crash_mid_batch_sends_nothing_and_the_next_delivery_sends_each_once(sichuan, monkeypatch):
    orders = _queue(5)

    def worker_killed(self, messages):  # after the inbox rows were written, before the texts
        raise KeyboardInterrupt

    with monkeypatch.context() as patch:
        patch.setattr(RecordingSmsBackend, "send_many", worker_killed)
        with pytest.raises(KeyboardInterrupt):
            notices_deliver()
    assert not InboxMessage.objects.exists() and not SmsMessage.objects.exists()
    assert list(PendingNotice.objects.values_list("attempts", flat=True)) == [0] * 5  # all still to send

    assert notices_deliver().delivered == 5
    _told_once(orders)
    assert not PendingNotice.objects.exists()


def test_a_notice_that_fails_on_its_own_waits_and_the_rest_of_its_batch_is_delivered(sichuan, monkeypatch):
    orders = _queue(4)
    broken = orders[2]
    real_texts = services._event_texts

    def texts(order, event, *rest):
        if order.pk == broken.pk:
            raise RuntimeError("translation row unreadable")
        return real_texts(order, event, *rest)

    monkeypatch.setattr(services, "_event_texts", texts)
    report = notices_deliver()
    assert (report.delivered, report.failed) == (3, 1)
    _told_once([o for o in orders if o != broken])
    assert not InboxMessage.objects.filter(order=broken).exists()
    left = PendingNotice.objects.get()
    assert (
        left.order_id == broken.pk and left.attempts == 1 and "translation row unreadable" in left.last_error
    )

    monkeypatch.setattr(services, "_event_texts", real_texts)
    assert notices_deliver().delivered == 1
    _told_once(orders)


def test_a_notice_that_keeps_failing_is_kept_for_an_operator_and_not_tried_again(sichuan):
    orders = _queue(2)
    PendingNotice.objects.filter(order=orders[0]).update(attempts=MAX_DELIVERY_ATTEMPTS, last_error="boom")
    assert notices_deliver().delivered == 1
    assert not InboxMessage.objects.filter(order=orders[0]).exists()
    assert PendingNotice.objects.get().order_id == orders[0].pk


def test_a_failing_sms_gateway_leaves_the_inbox_messages(sichuan, monkeypatch):
    orders = _queue(2)

    def gateway_down(self, messages):
        raise ConnectionError("gateway unreachable")

    monkeypatch.setattr(RecordingSmsBackend, "send_many", gateway_down)
    assert notices_deliver().delivered == 2
    assert InboxMessage.objects.filter(order__in=orders).count() == 2 and not SmsMessage.objects.exists()
    assert not PendingNotice.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_a_delivery_that_finds_nothing_waits_for_a_transaction_still_queueing_a_notice(sichuan):
    """The notice of a change whose transaction saw a delivery task queued, when that task started and
    found nothing before the change committed: the task does not stop before it has looked again."""
    if connection.vendor != "postgresql":
        pytest.skip("SQLite runs one writer at a time: the task cannot start while a change is in flight")
    order = service_order("510107", status="accepted")
    event = OrderEvent.objects.create(order=order, kind="accepted", created_at=timezone.now())
    queued, release = threading.Event(), threading.Event()
    errors: list[BaseException] = []

    def change() -> None:
        try:
            with transaction.atomic():
                notices_queue([OrderEvent.objects.select_related("order").get(pk=event.pk)])
                queued.set()
                release.wait(timeout=10)
        except BaseException as exc:  # surfaced below
            errors.append(exc)
        finally:
            connections.close_all()

    thread = threading.Thread(target=change)
    thread.start()
    assert queued.wait(timeout=10)
    # Without waiting, the delivery sees an empty outbox and stops.
    assert notices_deliver(wait_for_writers=False).delivered == 0
    threading.Timer(0.05, release.set).start()  # the change commits while the delivery waits
    report = notices_deliver(wait_for_writers=True)
    thread.join(timeout=10)
    assert not errors
    assert report.delivered == 1 and not report.more
    _told_once([order])


@pytest.mark.django_db(transaction=True)
def test_a_delivery_that_cannot_wait_any_longer_queues_a_successor(sichuan, settings, monkeypatch):
    """A change holding its transaction open past the wait's timeout: the delivery task stops rather
    than hold up intake, and leaves a delivery queued for the notice still to come."""
    from django_tasks_db.models import DBTaskResult

    from fawang.notify.tasks import deliver_notices_task

    if connection.vendor != "postgresql":
        pytest.skip("SQLite runs one writer at a time: the task cannot start while a change is in flight")
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    monkeypatch.setattr(outbox, "WRITERS_LOCK_TIMEOUT_MS", 20)
    order = service_order("510107", status="accepted")
    event = OrderEvent.objects.create(order=order, kind="accepted", created_at=timezone.now())
    queued, release = threading.Event(), threading.Event()

    def slow_change() -> None:
        try:
            with transaction.atomic():
                notices_queue([OrderEvent.objects.select_related("order").get(pk=event.pk)])
                queued.set()
                release.wait(timeout=10)
        finally:
            connections.close_all()

    thread = threading.Thread(target=slow_change)
    thread.start()
    try:
        assert queued.wait(timeout=10)
        result = deliver_notices_task.call()
    finally:
        release.set()
        thread.join(timeout=10)
    assert result["more"] == 1 and result["delivered"] == 0
    assert DBTaskResult.objects.ready().filter(task_path=deliver_notices_task.module_path).count() == 1
    assert deliver_notices_task.call()["delivered"] == 1  # the successor, once the change committed
    _told_once([order])


def test_a_notice_queued_long_after_its_event_is_still_delivered(sichuan):
    # Deliveries read events within a day of their notices (the month's partition, docs/adr/0015);
    # a notice queued by hand for an old event must not be lost to that bound.
    order = service_order("510107", phone="13900000077", status="accepted")
    event = OrderEvent.objects.create(
        order=order,
        kind="accepted",
        to_status="accepted",
        is_public=True,
        created_at=timezone.now() - dt.timedelta(days=40),
    )
    notices_queue([event])

    report = notices_deliver()

    assert report.delivered == 1
    _told_once([order])
