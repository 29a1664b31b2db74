"""Arbitration's part of the demo (`seed_demo`, `make run`): the Chengdu commission of the demo network
(AC-510100) with its arbitrators on the roster, a DEMO fee table (figures inside the national ranges of
仲裁委员会仲裁收费办法, not any commission's real table), the login `arbitration_chengdu` (its secretary,
password as every demo account), and three cases of the demo citizen made through the real services:
a commercial case awarded (the award PDF in the evidence log), a labour case with its tribunal formed
and a hearing scheduled, and a commercial filing awaiting the acceptance decision. Idempotent; demo
databases only."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from fawang.accounts.enums import Role, UserKind
from fawang.accounts.models import User, UserRole
from fawang.core.calendar import is_workday
from fawang.network.demo import DEMO_PASSWORD
from fawang.network.enums import PractitionerKind
from fawang.network.models import Institution, Practitioner

from .enums import Qualification
from .models import ArbitrationCase, FeeTable, RosterEntry

DEMO_COMMISSION = "AC-510100"
DEMO_LOGIN = "arbitration_chengdu"
DEMO_RATES = [450, 350, 250, 150, 75, 40]
AGREEMENT = "因本合同引起的或与本合同有关的任何争议，均提交成都市仲裁委员会仲裁。"


def arbitration_demo_ensure() -> dict[str, int]:
    from .services import fee_table_create, roster_add

    made = {"roster": 0, "fee_tables": 0, "users": 0, "cases": 0}
    commission = Institution.objects.filter(code=DEMO_COMMISSION).first()
    if commission is None:
        return made
    with transaction.atomic():
        for n, person in enumerate(
            Practitioner.objects.filter(institution=commission, kind=PractitionerKind.ARBITRATOR).order_by(
                "licence_no"
            )
        ):
            if not RosterEntry.objects.filter(practitioner=person).exists():
                heads = (Qualification.LAWYER_8, Qualification.SCHOLAR, Qualification.JUDGE_8)
                roster_add(
                    actor=None, practitioner=person, qualification=heads[n % 3], fields=["合同", "劳动"]
                )
                made["roster"] += 1
        if not FeeTable.objects.filter(commission=commission).exists():
            fee_table_create(
                actor=None,
                commission=commission,
                effective_from=dt.date(2025, 1, 1),
                effective_to=None,
                minimum_fen=10_000,
                rates_bp=DEMO_RATES,
                basis="DEMO：演示用收费表，费率取自《仲裁委员会仲裁收费办法》附件的幅度之内，并非任何仲裁委员会的实际标准",
                is_demo=True,
            )
            made["fee_tables"] = 1
        secretary = User.objects.filter(username=DEMO_LOGIN).first()
        if secretary is None:
            secretary = User(
                username=DEMO_LOGIN,
                display_name="成都仲裁委 办案秘书 吴丽",
                kind=UserKind.STAFF,
                jurisdiction_institution=commission,
            )
            secretary.set_password(DEMO_PASSWORD)
            secretary.save()
            UserRole.objects.create(user=secretary, role=Role.INSTITUTION_STAFF)
            made["users"] = 1
    if not ArbitrationCase.objects.filter(commission=commission).exists():
        made["cases"] = _demo_cases(commission, secretary)
    return made


def _next_workday(day: dt.date) -> dt.date:
    day += dt.timedelta(days=1)
    while not is_workday(day):
        day += dt.timedelta(days=1)
    return day


def _demo_cases(commission: Institution, secretary: User) -> int:
    from fawang.catalog.models import ServiceItem
    from fawang.network.demo import DEMO_CITIZEN_PHONE
    from fawang.orders.engine import order_act
    from fawang.orders.services import order_submit

    from .awards import award_make
    from .services import fee_assess, hearing_book, tribunal_form

    citizen = User.objects.filter(kind=UserKind.CITIZEN, username="citizen").first()
    arbitrators = list(
        RosterEntry.objects.filter(commission=commission).values_list("practitioner_id", flat=True)
    )
    if citizen is None or not arbitrators:
        return 0

    def file(kind: str, description: str, claim: int) -> object:
        details = {"commission": commission.pk, "respondent": "成都某商贸有限公司", "claim_amount_fen": claim}
        if kind == "arbitration":
            details["agreement"] = AGREEMENT
        return order_submit(
            actor=citizen,
            channel="web",
            service_item=ServiceItem.objects.get(code=kind),
            region="510107",
            description=description,
            applicant_kind="citizen",
            applicant_name=citizen.display_name,
            applicant_phone=DEMO_CITIZEN_PHONE,
            applicant=citizen,
            details=details,
        )

    awarded = file("arbitration", "对方拖欠货款八万元，依合同仲裁条款申请仲裁。", 8_000_000)
    order_act(actor=secretary, order=awarded, action="accept")
    fee_assess(actor=secretary, order=awarded, amount_fen=335_500)
    tribunal_form(actor=secretary, order=awarded, mode="sole", members=[(arbitrators[0], "sole", "chair")])
    award_make(
        actor=secretary,
        order=awarded,
        text="一、被申请人于本裁决书送达之日起十日内向申请人支付货款人民币八万元；\n二、本案仲裁费人民币3355元由被申请人承担。\n本裁决为终局裁决，自作出之日起发生法律效力。",
    )
    labour = file("labour_arbitration", "公司拖欠三个月工资共一万二千元。", 1_200_000)
    order_act(actor=secretary, order=labour, action="accept")
    tribunal_form(actor=secretary, order=labour, mode="sole", members=[(arbitrators[-1], "sole", "chair")])
    starts = timezone.make_aware(
        dt.datetime.combine(_next_workday(timezone.localdate() + dt.timedelta(days=3)), dt.time(9, 30))
    )
    hearing_book(actor=secretary, order=labour, starts_at=starts, kind="video")
    file("arbitration", "装修合同纠纷，对方未按期完工。", 15_000_000)
    return 3
