"""A dispute on a throw-away workflow (the base is generic over any workflow): a service item handled
by Wuhou's service point, the Wuhou clerk who handles it, an applicant citizen and a respondent
citizen (each with a verified phone), and a Ganzi clerk who must see nothing."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pytest
from django.utils import timezone

from fawang.core.calendar import TZ

FLOW = "dispute_base_test"
# A fixed "now" before the sessions booked in the tests (and in 2026, whose official calendar is known).
NOW = dt.datetime(2026, 9, 1, 9, 0, tzinfo=TZ)
APPLICANT_ID = "510107198001010013"
RESPONDENT_ID = "510107198502020017"
CREDIT_CODE = "91510100MA61R8XK23"


def valid_id(first17: str) -> str:
    from fawang.core.identity import id_check_digit

    return first17 + id_check_digit(first17)


def valid_credit_code(first17: str) -> str:
    alphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY"
    weights = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
    total = sum(alphabet.index(c) * w for c, w in zip(first17, weights, strict=True))
    return first17 + alphabet[(31 - total % 31) % 31]


@pytest.fixture
def dispute_flow():
    from fawang.disputes.selectors import party_phone_indexes
    from fawang.disputes.workflow_parts import EVENTS
    from fawang.orders import workflow

    flow = workflow.register(
        workflow.Workflow(code=FLOW, label="Dispute base test", events=EVENTS, followers=party_phone_indexes)
    )
    yield flow
    workflow.unregister(FLOW)


@pytest.fixture
def world(sichuan, dispute_flow, wuhou_clerk, ganzi_clerk):
    from fawang.accounts.tests.factories import CitizenFactory
    from fawang.orders.tests.factories import RoutingRuleFactory, ServiceItemFactory, ServicePointFactory

    item = ServiceItemFactory(code="dispute-test", name="纠纷测试", time_limit=30, workflow=FLOW)
    RoutingRuleFactory(service_item=item, handler_kind="service_point", lowest_level="township")
    point = ServicePointFactory(name="武侯区公共法律服务中心", region_id="510107", items=[item])
    applicant = CitizenFactory(
        username="villager", display_name="王大山", phone="13800001111", phone_verified_at=timezone.now()
    )
    respondent = CitizenFactory(
        username="neighbour", display_name="李小河", phone="13800002222", phone_verified_at=timezone.now()
    )
    stranger = CitizenFactory(username="stranger", phone="13800003333", phone_verified_at=timezone.now())
    return SimpleNamespace(
        item=item,
        point=point,
        clerk=wuhou_clerk,
        ganzi=ganzi_clerk,
        applicant=applicant,
        respondent=respondent,
        stranger=stranger,
    )


@pytest.fixture
def dispute(world):
    """An order filed by the applicant with both parties recorded."""
    from fawang.disputes.services import party_add
    from fawang.orders.services import order_submit

    order = order_submit(
        actor=world.applicant,
        channel="web",
        service_item=world.item,
        region="510107",
        description="邻居修房占用了我家的宅基地，要求停止侵害、恢复原状。",
        applicant_kind="citizen",
        applicant_name="王大山",
        applicant_phone=world.applicant.phone,
        applicant=world.applicant,
        now=NOW,
    )
    applicant = party_add(
        actor=world.clerk,
        order=order,
        side="applicant",
        kind="person",
        name="王大山",
        phone="13800001111",
        id_number=APPLICANT_ID,
        address="成都市武侯区簇桥街道1号",
        now=NOW,
    )
    respondent = party_add(
        actor=world.clerk,
        order=order,
        side="respondent",
        kind="person",
        name="李小河",
        phone="13800002222",
        id_number=RESPONDENT_ID,
        now=NOW,
    )
    return SimpleNamespace(order=order, applicant=applicant, respondent=respondent)
