"""A frozen-clock walk across the National Day holiday of 2026 (1–7 October, with Saturday
10 October an adjusted working day): due date, warning, overdue supervision and its escalation."""

from __future__ import annotations

import datetime as dt

import pytest

from fawang.core.calendar import TZ
from fawang.orders.enums import EventKind, SupervisionKind, SupervisionStatus
from fawang.orders.models import SupervisionOrder
from fawang.orders.sweep import sweep_deadlines

pytestmark = pytest.mark.django_db


def at(*args: int) -> dt.datetime:
    return dt.datetime(*args, tzinfo=TZ)


def test_an_order_across_national_day(submit):
    # Tuesday 29 September, 5 working days: 30 Sep (1), 8 Oct (2), 9 Oct (3), Sat 10 Oct (4, 调休上班),
    # 12 Oct (5). The warning falls at 80 %: the end of the 4th working day, Saturday 10 October.
    order = submit(now=at(2026, 9, 29, 10, 0))
    assert order.due_at == at(2026, 10, 12, 23, 59, 59)
    assert order.warn_at == at(2026, 10, 10, 23, 59, 59)
    assert not order.due_is_provisional

    # During the holiday nothing happens.
    quiet = sweep_deadlines(now=at(2026, 10, 5, 12, 0))
    assert quiet.warned == [] and quiet.overdue == []

    assert sweep_deadlines(now=at(2026, 10, 11, 8, 0)).warned == [order.tracking_no]
    assert sweep_deadlines(now=at(2026, 10, 12, 20, 0)).overdue == []

    report = sweep_deadlines(now=at(2026, 10, 13, 0, 5))
    assert report.overdue == [order.tracking_no]
    first = SupervisionOrder.objects.get(order=order)
    assert first.kind == SupervisionKind.AUTO_OVERDUE
    assert first.issued_to_region_id == "510100"  # the level above Wuhou district's centre
    assert first.deadline == at(2026, 10, 16, 23, 59, 59)  # 14, 15, 16 October

    assert sweep_deadlines(now=at(2026, 10, 16, 18, 0)).escalated == []
    report = sweep_deadlines(now=at(2026, 10, 17, 9, 0))
    assert report.escalated == [first.pk]
    first.refresh_from_db()
    assert first.status == SupervisionStatus.ESCALATED
    second = first.escalations.get()
    assert second.issued_to_region_id == "510000"  # and on to the province
    assert second.deadline == at(2026, 10, 21, 23, 59, 59)  # Mon 19, Tue 20, Wed 21

    kinds = list(order.events.values_list("kind", flat=True))
    assert kinds == [
        EventKind.SUBMITTED,
        EventKind.ROUTED,
        EventKind.WARNED,
        EventKind.OVERDUE,
        EventKind.SUPERVISION_ISSUED,
        EventKind.SUPERVISION_ESCALATED,
    ]
