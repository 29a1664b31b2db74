"""Notary's part of the demo (`seed_demo`, `make run`): the matters list with its DEMO fees, every demo
notary office offering every matter, appointment times for the next five working days at two Chengdu
offices (at the office and by video), and the login `notary_chengdu` (staff of 四川省成都市蜀都公证处,
password as every demo account). Idempotent; demo databases only."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from fawang.accounts.enums import Role, UserKind
from fawang.accounts.models import User, UserRole
from fawang.core.calendar import is_workday
from fawang.network.demo import DEMO_PASSWORD
from fawang.network.enums import InstitutionKind
from fawang.network.models import Institution, Practitioner

from .enums import SlotKind
from .models import NotaryMatter, Slot
from .services import matter_offices_set, matters_load

DEMO_OFFICES = ("NO-510100-1", "NO-510100-2")  # 蜀都, 天府
DEMO_LOGIN = "notary_chengdu"
HOURS = ((9, SlotKind.VISIT), (10, SlotKind.VISIT), (14, SlotKind.VISIT), (15, SlotKind.VIDEO))


def notary_demo_ensure(*, today: dt.date | None = None) -> dict[str, int]:
    today = today or timezone.localdate()
    made = {"matters": 0, "slots": 0, "users": 0}
    with transaction.atomic():
        made["matters"] = matters_load()
        offices = list(Institution.objects.filter(kind=InstitutionKind.NOTARY_OFFICE))
        for matter in NotaryMatter.objects.all():
            matter_offices_set(matter=matter, offices=offices)
        day, days = today, 0
        while days < 5:
            day += dt.timedelta(days=1)
            if not is_workday(day):
                continue
            days += 1
            for code in DEMO_OFFICES:
                office = Institution.objects.filter(code=code).first()
                if office is None:
                    continue
                notary = Practitioner.objects.filter(institution=office).order_by("licence_no").first()
                for hour, kind in HOURS:
                    starts = timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))
                    _slot, created = Slot.objects.get_or_create(
                        office=office,
                        notary=notary,
                        starts_at=starts,
                        defaults={"ends_at": starts + dt.timedelta(minutes=45), "kind": kind},
                    )
                    made["slots"] += int(created)
        office = Institution.objects.filter(code=DEMO_OFFICES[0]).first()
        if office is not None and not User.objects.filter(username=DEMO_LOGIN).exists():
            user = User(
                username=DEMO_LOGIN,
                display_name="蜀都公证处 周静",
                kind=UserKind.STAFF,
                jurisdiction_institution=office,
            )
            user.set_password(DEMO_PASSWORD)
            user.save()
            UserRole.objects.create(user=user, role=Role.INSTITUTION_STAFF)
            made["users"] = 1
    return made
