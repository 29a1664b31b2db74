"""Personas and a case in handling for the case log and quality review tests: a legal aid lawyer of
Wuhou's legal aid centre assigned to the case, a colleague of hers, the centre's staff and a Chengdu
supervisor who reviews."""

from __future__ import annotations

import pytest

from fawang.accounts.enums import Role
from fawang.accounts.tests.factories import StaffFactory
from fawang.legalaid.assignment import aid_practitioner_enrol
from fawang.legalaid.models import AidPractitioner
from fawang.orders.engine import order_act
from fawang.orders.models import ServiceOrder
from fawang.orders.tests.factories import PractitionerFactory


def lawyer_account(network, name: str, username: str, region: str | None = None):
    """A practitioner's account and the practitioner it logs in as. Without a region it reaches only
    the cases assigned to it; with one (a peer reviewer of the district) the district's cases too."""
    user = StaffFactory(
        username=username, display_name=name, jurisdiction_region_id=region, roles=[Role.PRACTITIONER]
    )
    practitioner = PractitionerFactory(name=name, institution=network.wuhou_legal_aid, user=user)
    return user, practitioner


@pytest.fixture
def lawyer(network):
    return lawyer_account(network, "王律师", "lawyer_wang")


@pytest.fixture
def colleague(network):
    return lawyer_account(network, "赵律师", "lawyer_zhao")


@pytest.fixture
def peer(network):
    return lawyer_account(network, "刘律师", "lawyer_liu", region="510107")


@pytest.fixture
def supervisor(sichuan):
    return StaffFactory(
        username="chengdu_supervisor",
        display_name="成都市司法局 评查员",
        jurisdiction_region_id="510100",
        roles=[Role.SUPERVISOR],
    )


@pytest.fixture
def handling(apply, wuhou_clerk, lawyer):
    """A wage claim granted, assigned to the lawyer and started: the case log's starting point.
    The assignment engine (item 4) is built elsewhere; here the lawyer is set on the order as it will."""

    def _handling(**details):
        order = apply(details or None)
        if not AidPractitioner.objects.filter(practitioner=lawyer[1]).exists():
            aid_practitioner_enrol(actor=None, practitioner=lawyer[1], matter_types=["civil", "criminal"])
        order_act(actor=wuhou_clerk, order=order, action="accept")
        order_act(actor=wuhou_clerk, order=order, action="legal_aid_assign", reason="王律师，劳动争议")
        ServiceOrder.objects.filter(pk=order.pk).update(assigned_practitioner=lawyer[1])
        order.refresh_from_db()
        order_act(actor=lawyer[0], order=order, action="start")
        assert (order.status, order.stage) == ("in_progress", "handling")
        return order

    return _handling
