"""Consultation's part of the demo (`seed_demo`, `make run`): a duty lawyer of Wuhou (`duty_wuhou`) on
the Wuhou centre's duty roster for the next 30 days, a Tibetan-speaking duty lawyer in Litang
(`duty_litang`), a reviewer (`reviewer`), the expert panel (two experts, its administrator, a
government body asking), a few questions waiting, answered and published, and an expert request.
Every account's password is the demo one. Idempotent; demo databases only."""

from __future__ import annotations

import contextlib
import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import timezone

from fawang.accounts.enums import Role, UserKind
from fawang.accounts.models import User, UserRole
from fawang.core.errors import DomainError
from fawang.network.enums import PractitionerKind, RosterDuty, Shift
from fawang.network.models import Practitioner, RosterShift, ServicePoint

from .enums import ITEM, ExpertField
from .models import Expert, ExpertRequest

ROSTER_DAYS = 30
QUESTIONS = (
    ("包工头拖欠我们十几个人半年工资，电话13800019111，我们该找谁？", "510107", "zh"),
    ("房东不退押金，合同上写的是押一付三，现在说墙面弄脏了要扣两千，合理吗？", "510107", "zh"),
    ("ང་ཚོའི་ལས་ཀའི་གླ་ཆ་ཟླ་བ་གསུམ་རིང་མ་སྤྲད། ཅི་བྱེད་དགོས།", "513334", "bo"),
)


def _account(
    username: str, display_name: str, roles: tuple[str, ...], region: str | None, password: str
) -> tuple[User, bool]:
    user = User.objects.filter(username=username).first()
    if user is not None:
        return user, False
    user = User(
        username=username, display_name=display_name, kind=UserKind.STAFF, jurisdiction_region_id=region
    )
    user.set_password(password)
    user.save()
    UserRole.objects.bulk_create([UserRole(user=user, role=r) for r in roles])
    return user, True


def _duty_lawyer(
    username: str, region: str, language: str, password: str, made: dict[str, int]
) -> User | None:
    """An account for a lawyer of `region` who speaks `language`, on the duty roster of its centre."""
    user = User.objects.filter(username=username).first()
    practitioner = (
        Practitioner.objects.filter(user=user).first()
        if user is not None
        else Practitioner.objects.filter(
            kind__in=(PractitionerKind.LAWYER, PractitionerKind.LEGAL_AID_WORKER),
            region_id=region,
            user__isnull=True,
        )
        .filter(languages__icontains=f'"{language}"')
        .order_by("licence_no")
        .first()
    )
    point = ServicePoint.objects.filter(code=f"SP-{region}").first()
    if practitioner is None or point is None:
        return None
    if user is None:
        user, created = _account(username, practitioner.name, (Role.PRACTITIONER,), region, password)
        made["accounts"] += created
        practitioner.user = user
        practitioner.save(update_fields=["user", "updated_at"])
    today = timezone.localdate()
    for n in range(ROSTER_DAYS):
        _shift, created = RosterShift.objects.get_or_create(
            service_point=point,
            duty=RosterDuty.DUTY_LAWYER,
            date=today + dt.timedelta(days=n),
            shift=Shift.MORNING,
            practitioner=practitioner,
        )
        made["shifts"] += created
    return user


