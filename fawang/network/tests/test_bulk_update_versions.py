"""A bulk QuerySet.update() on the network's models moves their `updated_at` (core.models.StampedQuerySet),
so the routing index's version check (fawang/orders/routing.py) notices a change made that way, in
this process or another, without a signal."""

from __future__ import annotations

from fawang.network.models import Institution, ServicePoint
from fawang.orders import routing
from fawang.orders.tests.conftest import network  # noqa: F401 (the small network fixture)


def test_a_bulk_update_of_a_service_point_rebuilds_the_routing_index(network, settings):  # noqa: F811
    settings.FAWANG_ROUTING_INDEX_TTL = 0  # check the version on every read
    index = routing.get_routing_index()
    assert routing.get_routing_index() is index
    ServicePoint.objects.filter(pk=network.litang_centre.pk).update(is_active=False)
    assert routing.get_routing_index() is not index


def test_a_bulk_update_that_sets_its_own_timestamp_keeps_it(network):  # noqa: F811
    from django.utils import timezone

    stamp = timezone.now() - timezone.timedelta(days=3)
    Institution.objects.filter(pk=network.wuhou_legal_aid.pk).update(
        name="武侯区法律援助中心", updated_at=stamp
    )
    assert Institution.objects.get(pk=network.wuhou_legal_aid.pk).updated_at == stamp
