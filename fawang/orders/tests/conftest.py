"""A small network for the orders tests: Chengdu's Wuhou district with its centre and a legal aid
centre; Ganzi's Litang county with its centre and a legal aid centre whose worker speaks Tibetan; the
Ganzi prefecture centre; and two service items (consultation offered by service points, legal aid by
legal aid centres from county level up)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest

from .factories import (
    InstitutionFactory,
    PractitionerFactory,
    RoutingRuleFactory,
    ServiceItemFactory,
    ServicePointFactory,
)


@dataclass
class Network:
    consult: Any
    legal_aid: Any
    wuhou_centre: Any
    wuhou_legal_aid: Any
    litang_centre: Any
    litang_legal_aid: Any
    litang_tibetan_worker: Any
    ganzi_centre: Any


@pytest.fixture
def network(sichuan) -> Network:
    consult = ServiceItemFactory(code="consult", name="法律咨询", time_limit=5)
    legal_aid = ServiceItemFactory(
        code="legal-aid",
        name="法律援助",
        name_en="Legal aid",
        category="legal_aid",
        time_limit=7,
        legal_basis="法律援助法第四十三条",
    )
    RoutingRuleFactory(service_item=consult, handler_kind="service_point", lowest_level="township")
    RoutingRuleFactory(service_item=legal_aid, handler_kind="legal_aid_centre", lowest_level="county")
    wuhou_centre = ServicePointFactory(name="武侯区公共法律服务中心", region_id="510107", items=[consult])
    wuhou_legal_aid = InstitutionFactory(
        name="武侯区法律援助中心", region_id="510107", service_point=wuhou_centre, items=[legal_aid]
    )
    litang_centre = ServicePointFactory(name="理塘县公共法律服务中心", region_id="513334", items=[consult])
    litang_legal_aid = InstitutionFactory(
        name="理塘县法律援助中心", region_id="513334", service_point=litang_centre, items=[legal_aid]
    )
    worker = PractitionerFactory(name="次仁卓玛", institution=litang_legal_aid, languages=["zh", "bo"])
    ganzi_centre = ServicePointFactory(name="甘孜州公共法律服务中心", region_id="513300", items=[consult])
    return Network(
        consult=consult,
        legal_aid=legal_aid,
        wuhou_centre=wuhou_centre,
        wuhou_legal_aid=wuhou_legal_aid,
        litang_centre=litang_centre,
        litang_legal_aid=litang_legal_aid,
        litang_tibetan_worker=worker,
        ganzi_centre=ganzi_centre,
    )


@pytest.fixture
def submit(network):
    """Submit an order with sensible defaults; keyword arguments override them."""
    from fawang.orders.services import order_submit
    from fawang.regions.models import Region

    def _submit(**overrides: Any):
        kwargs: dict[str, Any] = {
            "actor": None,
            "channel": "web",
            "service_item": network.consult,
            "region": Region.objects.get(code="510107001"),
            "description": "公司拖欠三个月工资，想咨询如何维权。",
            "applicant_kind": "anonymous",
            "applicant_phone": "13800138000",
        }
        kwargs.update(overrides)
        return order_submit(**kwargs)

    return _submit
