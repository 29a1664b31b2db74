"""The figures' rollups (docs/adr/0016): kept exactly in step by every write, equal to a rebuild, and
the figures read from them equal to counting the orders and ratings themselves."""

from __future__ import annotations

import datetime as dt
import threading
from collections import Counter

import pytest
from django.core.management import call_command
from django.db import connection, connections
from django.db.models import Count
from django.utils import timezone

from fawang.accounts import policy
from fawang.accounts.enums import Role
from fawang.accounts.tests.factories import StaffFactory
from fawang.feedback.models import Evaluation, RatingTally
from fawang.feedback.selectors import satisfaction_summary
from fawang.feedback.services import evaluation_submit
from fawang.orders import services
from fawang.orders.enums import Channel, OrderStatus
from fawang.orders.models import OrderTally, ServiceOrder
from fawang.orders.selectors import on_time_rate, order_figures, tallied_on_time_rate
from fawang.regions.models import Region

PHONE = "13800138000"  # the `submit` fixture's applicant


@pytest.fixture
def analyst(sichuan):
    return StaffFactory(username="analyst", jurisdiction_region_id="510000", roles=[Role.ANALYST])


def _tallies() -> tuple[dict, dict]:
    """What the rollups hold (rows that count anything), as comparable dicts."""
    orders = {
        (t.dimension, t.value, t.region_path, t.handler_region_path, t.assigned_institution_id,
         t.assigned_practitioner_id): (t.orders, t.finished, t.on_time)
        for t in OrderTally.objects.all()
        if (t.orders, t.finished, t.on_time) != (0, 0, 0)
    }  # fmt: skip
    ratings = {
        (t.day, t.level, t.region_path, t.handler_region_path, t.assigned_institution_id,
         t.assigned_practitioner_id): t.ratings
        for t in RatingTally.objects.all()
        if t.ratings
    }  # fmt: skip
    return orders, ratings


def _rebuilt() -> tuple[dict, dict]:
    call_command("rollups_rebuild", stdout=open("/dev/null", "w"))  # noqa: SIM115
    return _tallies()


def _rate(order: ServiceOrder, level: int) -> None:
    evaluation_submit(
        actor=None,
        order=ServiceOrder.objects.get(pk=order.pk),
        level=level,
        comment="" if level <= 3 else "没有解决问题",
        channel=Channel.WEB,
        phone=PHONE,
    )


def _fresh(order: ServiceOrder) -> ServiceOrder:
    return ServiceOrder.objects.get(pk=order.pk)


def _live_figures(actor, now):
    """The figures as they were computed before the rollups: counting the scoped orders."""
    orders = policy.scope_figures(actor, ServiceOrder.objects.all())
    per_status = {r["status"]: r["n"] for r in orders.values("status").annotate(n=Count("pk")).order_by()}
    per_channel = {r["channel"]: r["n"] for r in orders.values("channel").annotate(n=Count("pk")).order_by()}
    per_item = {
        r["service_item"]: r["n"] for r in orders.values("service_item").annotate(n=Count("pk")).order_by()
    }
    return per_status, per_channel, per_item, on_time_rate(orders, now=now)


