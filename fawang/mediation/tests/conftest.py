"""A small mediation world on Sichuan's regions: the bundled catalog (its `mediation_dispute` item
follows the mediation workflow, with the one-month clock and 人民调解法第三十三条's thirty days), the
people's mediation committee of Chengdu's Wuhou district (a village committee), its clerk and a
mediator who signs in, a villager and their neighbour (verified phones), an arbitration commission."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace
from typing import Any

import pytest
from django.utils import timezone

from fawang.core.calendar import TZ

NOW = dt.datetime(2026, 9, 1, 9, 0, tzinfo=TZ)  # a Tuesday; 2026's official calendar is known
VILLAGER_ID = "510107198001010013"
NEIGHBOUR_ID = "510107198502020017"


@pytest.fixture
def mediation_world(sichuan):
    from fawang.accounts.enums import Role
    from fawang.accounts.tests.factories import CitizenFactory, StaffFactory
    from fawang.accounts.tests.minimal_rows import institution, practitioner
    from fawang.catalog.services import catalog_load
    from fawang.mediation.models import CommitteeProfile

    catalog_load()
    committee = institution("510107", "簇桥街道七里村人民调解委员会", kind="mediation_committee")
    CommitteeProfile.objects.create(committee=committee, type="village")
    other = institution("513334", "理塘县高城镇人民调解委员会", kind="mediation_committee")
    commission = institution("510100", "成都仲裁委员会", kind="arbitration_commission")
    clerk = StaffFactory(
        username="tiaojie", jurisdiction_institution=committee, roles=[Role.INSTITUTION_STAFF]
    )
    mediator_user = StaffFactory(
        username="mediator_li", jurisdiction_institution=committee, roles=[Role.PRACTITIONER]
    )
    mediator = practitioner(committee, user=mediator_user, name="李调解", kind="mediator")
    litang_clerk = StaffFactory(
        username="litang_tj", jurisdiction_institution=other, roles=[Role.INSTITUTION_STAFF]
    )
    villager = CitizenFactory(
        username="villager", display_name="王大山", phone="13800001111", phone_verified_at=timezone.now()
    )
    neighbour = CitizenFactory(
        username="neighbour", display_name="李小河", phone="13800002222", phone_verified_at=timezone.now()
    )
    stranger = CitizenFactory(username="stranger", phone="13800003333", phone_verified_at=timezone.now())
    return SimpleNamespace(
        committee=committee,
        other=other,
        commission=commission,
        clerk=clerk,
        mediator=mediator,
        mediator_user=mediator_user,
        litang_clerk=litang_clerk,
        villager=villager,
        neighbour=neighbour,
        stranger=stranger,
    )


@pytest.fixture
def register(mediation_world):
    """A dispute registered through the order's intake (as the apply page makes it)."""
    from fawang.catalog.models import ServiceItem
    from fawang.orders.services import order_submit

    def _register(category: str = "neighbours", *, now: dt.datetime = NOW, **details: Any):
        w = mediation_world
        return order_submit(
            actor=w.villager,
            channel="web",
            service_item=ServiceItem.objects.get(code="mediation_dispute"),
            region="510107",
            description="邻居李小河修房占用了我家宅基地约两平方米，请求调解。",
            applicant_kind="citizen",
            applicant_name="王大山",
            applicant_phone=w.villager.phone,
            applicant_id_number=VILLAGER_ID,
            applicant=w.villager,
            details={
                "committee": w.committee.pk,
                "category": category,
                "respondent_name": "李小河",
                "respondent_phone": "13800002222",
                "respondent_id_number": NEIGHBOUR_ID,
                **details,
            },
            now=now,
        )

    return _register


@pytest.fixture
def mediating(mediation_world, register):
    """A registered dispute, accepted and being mediated."""
    from fawang.mediation.enums import Action
    from fawang.orders.engine import order_act

    def _mediating(category: str = "neighbours", now: dt.datetime = NOW):
        order = register(category, now=now)
        order_act(actor=mediation_world.clerk, order=order, action="accept")
        order.refresh_from_db()
        order_act(actor=mediation_world.clerk, order=order, action=Action.BEGIN)
        order.refresh_from_db()
        return order

    return _mediating


def agree(world, order, *, form: str = "written", now: dt.datetime | None = None):
    from fawang.mediation.services import mediation_agree

    parties = list(order.dispute_parties.all())
    return mediation_agree(
        actor=world.clerk,
        order=order,
        form=form,
        facts="李小河修房越界占用王大山宅基地约两平方米。",
        terms="李小河于2026年10月31日前拆除越界部分，恢复原状。",
        signed=[p.pk for p in parties] if form == "written" else [],
        now=now,
    )
