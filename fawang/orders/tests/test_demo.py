"""The demo orders of `make run`: a believable spread over statuses, channels, items, languages and
regions, made through the real services, and nothing more on a second run."""

import datetime as dt
from collections import Counter

import pytest
from django.db import transaction

from fawang.accounts import policy
from fawang.accounts.models import User
from fawang.catalog.services import catalog_load
from fawang.core.calendar import TZ
from fawang.feedback.models import Evaluation, Review
from fawang.network.demo import demo_users_ensure, network_generate_demo
from fawang.orders import routing
from fawang.orders.demo import (
    REPEAT_CALLER_PHONE,
    demo_orders_ensure,
    demo_tracking_hint,
)
from fawang.orders.models import OrderEvent, ServiceOrder, SupervisionOrder
from fawang.orders.selectors import order_track_public

pytestmark = pytest.mark.django_db

# A Wednesday in late November 2026, inside the official calendar's last year.
NOW = dt.datetime(2026, 11, 25, 11, 0, tzinfo=TZ)


class _Rollback(Exception):
    pass


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """The demo network, accounts and orders, made once for this module inside a transaction that is
    rolled back afterwards, so the other modules start from an empty database."""
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            catalog_load()
            network_generate_demo(seed=2020, today=NOW.date())
            demo_users_ensure()
            routing.invalidate_routing_index()
            first = demo_orders_ensure(now=NOW)
            second = demo_orders_ensure(now=NOW + dt.timedelta(hours=1))
            yield first, second
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)
            routing.invalidate_routing_index()


@pytest.fixture
def reports(demo, db):
    return demo


def test_about_150_orders_in_every_status_a_visitor_should_see(reports):
    first, _second = reports
    assert 140 <= first.created <= 160
    statuses = Counter(ServiceOrder.objects.values_list("status", flat=True))
    assert sum(statuses.values()) == first.created
    for status, at_least in {
        "submitted": 10,
        "accepted": 5,
        "in_progress": 15,
        "suspended": 5,
        "transferred": 1,
        "rejected": 2,
        "resolved": 10,
        "reopened": 1,
        "closed": 25,
    }.items():
        assert statuses[status] >= at_least, (status, statuses)
    assert first.statuses == dict(statuses)


def test_second_run_creates_nothing(reports):
    first, second = reports
    assert second.already_present and second.created == 0
    assert ServiceOrder.objects.count() == first.created
    assert second.hint == first.hint


def test_channels_items_and_languages_are_all_there(reports):
    channels = Counter(ServiceOrder.objects.values_list("channel", flat=True))
    assert {"web", "hotline", "window", "app"} <= set(channels)
    items = set(ServiceOrder.objects.values_list("service_item__code", flat=True))
    # Labour arbitration has its own workflow and demo cases (fawang/arbitration/demo.py).
    assert {"consultation", "legal_aid", "notary", "mediation", "complaint"} <= items
    assert ServiceOrder.objects.filter(resolved_at_first_contact=True, channel="hotline").count() >= 5
    # Tibetan speakers in Litang for the `litang` clerk, Yi speakers in Liangshan.
    assert (
        ServiceOrder.objects.filter(language="bo", region_path__startswith="510000/513300/513334/").count()
        >= 3
    )
    assert ServiceOrder.objects.filter(language="ii", region_path__startswith="510000/513400/").count() >= 2


def test_applicants_in_litang_and_zhaojue_wrote_their_requests_in_tibetan_and_yi_script(reports):
    def written_in(language, county, low, high):
        orders = ServiceOrder.objects.filter(
            language=language, channel="web", region_path__contains=f"/{county}/"
        )
        return [o for o in orders if sum(low <= c <= high for c in o.description) > len(o.description) // 2]

    assert len(written_in("bo", "513334", "\u0f00", "\u0fff")) >= 3  # 理塘县, Tibetan script
    assert len(written_in("ii", "513431", "\ua000", "\ua4cf")) >= 3  # 昭觉县, Yi syllables


def test_wuhou_clerk_has_a_real_queue_and_litang_its_own(reports):
    wuhou = User.objects.get(username="wuhou")
    mine = policy.scope_orders(wuhou, ServiceOrder.objects.all())
    open_mine = mine.filter(status__in=["submitted", "accepted", "in_progress", "suspended", "transferred"])
    assert open_mine.count() >= 20
    assert not mine.filter(region_path__startswith="510000/513300/").exists()
    litang = User.objects.get(username="litang")
    assert policy.scope_orders(litang, ServiceOrder.objects.all()).filter(language="bo").count() >= 3


def test_ratings_of_every_level_and_reviews_for_the_chengdu_supervisor(reports):
    levels = set(Evaluation.objects.values_list("level", flat=True))
    assert levels == {1, 2, 3, 4, 5}
    # Every bad rating reopened its order and opened a review; Chengdu's supervisor sees some.
    bad = Evaluation.objects.filter(level__gte=4)
    assert Review.objects.filter(evaluation__in=bad).count() == bad.count() >= 2
    assert Review.objects.filter(handler_region_path__startswith="510000/510100/").exists()
    reopened = OrderEvent.objects.filter(kind="reopened").values_list("order_id", flat=True)
    assert set(bad.values_list("order_id", flat=True)) <= set(reopened)


def test_overdue_orders_have_automatic_supervision_and_some_are_warned(reports):
    # Every statutory clock that ran out got its automatic supervision (an order whose first clock ran
    # out and was then accepted runs on a later clock now, so its own overdue mark may be clear again).
    # (4 with the seed: notary orders planned as late before acceptance have no clock yet, 公证法第三十条.)
    overdue = ServiceOrder.objects.filter(clocks__overdue_at__isnull=False).distinct()
    assert overdue.count() >= 4
    auto = SupervisionOrder.objects.filter(kind="auto_overdue")
    assert set(auto.values_list("order_id", flat=True)) == set(overdue.values_list("pk", flat=True))
    assert SupervisionOrder.objects.filter(kind="escalation").exists()
    assert SupervisionOrder.objects.filter(status="answered").exists()
    warned_only = ServiceOrder.objects.filter(
        clocks__warned_at__isnull=False, clocks__overdue_at__isnull=True
    )
    assert warned_only.distinct().count() >= 3
    # The replay never writes the future.
    assert not OrderEvent.objects.filter(created_at__gt=NOW + dt.timedelta(hours=1)).exists()


def test_the_printed_tracking_hint_opens_on_the_public_page(reports):
    first, _second = reports
    tracking_no, phone = first.hint
    assert demo_tracking_hint() == (tracking_no, phone)
    order = order_track_public(tracking_no=tracking_no, phone=phone)
    assert order is not None and order.status == "resolved"
    assert order_track_public(tracking_no=tracking_no, phone="13900000000") is None


def test_the_repeat_caller_has_several_orders(reports):
    from fawang.orders.selectors import orders_by_phone

    hotline = User.objects.get(username="hotline")
    assert orders_by_phone(actor=hotline, phone=REPEAT_CALLER_PHONE).count() >= 3
