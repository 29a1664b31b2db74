"""Two duty lawyers press "take" on the same question at the same moment: one wins, the other is told
(on PostgreSQL two threads meet at a barrier; SQLite serialises writers, so there they take in turn)."""

from __future__ import annotations

import threading

import pytest
from django.db import connection, connections

from fawang.core.errors import Conflict
from fawang.orders.engine import order_act
from fawang.orders.models import OrderEvent, ServiceOrder


@pytest.mark.django_db(transaction=True)
def test_two_lawyers_taking_at_once_one_wins(ask, duty_lawyer, second_lawyer):
    order = ask()
    outcomes: list[str] = []
    errors: list[BaseException] = []

    def take(lawyer) -> None:
        mine = ServiceOrder.objects.get(pk=order.pk)
        try:
            order_act(actor=lawyer, order=mine, action="consult_take")
            outcomes.append(lawyer.username)
        except Conflict:
            outcomes.append("conflict")

    if connection.vendor == "postgresql":
        barrier = threading.Barrier(2)

        def worker(lawyer) -> None:
            try:
                barrier.wait(timeout=10)
                take(lawyer)
            except BaseException as exc:  # surfaced below
                errors.append(exc)
            finally:
                connections.close_all()

        threads = [threading.Thread(target=worker, args=(who,)) for who in (duty_lawyer, second_lawyer)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=60)
    else:
        take(duty_lawyer)
        take(second_lawyer)
    assert not errors
    assert sorted(outcomes).count("conflict") == 1 and len(outcomes) == 2
    order.refresh_from_db()
    winner = next(o for o in outcomes if o != "conflict")
    assert order.assigned_practitioner.user.username == winner
    assert OrderEvent.objects.filter(order=order, kind="consult_taken").count() == 1
