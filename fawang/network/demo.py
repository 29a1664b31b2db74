"""Demo accounts for `make run`: one per persona, all with the same published password. Never run
this against a production database (seed_demo refuses when DEBUG is off unless forced)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from fawang.accounts.enums import Role, UserKind
from fawang.accounts.models import User, UserRole
from fawang.core.identity import mobile_index, normalise_mobile

from .enums import PractitionerKind, RosterDuty
from .models import Institution, Practitioner, RosterShift, ServicePoint
from .services import ROSTER_DAYS, ROSTER_SHIFTS

DEMO_PASSWORD = "fawang-demo-2026"
DEMO_CITIZEN_PHONE = "13800000000"


@dataclass(frozen=True)
class DemoLogin:
    username: str
    display_name: str
    roles: tuple[str, ...]
    region_code: str | None
    point_code: str | None = None  # the service point the account works at
    superuser: bool = False
    admin_site: bool = False  # may open /admin/ (network back office)
    practitioner: str | None = None  # how to find the practitioner record this account logs in as
    note: str = ""


DEMO_LOGINS: tuple[DemoLogin, ...] = (
    DemoLogin(
        "admin",
        "省厅管理员",
        (Role.PROVINCIAL_ADMIN,),
        "510000",
        "SP-510000",
        superuser=True,
        admin_site=True,
    ),
    DemoLogin("hotline", "12348 坐席 王芳", (Role.HOTLINE_AGENT,), "510000", "SP-510000"),
    DemoLogin(
        "wuhou",
        "武侯区窗口 李娜",
        (Role.COUNTY_STAFF, Role.WINDOW_CLERK),
        "510107",
        "SP-510107",
        admin_site=True,
    ),
    DemoLogin(
        "litang",
        "",  # takes the name of the Tibetan-speaking legal aid worker it logs in as
        (Role.COUNTY_STAFF, Role.WINDOW_CLERK),
        "513334",
        "SP-513334",
        admin_site=True,
        practitioner="bo@LA-513334",
        note="speaks Tibetan",
    ),
    DemoLogin("ganzi", "甘孜州中心 格桑", (Role.PREFECTURE_STAFF,), "513300", "SP-513300", admin_site=True),
    DemoLogin("chengdu_sup", "成都市督办 张强", (Role.SUPERVISOR,), "510100"),
    DemoLogin("ganzi_sup", "甘孜州督办 扎西", (Role.SUPERVISOR,), "513300"),
    DemoLogin("analyst", "数据分析 刘洋", (Role.ANALYST,), "510000"),
    DemoLogin("lawyer_wuhou", "", (Role.PRACTITIONER,), None, practitioner="lawyer@510107"),
)
DEMO_CITIZEN = DemoLogin("citizen", "陈小明", (), "510107", note=f"phone {DEMO_CITIZEN_PHONE}")


def _find_practitioner(spec: str) -> Practitioner | None:
    """'bo@LA-513334': first Tibetan speaker of that institution; 'lawyer@510107': first lawyer there."""
    what, where = spec.split("@")
    qs = Practitioner.objects.order_by("licence_no")
    if what == PractitionerKind.LAWYER:
        return qs.filter(kind=PractitionerKind.LAWYER, region_id=where).first()
    return next((p for p in qs.filter(institution__code=where) if what in p.languages), None)


@transaction.atomic
def demo_users_ensure(*, password: str = DEMO_PASSWORD) -> dict[str, int]:
    """Create the demo accounts that are missing (run network_generate_demo first). Existing accounts
    keep their password, so a rerun is cheap and changes nothing."""
    created = 0
    points = dict(ServicePoint.objects.filter(code__startswith="SP-").values_list("code", "id"))
    for login in (*DEMO_LOGINS, DEMO_CITIZEN):
        if User.objects.filter(username=login.username).exists():
            continue
        practitioner = _find_practitioner(login.practitioner) if login.practitioner else None
        user = User(
            username=login.username,
            display_name=login.display_name or (practitioner.name if practitioner else login.username),
            kind=UserKind.CITIZEN if login is DEMO_CITIZEN else UserKind.STAFF,
            jurisdiction_region_id=login.region_code if login is not DEMO_CITIZEN else None,
            service_point_id=points.get(login.point_code) if login.point_code else None,
            is_superuser=login.superuser,
            is_staff=login.admin_site,
        )
        if login is DEMO_CITIZEN:
            phone = normalise_mobile(DEMO_CITIZEN_PHONE)
            user.phone = phone  # encrypted at rest by EncryptedTextField
            user.phone_index = mobile_index(phone)
            user.phone_verified_at = timezone.now()
        if practitioner is not None and login.region_code is None:
            # A lawyer sees the work of their own firm, not the whole district.
            user.jurisdiction_institution = Institution.objects.get(pk=practitioner.institution_id)
        user.set_password(password)
        user.save()
        UserRole.objects.bulk_create([UserRole(user=user, role=r) for r in login.roles])
        if practitioner is not None:
            practitioner.user = user
            practitioner.save(update_fields=["user", "updated_at"])
        created += 1
    _ensure_hotline_shifts()
    return {"users_created": created}


def _ensure_hotline_shifts() -> None:
    """The demo hotline agent holds a seat at the provincial centre every morning of the roster."""
    user = User.objects.filter(username="hotline").first()
    point = ServicePoint.objects.filter(code="SP-510000").first()
    if user is None or point is None:
        return
    today = timezone.localdate()
    for n in range(ROSTER_DAYS):
        RosterShift.objects.get_or_create(
            service_point=point,
            duty=RosterDuty.HOTLINE_SEAT,
            date=today + dt.timedelta(days=n),
            shift=ROSTER_SHIFTS[0],
            staff=user,
        )
