"""A Ganzi clerk reads Ganzi's audit trail, not Chengdu's; the province reads all of it."""

import pytest

from fawang.accounts.enums import Role
from fawang.accounts.tests.factories import StaffFactory
from fawang.accounts.tests.minimal_rows import service_order
from fawang.audit.selectors import audit_entries_for_actor
from fawang.audit.services import audit_record


@pytest.fixture
def trail(wuhou_clerk, ganzi_clerk):
    wuhou_order, kangding_order = service_order("510107"), service_order("513301")
    return {
        "wuhou": audit_record(
            actor=wuhou_clerk, action="order.accept", entity=wuhou_order, before=None, after=None
        ),
        "kangding": audit_record(
            actor=None, action="order.overdue", entity=kangding_order, before=None, after=None
        ),
        "wuhou_user": audit_record(
            actor=None, action="user.change", entity=wuhou_clerk, before=None, after=None
        ),
        "kangding_order": kangding_order,
    }


def test_ganzi_clerk_sees_only_ganzi_entries(ganzi_clerk, trail):
    assert set(audit_entries_for_actor(ganzi_clerk)) == {trail["kangding"]}
    assert list(audit_entries_for_actor(ganzi_clerk, entity=trail["kangding_order"])) == [trail["kangding"]]


def test_wuhou_clerk_sees_own_order_entries_not_ganzis(wuhou_clerk, trail):
    assert set(audit_entries_for_actor(wuhou_clerk)) == {trail["wuhou"]}


def test_province_sees_all_but_a_prefecture_admin_does_not(trail, sichuan):
    province = StaffFactory(jurisdiction_region_id="510000", roles=[Role.PROVINCIAL_ADMIN])
    ganzi_admin = StaffFactory(jurisdiction_region_id="513300", roles=[Role.PROVINCIAL_ADMIN])
    assert set(audit_entries_for_actor(province)) == {trail["wuhou"], trail["kangding"], trail["wuhou_user"]}
    assert set(audit_entries_for_actor(ganzi_admin)) == {trail["kangding"]}


def test_citizens_and_analysts_read_no_audit_trail(citizen, trail, sichuan):
    analyst = StaffFactory(jurisdiction_region_id="510000", roles=[Role.ANALYST])
    assert not audit_entries_for_actor(citizen).exists()
    assert not audit_entries_for_actor(analyst).exists()
