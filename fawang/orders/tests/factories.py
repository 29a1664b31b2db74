"""Factories for the service network and orders (the orders tests build small networks with these)."""

from __future__ import annotations

import datetime as dt

import factory
from django.utils import timezone

from fawang.catalog.models import RoutingRule, ServiceItem
from fawang.network.models import Institution, Practitioner, RosterShift, ServicePoint
from fawang.regions.models import Region


class ServiceItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ServiceItem

    code = factory.Sequence(lambda n: f"item-{n}")
    name = "法律咨询"
    category = "consultation"
    time_limit = 5
    time_limit_unit = "working_days"
    legal_basis = "《公共法律服务事项清单》"


class RoutingRuleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RoutingRule

    service_item = factory.SubFactory(ServiceItemFactory)
    handler_kind = "service_point"
    lowest_level = "township"
    priority = 10


class ServicePointFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ServicePoint
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"公共法律服务中心{n}")
    kind = "centre"
    level = factory.LazyAttribute(lambda o: Region.objects.get(code=o.region_id).level)
    region_id = "510107"

    @factory.post_generation
    def items(self, create, extracted, **kwargs):
        if create and extracted:
            self.service_items.add(*extracted)


class InstitutionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Institution
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"法律援助中心{n}")
    kind = "legal_aid_centre"
    region_id = "510107"

    @factory.post_generation
    def items(self, create, extracted, **kwargs):
        if create and extracted:
            self.service_items.add(*extracted)


class PractitionerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Practitioner

    name = factory.Sequence(lambda n: f"执业者{n}")
    kind = "legal_aid_worker"
    licence_no = factory.Sequence(lambda n: f"L{n:010d}")
    institution = factory.SubFactory(InstitutionFactory)
    region_id = factory.LazyAttribute(lambda o: o.institution.region_id)
    languages = factory.LazyFunction(lambda: ["zh"])


class RosterShiftFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RosterShift

    service_point = factory.SubFactory(ServicePointFactory)
    duty = "duty_lawyer"
    shift = "morning"


def working_day_deadline(working_days: int = 3) -> dt.datetime:
    """17:30 on the n-th working day from today on the official calendar: a supervision deadline a
    supervisor may set (a weekend or holiday is refused)."""
    from fawang.core.calendar import TZ, add_working_days

    day, _provisional = add_working_days(timezone.localdate(), working_days)
    return dt.datetime.combine(day, dt.time(17, 30), tzinfo=TZ)
