"""Minimal service orders and service points for the access tests, made directly (the orders
engineer's factories are theirs; these tests only need rows to scope)."""

from __future__ import annotations

import itertools

from django.utils import timezone

from fawang.catalog.models import ServiceItem
from fawang.core.identity import mobile_index, resident_id_index
from fawang.network.models import ServicePoint
from fawang.regions.models import Region

_seq = itertools.count(1)


def service_item() -> ServiceItem:
    item, _ = ServiceItem.objects.get_or_create(
        code="access-test-consult",
        defaults={
            "name": "法律咨询",
            "category": "consultation",
            "time_limit": 5,
            "time_limit_unit": "working_days",
            "legal_basis": "测试",
        },
    )
    return item


def service_order(
    region_code: str, *, applicant=None, phone: str = "13800001111", id_number: str = "", **extra
):
    from fawang.orders.models import ServiceOrder

    region = Region.objects.get(code=region_code)
    n = next(_seq)
    return ServiceOrder.objects.create(
        tracking_no=f"TEST{n:011d}",
        channel=extra.pop("channel", "window"),
        service_item=service_item(),
        applicant_kind="citizen",
        applicant=applicant,
        applicant_name="测试申请人",
        applicant_phone=phone,
        applicant_phone_index=mobile_index(phone) if phone else "",
        applicant_id_number=id_number,
        applicant_id_number_index=resident_id_index(id_number) if id_number else "",
        region=region,
        region_path=region.path,
        handler_region_path=extra.pop("handler_region_path", region.path),
        description="测试",
        submitted_at=timezone.now(),
        **extra,
    )


def service_point(region_code: str, name: str = "") -> ServicePoint:
    region = Region.objects.get(code=region_code)
    return ServicePoint.objects.create(
        name=name or f"{region.name}公共法律服务中心",
        kind="centre",
        level=region.level,
        region=region,
    )


def institution(region_code: str, name: str = "", kind: str = "law_firm"):
    from fawang.network.models import Institution

    n = next(_seq)
    return Institution.objects.create(
        code=f"TEST-{n}", name=name or f"测试律师事务所{n}", kind=kind, region_id=region_code
    )


def practitioner(institution, *, user=None, name: str = "", kind: str = "lawyer"):
    """A practitioner of `institution`, logging in as `user` when given."""
    from fawang.network.models import Practitioner

    n = next(_seq)
    return Practitioner.objects.create(
        user=user,
        name=name or f"律师{n}",
        kind=kind,
        licence_no=f"TEST-LIC-{n}",
        institution=institution,
        region_id=institution.region_id,
    )
