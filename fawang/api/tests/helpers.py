"""Helpers for API tests: a bearer-token client per persona and a small service network around
Chengdu's Wuhou district and Ganzi (built here rather than the whole demo network, so tests stay fast).
Plain functions, not fixtures: call them inside the test."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from django.test import Client


class ApiClient:
    """The Django test client speaking JSON with a bearer token (or anonymously)."""

    def __init__(self, user: Any = None, language: str = "en") -> None:
        headers = {"Accept-Language": language} if language else {}
        if user is not None:
            from fawang.accounts.services import api_token_create

            _token, raw = api_token_create(actor=None, user=user, name="test")
            headers["Authorization"] = f"Bearer {raw}"
        self.headers = headers
        self.client = Client()

    def get(self, path: str, **params: Any) -> Any:
        return self.client.get(path, params, headers=self.headers)

    def post(self, path: str, body: dict[str, Any] | str, *, key: str | None = None, **headers: str) -> Any:
        if key is not None:
            headers["Idempotency-Key"] = key
        data = body if isinstance(body, str) else json.dumps(body, ensure_ascii=False)
        return self.client.post(
            path, data=data, content_type="application/json", headers={**self.headers, **headers}
        )


@dataclass
class Network:
    wuhou_centre: Any
    chengdu_centre: Any
    ganzi_centre: Any
    province_centre: Any


def make_network() -> Network:
    """The catalog, and public legal service centres for the province, Chengdu, Wuhou and Ganzi, each
    offering consultation and complaints (routing sends a Wuhou consultation to the Wuhou centre)."""
    from fawang.catalog.models import ServiceItem
    from fawang.catalog.services import catalog_load
    from fawang.network.enums import ServicePointKind
    from fawang.network.models import ServicePoint
    from fawang.orders.routing import invalidate_routing_index
    from fawang.regions.models import RegionLevel

    catalog_load()
    items = list(ServiceItem.objects.filter(code__in=["consultation", "complaint"]))

    def centre(code: str, name: str, level: str) -> ServicePoint:
        point = ServicePoint.objects.create(
            code=f"T-SP-{code}", name=name, kind=ServicePointKind.CENTRE, level=level, region_id=code
        )
        point.service_items.set(items)
        return point

    network = Network(
        wuhou_centre=centre("510107", "武侯区公共法律服务中心", RegionLevel.COUNTY),
        chengdu_centre=centre("510100", "成都市公共法律服务中心", RegionLevel.PREFECTURE),
        ganzi_centre=centre("513300", "甘孜州公共法律服务中心", RegionLevel.PREFECTURE),
        province_centre=centre("510000", "四川省公共法律服务中心", RegionLevel.PROVINCE),
    )
    invalidate_routing_index()  # the index is per process; these rows are new in this test
    return network


def hotline_order_body(**overrides: Any) -> dict[str, Any]:
    """A caller from Wuhou asking about unpaid wages, as a hotline agent records it."""
    body = {
        "service_item": "consultation",
        "region": "510107",
        "description": "公司拖欠我三个月工资，老板一直推脱，想知道怎么维权。",
        "applicant_kind": "citizen",
        "applicant_name": "陈明",
        "applicant_phone": "13912345678",
        "language": "zh",
        "priority_groups": [],
        "channel": "hotline",
    }
    body.update(overrides)
    return body
