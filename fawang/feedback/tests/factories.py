"""Service orders at the point where feedback begins: resolved by a handler, waiting for a rating.

Rows are made directly (routing and time limits are the orders app's business and tested there);
`resolved_order` then calls the same hook `order_resolve` calls."""

from __future__ import annotations

import datetime as dt

import factory
from django.utils import timezone

from fawang.catalog.enums import LimitUnit, ServiceCategory
from fawang.catalog.models import ServiceItem
from fawang.core.identity import mobile_index, normalise_mobile
from fawang.network.enums import ServicePointKind
from fawang.network.models import ServicePoint
from fawang.orders.enums import ApplicantKind, Channel, OrderStatus
from fawang.orders.models import ServiceOrder
from fawang.orders.tracking import new_tracking_number
from fawang.regions.models import Region


class ServiceItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ServiceItem
        django_get_or_create = ("code",)

    code = "consultation-general"
    name = "法律咨询"
    category = ServiceCategory.CONSULTATION
    time_limit = 5
    time_limit_unit = LimitUnit.WORKING_DAYS
    legal_basis = "《公共法律服务平台建设规范》"
    feedback_window_days = 15


class ServicePointFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ServicePoint

    name = factory.LazyAttribute(lambda o: f"{o.region.name}公共法律服务中心")
    kind = ServicePointKind.CENTRE
    level = factory.LazyAttribute(lambda o: o.region.level)
    region = factory.LazyFunction(lambda: Region.objects.get(code="510107"))


def _tracking_no() -> str:
    return new_tracking_number(today=timezone.localdate())


class ServiceOrderFactory(factory.django.DjangoModelFactory):
    """An order of a citizen in Wuhou district, handled by the Wuhou county centre."""

    class Meta:
        model = ServiceOrder

    tracking_no = factory.LazyFunction(_tracking_no)
    channel = Channel.WEB
    service_item = factory.SubFactory(ServiceItemFactory)
    applicant_kind = ApplicantKind.CITIZEN
    applicant_name = "陈明"
    applicant_phone = "13912345678"
    applicant_phone_index = factory.LazyAttribute(
        lambda o: mobile_index(normalise_mobile(o.applicant_phone)) if o.applicant_phone else ""
    )
    region = factory.LazyFunction(lambda: Region.objects.get(code="510107"))
    region_path = factory.LazyAttribute(lambda o: o.region.path)
    description = "单位拖欠工资三个月，想咨询如何维权。"
    status = OrderStatus.IN_PROGRESS
    assigned_point = factory.SubFactory(ServicePointFactory, region=factory.SelfAttribute("..region"))
    handler_region_path = factory.LazyAttribute(lambda o: o.assigned_point.region.path)
    submitted_at = factory.LazyFunction(lambda: timezone.now() - dt.timedelta(days=3))


def resolved_order(*, actor=None, resolved_at: dt.datetime | None = None, **kwargs) -> ServiceOrder:
    """An order just resolved, with the feedback hook run as `order_resolve` runs it."""
    from fawang.feedback.services import feedback_on_order_resolved

    order = ServiceOrderFactory(
        status=OrderStatus.RESOLVED,
        resolution="已告知申请人可向劳动保障监察机构投诉并申请劳动仲裁。",
        resolved_at=resolved_at or timezone.now(),
        **kwargs,
    )
    feedback_on_order_resolved(order=order, actor=actor)
    return order
