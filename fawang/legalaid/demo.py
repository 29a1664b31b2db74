"""Legal aid's part of the demo (`seed_demo`, `make run`): the DEMO hardship standards of the
prefectures (法律援助法第三十四条) and the DEMO subsidy standard of the province (第五十二条), each
labelled DEMO in its source, so the eligibility check and the subsidy pages work; lawyers and legal aid
workers of the demo network on the legal aid panel, and a duty-lawyer station at the Wuhou district
court with a week's roster (法律援助法第十四条), so the assignment pages have someone to suggest.
Idempotent; demo databases only."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from fawang.network.enums import RosterDuty, ServicePointKind, Shift
from fawang.network.models import Institution, Practitioner, RosterShift, ServicePoint
from fawang.regions.models import Region

from .assignment import PANEL_KINDS, aid_practitioner_enrol, duty_station_create
from .enums import DutyHost, Matter, MatterType
from .models import AidPractitioner, DutyStation
from .services import hardship_standards_load_demo
from .subsidies import subsidy_standards_load_demo

PANEL_REGIONS = ("510107", "510100", "513300", "513400")  # Wuhou (the demo lawyer), Chengdu, Ganzi, Liangshan
PER_REGION = 25
STATION_CODE = "DS-510107-COURT"


def legal_aid_demo_ensure(*, today: dt.date | None = None) -> dict[str, int]:
    """Load the DEMO hardship and subsidy standards, enrol up to 25 lawyers and legal aid workers per
    demo prefecture, and the duty station with a roster for the next seven days. Returns what was
    created."""
    today = today or timezone.localdate()
    made = {"hardship_standards": 0, "subsidy_standards": 0, "panel": 0, "stations": 0, "shifts": 0}
    with transaction.atomic():
        if Region.objects.filter(code="510000").exists():  # the standards name Sichuan's regions
            made["hardship_standards"] = hardship_standards_load_demo()
            made["subsidy_standards"] = subsidy_standards_load_demo()
        for code in PANEL_REGIONS:
            region = Region.objects.filter(code=code).first()
            if region is None:
                continue
            people = Practitioner.objects.filter(
                kind__in=PANEL_KINDS, region__path__startswith=region.path
            ).order_by("licence_no")[:PER_REGION]
            for p in people:
                if AidPractitioner.objects.filter(practitioner=p).exists():
                    continue
                types = [MatterType.CIVIL] + ([MatterType.CRIMINAL] if p.pk % 2 == 0 else [])
                types += [MatterType.ADMINISTRATIVE] if p.pk % 3 == 0 else []
                matters = [Matter.WAGES, Matter.WORK_INJURY] if p.pk % 2 else [Matter.DOMESTIC_VIOLENCE]
                aid_practitioner_enrol(actor=None, practitioner=p, matter_types=types, matters=matters)
                made["panel"] += 1
        wuhou = Region.objects.filter(code="510107").first()
        if wuhou is None:
            return made
        point = ServicePoint.objects.filter(code=STATION_CODE).first()
        if point is None:
            point = ServicePoint.objects.create(
                code=STATION_CODE,
                name="武侯区人民法院值班律师工作站",
                kind=ServicePointKind.STATION,
                level=wuhou.level,
                region=wuhou,
                address="成都市武侯区（演示）",
            )
        station = DutyStation.objects.filter(service_point=point).first()
        if station is None:
            centre = Institution.objects.filter(kind="legal_aid_centre", region=wuhou).first()
            station = duty_station_create(
                actor=None,
                service_point=point,
                host=DutyHost.COURT,
                host_name="成都市武侯区人民法院",
                centre=centre,
            )
            made["stations"] += 1
        lawyers = list(
            Practitioner.objects.filter(
                legal_aid_panel__isnull=False, region__path__startswith=wuhou.path
            ).order_by("pk")[:3]
        )
        for n in range(7):
            day = today + dt.timedelta(days=n)
            if not lawyers or RosterShift.objects.filter(service_point=point, date=day).exists():
                continue
            RosterShift.objects.create(
                service_point=point,
                duty=RosterDuty.DUTY_LAWYER,
                date=day,
                shift=Shift.MORNING,
                practitioner=lawyers[n % len(lawyers)],
            )
            made["shifts"] += 1
    return made