def test_rollups_equal_a_rebuild_after_a_mixed_sequence(
    submit, network, wuhou_clerk, ganzi_clerk, provincial_admin, chengdu_supervisor, analyst
):
    o = services
    # Resolved and rated satisfied: closed.
    first = submit()
    o.order_accept(actor=wuhou_clerk, order=first)
    o.order_start(actor=wuhou_clerk, order=_fresh(first))
    o.order_resolve(actor=wuhou_clerk, order=_fresh(first), resolution="已答复。")
    _rate(first, 2)
    # Transferred to another county, resolved there, rated badly (reopened), transferred back with its
    # rating, resolved and closed.
    moved = submit()
    o.order_accept(actor=wuhou_clerk, order=moved)
    o.order_transfer(
        actor=provincial_admin, order=_fresh(moved), reason="属地管辖", to_point=network.litang_centre
    )
    o.order_accept(actor=ganzi_clerk, order=_fresh(moved))
    o.order_start(actor=ganzi_clerk, order=_fresh(moved))
    o.order_resolve(actor=ganzi_clerk, order=_fresh(moved), resolution="已答复。")
    _rate(moved, 5)
    assert _fresh(moved).status == OrderStatus.REOPENED
    o.order_start(actor=ganzi_clerk, order=_fresh(moved))
    o.order_transfer(
        actor=provincial_admin, order=_fresh(moved), reason="退回", to_point=network.wuhou_centre
    )
    o.order_accept(actor=wuhou_clerk, order=_fresh(moved))
    o.order_start(actor=wuhou_clerk, order=_fresh(moved))
    o.order_resolve(actor=wuhou_clerk, order=_fresh(moved), resolution="再次答复。")
    o.order_close(actor=wuhou_clerk, order=_fresh(moved), reason="申请人认可。")
    # Legal aid (an institution's order) rejected; one suspended and resumed; one left waiting.
    rejected = submit(service_item=network.legal_aid)
    o.order_reject(actor=wuhou_clerk, order=rejected, reason="不属于法律援助范围。")
    waiting = submit()
    o.order_accept(actor=wuhou_clerk, order=waiting)
    o.order_suspend(actor=wuhou_clerk, order=_fresh(waiting), reason="请补充劳动合同。")
    o.order_resume(actor=wuhou_clerk, order=_fresh(waiting))
    overdue = submit(region=Region.objects.get(code="513334"))
    # Fixes made beside the services (the admin, a bulk update) move the rollups too.
    now = timezone.now()
    ServiceOrder.objects.filter(pk=first.pk).update(due_at=_fresh(first).resolved_at - dt.timedelta(hours=1))
    ServiceOrder.objects.filter(pk=overdue.pk).update(due_at=now - dt.timedelta(hours=1))
    Evaluation.objects.filter(order=first).update(counts_in_statistics=False)

    kept = _tallies()
    assert kept[0] and kept[1]  # something was counted
    assert kept == _rebuilt()
    # The rating given in Litang moved back to Wuhou with its order.
    assert {key[3] for key in kept[1]} == {_fresh(moved).handler_region_path}

    for actor in (analyst, chengdu_supervisor, provincial_admin):
        figures = order_figures(actor=actor, now=now)
        per_status, per_channel, per_item, rate = _live_figures(actor, now)
        assert figures.on_time == rate
        assert figures.total == sum(per_status.values())
        assert [n for _label, n in figures.by_status] == [
            per_status[s] for s in OrderStatus.values if s in per_status
        ]
        assert sum(n for _l, n in figures.by_channel) == sum(per_channel.values())
        assert sorted(n for _l, n in figures.by_service) == sorted(per_item.values())
    assert order_figures(actor=analyst, now=now).on_time.open_overdue == 1
    # The supervision page's rate, scoped as the supervisor reads orders.
    assert tallied_on_time_rate(actor=chengdu_supervisor, reading="orders", now=now) == on_time_rate(
        policy.scope_orders(chengdu_supervisor, ServiceOrder.objects.all()), now=now
    )


def test_a_rebuild_puts_right_what_a_load_without_triggers_left_out(submit, analyst):
    submit()
    OrderTally.objects.all().delete()  # as after a bulk load with triggers off
    assert order_figures(actor=analyst).total == 0

    call_command("rollups_rebuild", stdout=open("/dev/null", "w"))  # noqa: SIM115

    assert order_figures(actor=analyst).total == 1


def _evaluation_at(order: ServiceOrder, at: dt.datetime, level: int, round_no: int) -> None:
    Evaluation.objects.create(order=order, round=round_no, level=level, channel=Channel.WEB, created_at=at)


def test_satisfaction_over_whole_and_part_days_equals_counting_the_ratings(submit, chengdu_supervisor):
    """The summary reads whole days from the rollup and the part days at either end from the ratings:
    a rating at the very start counts, one at the very end does not, as counting them all gives."""
    wuhou, litang = submit(), submit(region=Region.objects.get(code="513334"))
    until = dt.datetime(2026, 11, 30, 9, 30, tzinfo=dt.UTC)
    since = until - dt.timedelta(days=30)
    times = [
        since - dt.timedelta(seconds=1),  # before the period
        since,  # its first instant
        since.replace(hour=23, minute=59),  # the part day at the start
        dt.datetime(2026, 11, 1, tzinfo=dt.UTC),  # a UTC midnight
        dt.datetime(2026, 11, 15, 12, tzinfo=dt.UTC),  # a whole day
        until.replace(hour=0),  # the part day at the end
        until - dt.timedelta(microseconds=1),  # its last instant
        until,  # after the period
    ]
    for n, at in enumerate(times):
        _evaluation_at(wuhou, at, 1 + n % 5, n + 1)
        _evaluation_at(litang, at, 5, n + 1)  # outside the Chengdu supervisor's jurisdiction

    summary = satisfaction_summary(chengdu_supervisor, since, until)

    inside = [1 + n % 5 for n, at in enumerate(times) if since <= at < until]
    assert summary.counts == {level: Counter(inside)[level] for level in range(1, 6)}
    assert summary.total == 6
    assert RatingTally.objects.filter(day=dt.date(2026, 11, 15)).exists()  # read from the rollup


@pytest.mark.skipif(connection.vendor != "postgresql", reason="concurrent writers need PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_concurrent_intakes_into_one_place_all_count(submit, analyst):
    submit()  # warm the routing index; the place's rows exist
    errors: list[BaseException] = []
    start = threading.Barrier(4)

    def intake_many() -> None:
        try:
            start.wait()
            for _ in range(5):
                submit()
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=intake_many) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert not errors
    assert order_figures(actor=analyst).total == 21 == ServiceOrder.objects.count()
    assert _tallies() == _rebuilt()
