"""A small arbitration world on Sichuan's regions: the bundled catalog (its two arbitration items follow
arbitration's workflows, with their law-table clocks), a Chengdu commission with a DEMO fee table in
force, four arbitrators on its roster, the commission's secretary, another commission's clerk and two
citizens."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace
from typing import Any
from unittest import mock
from zoneinfo import ZoneInfo

import pytest

TZ = ZoneInfo("Asia/Shanghai")


def at(*args: int) -> dt.datetime:
    return dt.datetime(*args, tzinfo=TZ)


def acting_at(moment: dt.datetime) -> Any:
    return mock.patch("django.utils.timezone.now", return_value=moment)


DEMO_RATES = [450, 350, 250, 150, 75, 40]


@pytest.fixture
def arb(sichuan):
    from fawang.accounts.enums import Role
    from fawang.accounts.tests.factories import CitizenFactory, StaffFactory
    from fawang.accounts.tests.minimal_rows import institution, practitioner
    from fawang.arbitration.enums import Qualification
    from fawang.arbitration.services import fee_table_create, roster_add
    from fawang.catalog.services import catalog_load

    catalog_load()
    commission = institution("510100", "成都仲裁委员会", kind="arbitration_commission")
    other = institution("513300", "甘孜仲裁委员会", kind="arbitration_commission")
    fee_table_create(
        actor=None,
        commission=commission,
        effective_from=dt.date(2025, 1, 1),
        effective_to=None,
        minimum_fen=10_000,
        rates_bp=DEMO_RATES,
        basis="DEMO",
        is_demo=True,
    )
    arbitrators = []
    for name in ("王仲", "李裁", "张公", "赵正"):
        person = practitioner(commission, name=name, kind="arbitrator")
        roster_add(actor=None, practitioner=person, qualification=Qualification.LAWYER_8, fields=["合同"])
        arbitrators.append(person)
    secretary = StaffFactory(
        username="arb_secretary", jurisdiction_institution=commission, roles=[Role.INSTITUTION_STAFF]
    )
    secretary.set_password("correct horse battery")
    secretary.save()
    stranger = StaffFactory(
        username="ganzi_arb", jurisdiction_institution=other, roles=[Role.INSTITUTION_STAFF]
    )
    citizen = CitizenFactory(username="chen", display_name="陈小明")
    neighbour = CitizenFactory(username="wang", display_name="王大华", phone="13800000123")
    return SimpleNamespace(
        commission=commission,
        other=other,
        arbitrators=arbitrators,
        secretary=secretary,
        stranger=stranger,
        citizen=citizen,
        neighbour=neighbour,
    )


@pytest.fixture
def file_case(arb):
    """A citizen's application through the order's intake (as the filing page makes it)."""
    from fawang.catalog.models import ServiceItem
    from fawang.orders.services import order_submit

    def _file(
        kind: str = "arbitration", *, now: dt.datetime | None = None, citizen: Any = None, **details: Any
    ):
        citizen = citizen or arb.citizen
        base = {
            "commission": arb.commission.pk,
            "respondent": "成都某商贸有限公司",
            "claim_amount_fen": 8_000_000,
        }
        if kind == "arbitration":
            base["agreement"] = "因本合同引起的争议，提交成都仲裁委员会仲裁。"
        base.update(details)
        return order_submit(
            actor=citizen,
            channel="web",
            service_item=ServiceItem.objects.get(code=kind),
            region="510107",
            description="对方拖欠货款八万元，申请仲裁。",
            applicant_kind="citizen",
            applicant_name=citizen.display_name,
            applicant_phone=citizen.phone,
            applicant=citizen,
            details=base,
            now=now,
        )

    return _file


@pytest.fixture
def formed(arb, file_case):
    """An accepted commercial case with a sole arbitrator appointed by the chair."""
    from fawang.arbitration.services import tribunal_form
    from fawang.orders.engine import order_act

    order = file_case()
    order_act(actor=arb.secretary, order=order, action="accept")
    order.refresh_from_db()
    tribunal_form(
        actor=arb.secretary, order=order, mode="sole", members=[(arb.arbitrators[0].pk, "sole", "chair")]
    )
    order.refresh_from_db()
    return order
