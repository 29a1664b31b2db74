import datetime as dt

import factory

from fawang.network.enums import InstitutionKind, PractitionerKind, RosterDuty, ServicePointKind, Shift
from fawang.network.models import Institution, Practitioner, RosterShift, ServicePoint
from fawang.regions.models import Region


def _region(o):
    return Region.objects.get(code=o.region_code)


class ServicePointFactory(factory.django.DjangoModelFactory):
    """A county centre by default; pass region_code (and level/kind) for another place."""

    class Meta:
        model = ServicePoint

    code = factory.Sequence(lambda n: f"T-SP-{n}")
    name = factory.LazyAttribute(lambda o: f"{o.region.name}公共法律服务中心")
    kind = ServicePointKind.CENTRE
    level = factory.LazyAttribute(lambda o: o.region.level)
    region = factory.LazyAttribute(_region)

    class Params:
        region_code = "510107"


class InstitutionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Institution

    code = factory.Sequence(lambda n: f"T-IN-{n}")
    name = factory.LazyAttribute(lambda o: f"{o.region.name}法律援助中心")
    kind = InstitutionKind.LEGAL_AID_CENTRE
    region = factory.LazyAttribute(_region)

    class Params:
        region_code = "510107"


class PractitionerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Practitioner

    name = factory.Sequence(lambda n: f"律师{n}")
    kind = PractitionerKind.LAWYER
    licence_no = factory.Sequence(lambda n: f"15101201510{n:06d}")
    institution = factory.SubFactory(InstitutionFactory, kind=InstitutionKind.LAW_FIRM)
    region_id = factory.LazyAttribute(lambda o: o.institution.region_id)
    languages = factory.LazyFunction(lambda: ["zh"])


class RosterShiftFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RosterShift

    service_point = factory.SubFactory(ServicePointFactory)
    duty = RosterDuty.DUTY_LAWYER
    date = factory.LazyFunction(lambda: dt.date(2026, 11, 2))
    shift = Shift.MORNING
    practitioner = factory.SubFactory(PractitionerFactory)
