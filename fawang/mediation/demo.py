"""People's mediation's part of the demo (`seed_demo`, `make run`): every demo mediation committee gets
its profile (township committees), the Wuhou committee its clerk `mediation_wuhou` and its mediator
`mediator_wuhou` (password as every demo account), and three disputes the demo citizen (13800000000)
registered there through the real services: one being mediated with a session booked, one with a
written agreement whose thirty days for judicial confirmation run (人民调解法第三十三条), one contract
dispute whose mediation failed, ready to move into arbitration. Idempotent; demo databases only."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from fawang.accounts.enums import Role, UserKind
from fawang.accounts.models import User, UserRole
from fawang.catalog.models import ServiceItem
from fawang.core.calendar import add_working_days
from fawang.core.identity import mobile_index
from fawang.network.demo import DEMO_PASSWORD
from fawang.network.enums import InstitutionKind
from fawang.network.models import Institution, Practitioner

from .enums import ITEM, Action, CommitteeType
from .models import CommitteeProfile, Mediation

CLERK, MEDIATOR = "mediation_wuhou", "mediator_wuhou"
CITIZEN_PHONE = "13800000000"


def _user(username: str, name: str, committee: Institution, role: str) -> User:
    user = User.objects.filter(username=username).first()
    if user is None:
        user = User(
            username=username, display_name=name, kind=UserKind.STAFF, jurisdiction_institution=committee
        )
        user.set_password(DEMO_PASSWORD)
        user.save()
        UserRole.objects.create(user=user, role=role)
    return user


def mediation_demo_ensure() -> dict[str, int]:
    from fawang.disputes.services import session_schedule
    from fawang.orders.engine import order_act
    from fawang.orders.services import order_submit

    from .services import mediation_agree, mediator_assign

    made = {"profiles": 0, "users": 0, "disputes": 0}
    committees = list(Institution.objects.filter(kind=InstitutionKind.MEDIATION_COMMITTEE))
    existing = set(CommitteeProfile.objects.values_list("committee_id", flat=True))
    CommitteeProfile.objects.bulk_create(
        [
            CommitteeProfile(committee=c, type=CommitteeType.TOWNSHIP)
            for c in committees
            if c.pk not in existing
        ]
    )
    made["profiles"] = len([c for c in committees if c.pk not in existing])
    committee = (
        Institution.objects.filter(
            kind=InstitutionKind.MEDIATION_COMMITTEE, region__path__startswith="510000/510100/510107/"
        )
        .order_by("code")
        .first()
    )
    citizen = User.objects.filter(kind=UserKind.CITIZEN, phone_index=mobile_index(CITIZEN_PHONE)).first()
    if committee is None or citizen is None or Mediation.objects.exists():
        return made
    with transaction.atomic():
        before = User.objects.count()
        clerk = _user(CLERK, f"{committee.name} 调解秘书 何琳", committee, Role.INSTITUTION_STAFF)
        mediator_user = _user(MEDIATOR, "人民调解员 罗建国", committee, Role.PRACTITIONER)
        made["users"] = User.objects.count() - before
        mediator, _created = Practitioner.objects.get_or_create(
            licence_no=f"MED-{committee.code}",
            defaults={
                "user": mediator_user,
                "name": "罗建国",
                "kind": "mediator",
                "institution": committee,
                "region": committee.region,
                "languages": ["zh"],
            },
        )
        item = ServiceItem.objects.get(code=ITEM)
        stories = (
            (
                "land",
                "邻居翻修房屋时占用了我家宅基地约两平方米，双方多次协商未果，请村调委会调解。",
                "刘德明",
                "13800019101",
            ),
            ("neighbours", "楼上邻居空调外机滴水，长期滴在我家阳台，请调解。", "赵桂英", "13800019102"),
            (
                "contract",
                "我为同村包工头干了三个月装修，约定的材料款一万二千元一直未结清。",
                "四川某装饰工程有限公司",
                "",
            ),
        )
        orders = []
        for category, text, respondent, phone in stories:
            details = {"committee": committee.pk, "category": category, "respondent_name": respondent}
            if phone:
                details["respondent_phone"] = phone
            else:
                details.update(respondent_kind="organisation", respondent_credit_code="91510100MA61R8XK23")
            order = order_submit(
                actor=citizen,
                channel="web",
                service_item=item,
                region=committee.region,
                description=text,
                applicant_kind="citizen",
                applicant_name=citizen.display_name or "陈小明",
                applicant_phone=CITIZEN_PHONE,
                applicant=citizen,
                details=details,
            )
            order_act(actor=clerk, order=order, action="accept")
            order.refresh_from_db()
            order_act(actor=clerk, order=order, action=Action.BEGIN)
            order.refresh_from_db()
            mediator_assign(actor=clerk, order=order, mediator=mediator.pk)
            order.refresh_from_db()
            orders.append(order)
            made["disputes"] += 1
        day, _p = add_working_days(timezone.localdate(), 2)
        starts = timezone.make_aware(dt.datetime.combine(day, dt.time(9, 30)))
        session_schedule(
            actor=clerk,
            order=orders[1],
            kind="mediation",
            starts_at=starts,
            ends_at=starts + dt.timedelta(hours=2),
            mode="in_person",
            place=f"{committee.name}调解室",
            action="mediation.mediate",
        )
        land = orders[0]
        mediation_agree(
            actor=mediator_user,
            order=land,
            form="written",
            facts="被申请人翻修房屋时越界占用申请人宅基地约两平方米。",
            terms="被申请人于三十日内拆除越界部分并恢复原状，申请人放弃其他请求。",
            signed=list(land.dispute_parties.values_list("pk", flat=True)),
        )
        order_act(
            actor=clerk, order=orders[2], action=Action.FAIL, reason="双方对材料款数额分歧较大，调解不成。"
        )
    return made
