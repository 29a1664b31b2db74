"""Issue 8, item 10: a citizen's pages say where the request went, its time limit and what happens
next, never the routing reason written for staff (nearest point, open-order counts, interpreters) nor
a colleague's note on a transfer."""

import pytest
from django.urls import reverse

from fawang.orders.models import ServiceOrder

from .test_apply_and_track import apply_data, consult  # noqa: F401  (the fixture)

pytestmark = pytest.mark.django_db

STAFF_WORDS = ("最近", "nearest", "在办工单", "翻译")


def test_done_page_names_the_place_the_limit_and_the_next_steps_not_the_routing_reason(client, consult):  # noqa: F811
    response = client.post(reverse("web:apply"), apply_data())
    order = ServiceOrder.objects.get()
    assert order.routing_reason  # the staff's sentence exists ...
    html = client.get(response["Location"]).content.decode()
    assert order.routing_reason not in html  # ... and is not shown to the citizen
    for word in STAFF_WORDS:
        assert word not in html
    assert "武侯区公共法律服务中心" in html  # where it went, by name
    assert "5个工作日" in html  # the time limit
    assert 'data-testid="next-steps"' in html and "短信" in html  # what happens next


def test_tracking_timeline_says_where_the_order_went_not_why(client, consult, wuhou_clerk):  # noqa: F811
    from fawang.orders.services import order_transfer
    from fawang.orders.tests.factories import ServicePointFactory

    client.post(reverse("web:apply"), apply_data())
    order = ServiceOrder.objects.get()
    other = ServicePointFactory(name="成都市公共法律服务中心", region_id="510100", items=[consult])
    order_transfer(actor=wuhou_clerk, order=order, reason="本所人手不足，内部协调转市中心", to_point=other)
    html = client.post(
        reverse("web:track"), {"tracking_no": order.tracking_no, "phone": "13700001234"}
    ).content.decode()
    assert 'data-testid="timeline"' in html
    assert "已分派至武侯区公共法律服务中心" in html
    assert "已转至成都市公共法律服务中心" in html
    assert "本所人手不足" not in html  # the clerk's note on the transfer is for staff
    for word in STAFF_WORDS:
        assert word not in html