def consult_demo_ensure(*, password: str | None = None) -> dict[str, int]:
    from fawang.network.demo import DEMO_PASSWORD

    password = password or DEMO_PASSWORD
    made = {"accounts": 0, "shifts": 0, "experts": 0, "questions": 0, "expert_requests": 0}
    with transaction.atomic():
        duty = _duty_lawyer("duty_wuhou", "510107", "zh", password, made)
        _duty_lawyer("duty_litang", "513334", "bo", password, made)
        reviewer, created = _account("reviewer", "答复审核 周敏", (Role.ANSWER_REVIEWER,), "510000", password)
        made["accounts"] += created
        if created:
            _demo_guide(reviewer)
        gov, created = _account(
            "gov_chengdu", "成都市人民政府办公厅", (Role.GOVERNMENT_BODY,), None, password
        )
        made["accounts"] += created
        _admin, created = _account("panel_admin", "专家团秘书处 何静", (Role.PANEL_ADMIN,), None, password)
        made["accounts"] += created
        for username, name, title, fields in (
            (
                "expert_wang",
                "王教授",
                "四川大学法学院教授",
                [ExpertField.ADMINISTRATIVE, ExpertField.CONSTITUTIONAL],
            ),
            ("expert_li", "李律师", "四川某律师事务所主任", [ExpertField.CIVIL, ExpertField.LABOUR]),
        ):
            user, created = _account(username, name, (Role.EXPERT,), None, password)
            made["accounts"] += created
            _e, created = Expert.objects.get_or_create(
                user=user, defaults={"name": name, "title": title, "fields": list(fields)}
            )
            made["experts"] += created
        if duty is not None:
            made["questions"] = _questions(duty, reviewer)
        if not ExpertRequest.objects.exists():
            from .services import expert_request_submit

            expert_request_submit(
                actor=gov,
                body_name="成都市人民政府",
                field=ExpertField.ADMINISTRATIVE,
                subject="关于城中村改造征收补偿方案合法性的咨询",
                question="拟出台的补偿方案对未登记建筑按50%补偿，是否符合《国有土地上房屋征收与补偿条例》？请出具书面法律意见。",
                deadline=timezone.localdate() + dt.timedelta(days=10),
            )
            made["expert_requests"] = 1
    return made


def _questions(duty: User, reviewer: User) -> int:
    """Three questions from the portal: one answered, rated and published, two waiting."""
    from fawang.catalog.models import ServiceItem
    from fawang.orders.engine import order_act
    from fawang.orders.services import order_submit
    from fawang.regions.models import Region

    from .models import Consultation

    item = ServiceItem.objects.filter(code=ITEM, workflow="consultation").first()
    if item is None or Consultation.objects.exists():
        return 0
    made: list[Any] = []
    for text, region, language in QUESTIONS:
        made.append(
            order_submit(
                actor=None,
                channel="web",
                service_item=item,
                region=Region.objects.get(code=region),
                description=text,
                applicant_kind="citizen",
                applicant_name="演示用户",
                applicant_phone="13800019111",
                language=language,
            )
        )
    first = made[0]
    order_act(actor=duty, order=first, action="consult_take")
    from .services import consultation_answer, consultation_publish

    consultation_answer(
        actor=duty,
        order=first,
        resolution="您好：可以先向当地人力资源和社会保障部门（劳动保障监察）投诉；也可以向劳动人事争议仲裁委员会申请仲裁，"
        "农民工讨薪可申请法律援助，无需经济困难审查（法律援助法第四十二条）。",
    )
    from fawang.feedback.services import evaluation_submit

    evaluation_submit(actor=None, order=first, level=1, channel="web", phone="13800019111")
    # A refusal (nothing to cite in a bare knowledge base ...) leaves the answer waiting for review.
    with contextlib.suppress(DomainError):
        consultation_publish(actor=reviewer, order=first, domain="labour")
    return len(made)


def _demo_guide(author) -> None:
    """A staff guide the reviewer wrote and sent for review (issue 13): the provincial administrator
    reviews it on /knowledge/guides/ (four eyes: never the author)."""
    from fawang.knowledge.guides import guide_save, guide_submit

    guide = guide_save(
        actor=author,
        guide=None,
        title="接听农民工讨薪来电的要点",
        body="1. 问清用工单位名称、工作地点和拖欠的月数与金额；\n2. 告知可向劳动保障监察投诉，也可申请劳动仲裁；"
        "\n3. 农民工请求支付劳动报酬申请法律援助，不受经济困难条件限制（法律援助法第四十二条）；\n4. 记下来电人愿意的联系方式，"
        "不要在记录里写身份证号。",
        domain="labour",
        references="",
    )
    guide_submit(actor=author, guide=guide)
